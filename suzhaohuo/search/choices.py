from django.db import models
from django.utils.translation import gettext_lazy as _


class CoordSystem(models.TextChoices):
    WGS84 = "wgs84", _("WGS-84（GPS）")
    GCJ02 = "gcj02", _("GCJ-02（国内手机地图）")

from django.db import models
from django.utils.translation import gettext_lazy as _


class DispatchTier(models.IntegerChoices):
    HIRED_BEFORE = 1, _("用过且评价好的零工")
    TOP_NEARBY = 2, _("附近的认证或高评分零工")
    MATCHING_NEARBY = 3, _("附近匹配的零工")
    STATION = 4, _("零工服务站点推送")


class DispatchStatus(models.TextChoices):
    SENT = "sent", _("已推送")
    DEFERRED = "deferred", _("免打扰时段，稍后推送")
    CAPPED = "capped", _("已达当日推送上限")
    DROPPED = "dropped", _("岗位已结束，未推送")

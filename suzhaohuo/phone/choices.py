from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    VOICE = "voice", _("电话")
    WEB = "web", _("网页")


class Direction(models.TextChoices):
    IN = "in", _("收到")
    OUT = "out", _("回复")


class CallbackOutcome(models.TextChoices):
    CALLED_BACK = "called_back", _("已回电")
    RESOLVED = "resolved", _("已解决")
    UNREACHABLE = "unreachable", _("多次未接通")

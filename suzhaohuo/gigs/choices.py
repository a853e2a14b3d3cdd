from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    INVITED = "invited", _("已邀请")
    ACCEPTED = "accepted", _("已录用，待签协议")
    SIGNED = "signed", _("协议已签署")
    CHECKED_IN = "checked_in", _("已到岗")
    COMPLETED = "completed", _("已完工")
    PAID = "paid", _("已付款")
    CONFIRMED = "confirmed", _("工人已确认收款")
    RATED = "rated", _("已互评")
    DECLINED = "declined", _("未录用")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到岗")
    WITHDRAWN = "withdrawn", _("已撤回报名")

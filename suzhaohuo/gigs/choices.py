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


# States in which the worker holds a place on the job (counted against the headcount).
HOLDING_STATES = frozenset({
    EngagementStatus.ACCEPTED, EngagementStatus.SIGNED, EngagementStatus.CHECKED_IN, EngagementStatus.COMPLETED,
    EngagementStatus.PAID, EngagementStatus.CONFIRMED, EngagementStatus.RATED,
})
# States in which the worker is committed to turn up (used for the overlapping-dates check).
COMMITTED_STATES = frozenset({EngagementStatus.ACCEPTED, EngagementStatus.SIGNED, EngagementStatus.CHECKED_IN})
# The work was done.
DONE_STATES = frozenset({EngagementStatus.COMPLETED, EngagementStatus.PAID, EngagementStatus.CONFIRMED,
                         EngagementStatus.RATED})
OPEN_STATES = frozenset({EngagementStatus.APPLIED, EngagementStatus.INVITED}) | HOLDING_STATES - {
    EngagementStatus.RATED}


class Party(models.TextChoices):
    WORKER = "worker", _("零工")
    EMPLOYER = "employer", _("用工主体")
    SYSTEM = "system", _("系统")
    STAFF = "staff", _("工作人员")


class PayMethod(models.TextChoices):
    CASH = "cash", _("现金")
    WECHAT = "wechat", _("微信")
    ALIPAY = "alipay", _("支付宝")
    BANK = "bank", _("银行转账")
    OTHER = "other", _("其他")


class DisputeKind(models.TextChoices):
    COMPLETION = "completion", _("对完工记录有异议")
    PAYMENT = "payment", _("对付款记录有异议")


class WageAlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")

from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.kernel.states import (  # noqa: F401 - re-exported for the gigs models
    COMMITTED_STATES,
    DONE_STATES,
    HOLDING_STATES,
    OPEN_STATES,
    EngagementStatus,
)


class Party(models.TextChoices):
    WORKER = "worker", _("零工")
    EMPLOYER = "employer", _("用工主体")
    SYSTEM = "system", _("系统")
    STAFF = "staff", _("工作人员")


class CheckinMethod(models.TextChoices):
    CODE = "code", _("输入到岗码")
    QR = "qr", _("扫到岗二维码")
    EMPLOYER = "employer", _("用工方确认")


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

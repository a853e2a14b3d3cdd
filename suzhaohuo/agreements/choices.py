from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    PENDING = "pending", _("待签署")
    SEALED = "sealed", _("已生效")


class AgreementKind(models.TextChoices):
    SERVICE = "service", _("零工服务协议")
    MEDIATION = "mediation", _("调解协议书")


class SignerRole(models.TextChoices):
    WORKER = "worker", _("零工（乙方）")
    EMPLOYER = "employer", _("用工主体（甲方）")


class SignatureMethod(models.TextChoices):
    SMS_OTP = "sms_otp", _("短信验证码")


class ChainEntryKind(models.TextChoices):
    AGREEMENT_SEALED = "agreement_sealed", _("协议生效")
    DOCUMENT_SEALED = "document_sealed", _("其他文书签章")  # registered document kinds (verification.register_kind)


class VerifyOutcome(models.TextChoices):
    AUTHENTIC = "authentic", _("真实、未被修改")
    CHANGED = "changed", _("文件已被修改")
    PENDING = "pending", _("协议尚未生效")
    UNKNOWN = "unknown", _("未找到协议")
    BROKEN = "broken", _("平台记录校验未通过")
    TAMPERED = "tampered", _("平台存档文件已被篡改")

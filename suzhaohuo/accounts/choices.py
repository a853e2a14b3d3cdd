from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.kernel.roles import STAFF_ROLES, Role

__all__ = ["STAFF_ROLES", "ConsentKind", "OtpPurpose", "Role"]


class OtpPurpose(models.TextChoices):
    LOGIN = "login", _("登录")
    SIGN_AGREEMENT = "sign_agreement", _("签署协议")


class ConsentKind(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", _("隐私政策")
    SHARE_WITH_EMPLOYER = "share_with_employer", _("向用工方提供个人信息")
    SENSITIVE_ID = "sensitive_id", _("处理身份证件信息")
    LOCATION = "location", _("使用位置信息")

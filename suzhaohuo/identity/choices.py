from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("未认证")
    PENDING = "pending", _("待核验")
    VERIFIED = "verified", _("已认证")
    REJECTED = "rejected", _("未通过")
    EXPIRED = "expired", _("已过期，需重新认证")


class VerificationMethod(models.TextChoices):
    IN_PERSON = "in_person", _("站点工作人员现场核验")
    REMOTE = "remote", _("在线核验服务")


class EmployerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业/个体工商户")
    INDIVIDUAL = "individual", _("个人/家庭")

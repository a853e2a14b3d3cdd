from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("零工劳动者")
    EMPLOYER = "employer", _("用工主体")
    STATION_STAFF = "station_staff", _("零工服务站点工作人员")
    DEPARTMENT_OPERATOR = "department_operator", _("部门岗位征集员")
    AGENCY_OPERATOR = "agency_operator", _("第三方机构操作员")
    REGULATOR = "regulator", _("监管人员")
    MEDIATOR = "mediator", _("调解员")
    TRAINING_PROVIDER = "training_provider", _("培训机构")
    ADMIN = "admin", _("系统管理员")


STAFF_ROLES = frozenset(r for r in Role if r not in (Role.WORKER, Role.EMPLOYER))


class OtpPurpose(models.TextChoices):
    LOGIN = "login", _("登录")
    SIGN_AGREEMENT = "sign_agreement", _("签署协议")


class ConsentKind(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", _("隐私政策")
    SHARE_WITH_EMPLOYER = "share_with_employer", _("向用工方提供个人信息")
    SENSITIVE_ID = "sensitive_id", _("处理身份证件信息")
    LOCATION = "location", _("使用位置信息")

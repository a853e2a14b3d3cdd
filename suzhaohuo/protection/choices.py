from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    OCCUPATIONAL_INJURY = "occupational_injury", _("新就业形态职业伤害保障")
    ACCIDENT = "accident", _("商业意外伤害保险")


class PremiumBasis(models.TextChoices):
    PER_ORDER = "per_order", _("按单")
    PER_DAY = "per_day", _("按天")
    PER_JOB = "per_job", _("按次（每份工作）")


class Payer(models.TextChoices):
    PLATFORM = "platform", _("平台企业缴纳")
    EMPLOYER = "employer", _("用工方缴纳")
    GOVERNMENT = "government", _("政府补贴")


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("投保中")
    ACTIVE = "active", _("已生效")
    FAILED = "failed", _("投保失败，正在重试")
    GAVE_UP = "gave_up", _("投保未成功，已转人工处理")
    CANCELLED = "cancelled", _("已撤销")


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", _("已报案，待转交保险机构")
    FORWARDED = "forwarded", _("保险机构已受理")
    APPROVED = "approved", _("已核定赔付")
    REJECTED = "rejected", _("不予赔付")
    WITHDRAWN = "withdrawn", _("已撤回")


CLAIM_OPEN = frozenset({ClaimStatus.REPORTED, ClaimStatus.FORWARDED})
CLAIM_DECIDED = frozenset({ClaimStatus.APPROVED, ClaimStatus.REJECTED})

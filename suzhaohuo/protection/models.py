"""Insurance per job and engagement: products and city rules as data, enrolments issued through an insurer
adapter, and claims (报案) tracked to a decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.protection.choices import ClaimStatus, EnrolmentStatus, Payer, PremiumBasis, ProductKind


class InsuranceProduct(TimeStampedModel):
    """A cover the platform can enrol workers in. Amounts are data (example values in demo), not code."""

    code = models.SlugField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=24, choices=ProductKind.choices)
    insurer_name = models.CharField(_("承保机构"), max_length=80)
    adapter = models.CharField(_("对接方式"), max_length=16, default="local",
                               help_text=_("settings.PROTECTION_INSURERS 中的名称，如 local、http"))
    # category-code prefixes the product may be chosen for; empty = every category
    category_prefixes = models.JSONField(_("适用类别（编码前缀）"), default=list, blank=True)
    premium = models.DecimalField(_("保费/缴费（元）"), max_digits=8, decimal_places=2)
    premium_basis = models.CharField(_("计费方式"), max_length=16, choices=PremiumBasis.choices)
    sum_insured = models.DecimalField(_("保险金额（元）"), max_digits=12, decimal_places=2)
    medical_limit = models.DecimalField(_("医疗费用限额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    payer = models.CharField(_("缴费方"), max_length=16, choices=Payer.choices)
    active = models.BooleanField(_("可投保"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("保障产品")
        verbose_name_plural = _("保障产品")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, category_code: str) -> bool:
        prefixes = self.category_prefixes or []
        return not prefixes or any(category_code == p or category_code.startswith(f"{p}.") for p in prefixes)


class CoverRule(models.Model):
    """A city's rule: postings in these categories must carry this cover (e.g. the 职业伤害保障 pilot)."""

    city_code = models.CharField(_("城市区划代码"), max_length=4, db_index=True)
    category_prefix = models.CharField(_("类别编码（前缀）"), max_length=32)
    product = models.ForeignKey(InsuranceProduct, on_delete=models.PROTECT, related_name="rules",
                                verbose_name=_("必须投保的产品"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("强制投保规则")
        verbose_name_plural = _("强制投保规则")
        ordering = ["city_code", "category_prefix", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.city_code} {self.category_prefix} → {self.product_id}"


class Enrolment(TimeStampedModel):
    """One worker insured for one engagement's dates. Unique per engagement: enrolment is idempotent."""

    engagement = models.OneToOneField("gigs.Engagement", on_delete=models.PROTECT, related_name="enrolment",
                                      verbose_name=_("用工记录"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments",
                               verbose_name=_("被保险人"))
    product = models.ForeignKey(InsuranceProduct, on_delete=models.PROTECT, related_name="enrolments",
                                verbose_name=_("产品"))
    status = models.CharField(_("状态"), max_length=16, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.PENDING, db_index=True)
    idempotency_key = models.CharField(_("投保请求编号"), max_length=64, unique=True)
    policy_number = models.CharField(_("保单号"), max_length=64, blank=True, db_index=True)
    cover_start = models.DateField(_("保障起期"))
    cover_end = models.DateField(_("保障止期"))
    premium_total = models.DecimalField(_("保费合计（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    payer = models.CharField(_("缴费方"), max_length=16, choices=Payer.choices)
    township_code = models.CharField(_("工作地乡镇代码"), max_length=12, db_index=True)
    category_code = models.CharField(_("岗位类别"), max_length=32, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("下次重试"), null=True, blank=True, db_index=True)
    enrolled_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投保记录")
        verbose_name_plural = _("投保记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.policy_number or f"{_('投保记录')} #{self.pk}"


class Claim(TimeStampedModel):
    """报案: an injury reported against an enrolment, forwarded to the insurer and tracked to a decision."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="claims",
                                  verbose_name=_("投保记录"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims",
                               verbose_name=_("报案人"))
    incident_date = models.DateField(_("出险日期"))
    place = models.CharField(_("出险地点"), max_length=200)
    description = models.TextField(_("经过"), max_length=1000)
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED,
                              db_index=True)
    insurer_reference = models.CharField(_("保险机构案件号"), max_length=64, blank=True)
    forward_attempts = models.PositiveSmallIntegerField(_("转交次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    amount = models.DecimalField(_("核定赔付金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    decision_note = models.CharField(_("核定说明"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("核定时间"), null=True, blank=True)
    # set when the employer disputes the claim and a dispute case is opened (the disputes app owns the case)
    dispute_case_ref = models.CharField(_("关联争议案件编号"), max_length=64, blank=True)
    township_code = models.CharField(_("工作地乡镇代码"), max_length=12, db_index=True)

    class Meta:
        verbose_name = _("报案")
        verbose_name_plural = _("报案")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{_('报案')} #{self.pk}"


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="photos", verbose_name=_("报案"))
    image = models.FileField(_("照片"), upload_to="claims/%Y/%m/")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报案照片")
        verbose_name_plural = _("报案照片")


    def __str__(self) -> str:
        return str(self.image.name or "")

class ClaimEvent(models.Model):
    """The claim's history: every step from report to decision."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events", verbose_name=_("报案"))
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报案进展")
        verbose_name_plural = _("报案进展")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.status}"

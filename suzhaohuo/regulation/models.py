"""Sanctions, appeals, the 异常名录, licence register, referrals between regulators, and risk detection."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.regulation.choices import (
    AppealStatus,
    ListingKey,
    Organisation,
    ReferralStatus,
    RiskFamily,
    RiskFlagStatus,
    SanctionKind,
    SanctionStatus,
    SubjectType,
)


class Sanction(TimeStampedModel):
    """One decision against an employer/agency, a data source, an account or a single posting."""

    kind = models.CharField(_("处理类型"), max_length=24, choices=SanctionKind.choices)
    subject_type = models.CharField(_("对象类型"), max_length=16, choices=SubjectType.choices)
    subject_id = models.BigIntegerField(_("对象编号"))
    subject_name = models.CharField(_("对象名称"), max_length=128)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    reason = models.TextField(_("理由"))
    # [{"type": "complaint"|"finding"|"job"|"case"|"link", "ref": "...", "label": "..."}]
    evidence = models.JSONField(_("证据"), default=list, blank=True)
    correction_required = models.TextField(_("整改要求"), blank=True)
    correction_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    correction_report = models.TextField(_("整改情况说明"), blank=True)
    correction_reported_at = models.DateTimeField(_("整改报告时间"), null=True, blank=True)
    correction_verified_at = models.DateTimeField(_("整改核验时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("决定人"))
    starts_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=SanctionStatus.choices,
                              default=SanctionStatus.ACTIVE, db_index=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("解除人"))
    lift_reason = models.CharField(_("解除原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("监管处理")
        verbose_name_plural = _("监管处理")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "status"], name="sanction_subject_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_name}"

    def in_force(self, now: object = None) -> bool:
        now = now or timezone.now()
        return (self.status == SanctionStatus.ACTIVE and self.starts_at <= now  # type: ignore[operator]
                and (self.ends_at is None or self.ends_at > now))  # type: ignore[operator]


class Appeal(TimeStampedModel):
    """申诉: the sanctioned party contests a decision; decided with reasons, like a complaint."""

    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="appeals",
                                 verbose_name=_("监管处理"))
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("申诉人"))
    statement = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED,
                              db_index=True)
    decision_reason = models.TextField(_("处理意见"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("处理人"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sanction} · {self.get_status_display()}"


class AbnormalListing(TimeStampedModel):
    """异常名录: keyed hash of a USCC or resident ID (never the clear number), with reason and period."""

    key_type = models.CharField(_("标识类型"), max_length=16, choices=ListingKey.choices)
    key_hash = models.CharField(_("标识索引"), max_length=64, db_index=True)
    masked_key = models.CharField(_("标识（脱敏）"), max_length=32)
    name = models.CharField(_("名称/姓名"), max_length=128, blank=True)
    reason = models.TextField(_("列入原因"))
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    starts_at = models.DateTimeField(_("列入时间"), default=timezone.now)
    ends_at = models.DateTimeField(_("移出时间"), null=True, blank=True)
    listed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("列入人"))
    removed_at = models.DateTimeField(_("提前移出时间"), null=True, blank=True)
    sanction = models.ForeignKey(Sanction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("对应处理"))

    class Meta:
        verbose_name = _("异常名录")
        verbose_name_plural = _("异常名录")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_key_type_display()} {self.masked_key}"


class LicenceRecord(models.Model):
    """One row of the 人力资源服务许可证 register (imported from the issuing bureau's spreadsheet)."""

    number = models.CharField(_("许可证编号"), max_length=64, unique=True)
    holder_name = models.CharField(_("持证机构"), max_length=128)
    valid_until = models.DateField(_("有效期至"))
    issuer = models.CharField(_("发证机关"), max_length=128, blank=True)
    revoked = models.BooleanField(_("已注销/吊销"), default=False)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("人力资源服务许可证")
        verbose_name_plural = _("人力资源服务许可证登记册")

    def __str__(self) -> str:
        return self.number


class ReverificationReminder(models.Model):
    """A reminder (or the expiry notice) sent to a recruitment account, once per stage and period."""

    employer_id = models.BigIntegerField(_("用工主体"), db_index=True)
    stage = models.CharField(_("阶段"), max_length=16)  # "30d" | "7d" | "expired"
    due_at = models.DateTimeField(_("复核到期"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("复核提醒")
        verbose_name_plural = _("复核提醒")
        constraints = [models.UniqueConstraint(fields=["employer_id", "stage", "due_at"], name="reverify_once")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.stage}"


class Membership(models.Model):
    """Which regulatory organisation a regulator account works for (its region is the account's scope)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regulator_org",
                                verbose_name=_("账号"))
    organisation = models.CharField(_("机构"), max_length=16, choices=Organisation.choices)

    class Meta:
        verbose_name = _("监管机构成员")
        verbose_name_plural = _("监管机构成员")

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_organisation_display()}"


class Referral(TimeStampedModel):
    """线索移送: a case file sent from one regulator to another, with time limits and outcome feedback."""

    from_org = models.CharField(_("移送机构"), max_length=16, choices=Organisation.choices)
    to_org = models.CharField(_("接收机构"), max_length=16, choices=Organisation.choices)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    subject_name = models.CharField(_("涉及对象"), max_length=128)
    summary = models.TextField(_("线索摘要"))
    # [{"type": "complaint"|"job"|"finding"|"sanction"|"evidence", "ref": "...", "label": "..."}]
    case_file = models.JSONField(_("案卷材料"), default=list, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("移送人"))
    status = models.CharField(_("状态"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT,
                              db_index=True)
    ack_due_at = models.DateTimeField(_("签收期限"))
    answer_due_at = models.DateTimeField(_("答复期限"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("签收人"))
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("答复人"))
    outcome = models.TextField(_("处理结果"), blank=True)
    closed_at = models.DateTimeField(_("结果反馈时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("线索移送")
        verbose_name_plural = _("线索移送")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_from_org_display()}→{self.get_to_org_display()} {self.subject_name}"

    def overdue(self, now: object = None) -> str:
        """'' or which time limit has passed: 'ack' or 'answer'."""
        now = now or timezone.now()
        if self.acknowledged_at is None and self.ack_due_at < now:  # type: ignore[operator]
            return "ack"
        if self.answered_at is None and self.answer_due_at < now:  # type: ignore[operator]
            return "answer"
        return ""


class RiskRule(models.Model):
    """A detection rule with its threshold and weight as data (editable by administrators)."""

    code = models.CharField(_("规则编码"), max_length=48, unique=True)
    family = models.CharField(_("类别"), max_length=16, choices=RiskFamily.choices)
    label = models.CharField(_("名称"), max_length=100)
    threshold = models.DecimalField(_("阈值"), max_digits=10, decimal_places=2)
    weight = models.PositiveIntegerField(_("分值"), default=10)
    window_hours = models.PositiveIntegerField(_("统计时段（小时）"), default=24 * 30)
    throttle = models.BooleanField(_("命中即限流"), default=False)
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("风险规则")
        verbose_name_plural = _("风险规则")
        ordering = ["family", "code"]

    def __str__(self) -> str:
        return self.label


class RiskFlag(TimeStampedModel):
    """An account in the risk queue: score and the evidence behind each signal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("账号"))
    family = models.CharField(_("类别"), max_length=16, choices=RiskFamily.choices)
    score = models.PositiveIntegerField(_("风险分"), default=0, db_index=True)
    # [{"code", "label", "value", "threshold", "weight", "evidence": [...]}]
    signals = models.JSONField(_("命中信号"), default=list)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=RiskFlagStatus.choices,
                              default=RiskFlagStatus.OPEN, db_index=True)
    note = models.CharField(_("处理说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("风险线索")
        verbose_name_plural = _("风险队列")
        ordering = ["-score", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "family"], name="riskflag_user_family")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.family} {self.score}"


class Throttle(models.Model):
    """An account throttled at once by a scraping signal: reveals refused until ``until``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("账号"))
    reason = models.CharField(_("原因"), max_length=300)
    until = models.DateTimeField(_("限流至"), db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("提前解除"), null=True, blank=True)

    class Meta:
        verbose_name = _("限流")
        verbose_name_plural = _("限流")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.until:%Y-%m-%d %H:%M}"


class RiskEvent(models.Model):
    """A signal observed elsewhere and kept for the detector (a fee complaint upheld, a deep search page)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("账号"))
    code = models.CharField(_("信号"), max_length=48, db_index=True)
    ref = models.CharField(_("关联记录"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("风险事件")
        verbose_name_plural = _("风险事件")

    def __str__(self) -> str:
        return f"{self.user_id} {self.code}"

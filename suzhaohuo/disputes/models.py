"""Complaints (投诉举报) and labour-dispute cases (劳动争议/劳务纠纷): mediation, arbitration tracking, the
statutory clock and payment follow-up. Writes go through disputes.services only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.fields import EncryptedTextField
from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.disputes.choices import (
    ArbitrationOutcome,
    ArbitrationStatus,
    CaseSource,
    CaseStatus,
    ClockKind,
    ComplaintCategory,
    ComplaintStatus,
    ContactPreference,
    EvidenceKind,
    FailureReason,
    HandlerKind,
    MediationResult,
    OrganisationKind,
    PauseReason,
    PaymentSource,
)

USER = settings.AUTH_USER_MODEL


class Organisation(models.Model):
    """A mediation organisation (乡镇调解委员会 / 驿站调解室) or a 劳动人事争议仲裁院, with its region."""

    kind = models.CharField(_("类型"), max_length=16, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("调解/仲裁机构")
        verbose_name_plural = _("调解/仲裁机构")
        ordering = ["kind", "region_code", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="disputes_org_kind_name_unique")]

    def __str__(self) -> str:
        return self.name


class Complaint(TimeStampedModel):
    lookup_code: str = ""  # set on the instance returned to an anonymous reporter, never stored (only its hash)

    number = models.CharField(_("编号"), max_length=24, unique=True)
    category = models.CharField(_("类别"), max_length=24, choices=ComplaintCategory.choices, db_index=True)
    description = models.TextField(_("情况说明"))
    complainant = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints",
                                    verbose_name=_("投诉人"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    contact_preference = models.CharField(_("回复方式"), max_length=8, choices=ContactPreference.choices,
                                          default=ContactPreference.IN_APP)
    contact_mobile = EncryptedTextField(_("联系电话（加密）"), blank=True, default="")
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name=_("岗位"))
    employer = models.ForeignKey("identity.Employer", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("用工主体"))
    engagement = models.ForeignKey("gigs.Engagement", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("用工记录"))
    agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("协议"))
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True, blank=True)
    handler_kind = models.CharField(_("处理部门"), max_length=12, choices=HandlerKind.choices, db_index=True)
    status = models.CharField(_("状态"), max_length=12, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED, db_index=True)
    ack_due_at = models.DateTimeField(_("应受理回复时间"), db_index=True)
    acknowledged_at = models.DateTimeField(_("受理回复时间"), null=True, blank=True)
    handler = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("经办人"))
    decision_reason = models.CharField(_("受理/不予受理说明"), max_length=500, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    upheld = models.BooleanField(_("投诉属实"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="duplicates", verbose_name=_("合并到"))
    ip_hash = models.CharField(_("来源标识"), max_length=64, blank=True)
    lookup_hash = models.CharField(_("查询码（散列）"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class Case(TimeStampedModel):
    """One labour dispute: parties, claim, evidence, mediation, arbitration, payment follow-up, timeline."""

    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    source = models.CharField(_("来源"), max_length=16, choices=CaseSource.choices)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.APPLIED,
                              db_index=True)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    # parties
    worker = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="dispute_cases",
                               verbose_name=_("申请人（零工）"))
    worker_name = models.CharField(_("申请人姓名"), max_length=64)
    worker_mobile = EncryptedTextField(_("申请人电话（加密）"), blank=True, default="")
    employer = models.ForeignKey("identity.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="dispute_cases", verbose_name=_("被申请人（用工主体）"))
    employer_name = models.CharField(_("被申请人名称"), max_length=128)
    engagement = models.ForeignKey("gigs.Engagement", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("用工记录"))
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases",
                                  verbose_name=_("来源投诉"))
    wage_alert_id = models.PositiveBigIntegerField(_("来源欠薪预警"), null=True, blank=True)
    registered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("登记人"))
    consent_note = models.CharField(_("当事人授权说明"), max_length=300, blank=True)
    # claim
    claim_amount = models.DecimalField(_("请求金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    claim_items = models.JSONField(_("请求事项"), default=list, blank=True)
    claim_text = models.TextField(_("事实与理由"))
    claim_arose_on = models.DateField(_("争议发生日期"), null=True, blank=True)
    # mediation
    mediation_org = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("调解组织"))
    mediator = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("调解员"))
    mediation_accepted_on = models.DateField(_("调解受理日期"), null=True, blank=True, db_index=True)
    mediation_extension_days = models.PositiveSmallIntegerField(_("双方同意延长调解天数"), default=0)
    mediation_closed_on = models.DateField(_("调解结束日期"), null=True, blank=True, db_index=True)
    mediation_result = models.CharField(_("调解结果"), max_length=12, choices=MediationResult.choices, blank=True,
                                        db_index=True)
    failure_reason = models.CharField(_("调解不成原因"), max_length=24, choices=FailureReason.choices, blank=True)
    failure_note = models.CharField(_("调解不成说明"), max_length=500, blank=True)
    mediation_agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+", verbose_name=_("调解协议书"))
    decline_reason = models.CharField(_("不予受理理由"), max_length=500, blank=True)
    # arbitration
    arbitration_status = models.CharField(_("仲裁进度"), max_length=12, choices=ArbitrationStatus.choices,
                                          blank=True, db_index=True)
    arbitration_org = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("仲裁院"))
    arbitration_case_no = models.CharField(_("仲裁案号"), max_length=64, blank=True)
    arbitration_applied_on = models.DateField(_("申请仲裁日期"), null=True, blank=True)
    arbitration_accepted_on = models.DateField(_("仲裁受理日期"), null=True, blank=True, db_index=True)
    arbitration_rejected_on = models.DateField(_("不予受理日期"), null=True, blank=True)
    arbitration_extension_days = models.PositiveSmallIntegerField(_("裁决期限延长天数"), default=0)
    hearing_dates = models.JSONField(_("开庭日期"), default=list, blank=True)
    arbitration_outcome = models.CharField(_("仲裁结果"), max_length=16, choices=ArbitrationOutcome.choices,
                                           blank=True)
    arbitration_award_on = models.DateField(_("裁决/调解书日期"), null=True, blank=True)
    arbitration_closed_on = models.DateField(_("仲裁结案日期"), null=True, blank=True, db_index=True)
    arbitration_clerk = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                          verbose_name=_("仲裁院经办人"))
    # the end
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    close_note = models.CharField(_("结案说明"), max_length=500, blank=True)
    employer_flagged = models.BooleanField(_("已标记用工主体拒不履行"), default=False)

    class Meta:
        verbose_name = _("劳动争议案件")
        verbose_name_plural = _("劳动争议案件")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    """The case timeline: every step, who took it, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("案件"))
    kind = models.CharField(_("事项"), max_length=32)
    text = models.CharField(_("说明"), max_length=500)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("案件记录")
        verbose_name_plural = _("案件记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class MediationSession(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("案件"))
    held_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    remote = models.BooleanField(_("远程调解"), default=False)
    attendees = models.CharField(_("参加人员"), max_length=300)
    record = models.TextField(_("调解记录"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("记录人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("调解会")
        verbose_name_plural = _("调解会")
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_at:%Y-%m-%d}"


class ClockPause(models.Model):
    """A recorded stop of a statutory clock, only for reasons the law allows (PauseReason)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("案件"))
    clock = models.CharField(_("期限"), max_length=12, choices=ClockKind.choices)
    reason = models.CharField(_("原因"), max_length=16, choices=PauseReason.choices)
    started_on = models.DateField(_("起"))
    ended_on = models.DateField(_("止"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("记录人"))

    class Meta:
        verbose_name = _("期限中止")
        verbose_name_plural = _("期限中止")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reason} {self.started_on}"


class Evidence(models.Model):
    """Evidence of a case or attachments of a complaint: platform records linked (not copied) by reference,
    or an uploaded file stored outside the web root."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence",
                             verbose_name=_("案件"))
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="evidence", verbose_name=_("投诉"))
    kind = models.CharField(_("类型"), max_length=12, choices=EvidenceKind.choices)
    label = models.CharField(_("说明"), max_length=200)
    ref = models.CharField(_("关联记录"), max_length=64, blank=True)
    file_path = models.CharField(_("文件位置"), max_length=300, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("提交人"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.label


class PaymentItem(models.Model):
    """A sum agreed (调解协议) or awarded, its due date and fulfilment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments", verbose_name=_("案件"))
    source = models.CharField(_("依据"), max_length=12, choices=PaymentSource.choices)
    item = models.CharField(_("事项"), max_length=100)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    due_on = models.DateField(_("履行期限"))
    paid_on = models.DateField(_("履行日期"), null=True, blank=True)
    paid_amount = models.DecimalField(_("已付金额"), max_digits=10, decimal_places=2, null=True, blank=True)
    via_platform = models.BooleanField(_("通过平台登记"), default=False)

    class Meta:
        verbose_name = _("履行事项")
        verbose_name_plural = _("履行事项")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class Reminder(models.Model):
    """One due/overdue notification already sent (so the periodic task sends each once)."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")

    def __str__(self) -> str:
        return self.key

"""Complaint categories, case states, and the vocabulary of mediation and arbitration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintCategory(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("欠薪/拖欠报酬")
    FAKE_JOB = "fake_job", _("虚假招聘")
    DISCRIMINATION = "discrimination", _("就业歧视")
    FEE = "fee", _("收取费用/押金")
    BLACK_INTERMEDIARY = "black_intermediary", _("黑中介")
    ID_WITHHELD = "id_withheld", _("扣押证件")
    PRIVACY = "privacy", _("泄露个人信息")
    SAFETY = "safety", _("安全事故")
    OTHER = "other", _("其他")


class HandlerKind(models.TextChoices):
    MEDIATOR = "mediator", _("劳动争议调解")
    REGULATOR = "regulator", _("人力资源市场监管")


# Wage and agreement matters go to mediators; market-order matters (postings, fees, discrimination,
# intermediaries, withheld papers, privacy, safety) go to regulators. "other" follows its subject:
# about an engagement or agreement → mediators, else regulators.
MEDIATOR_CATEGORIES = frozenset({ComplaintCategory.WAGE_ARREARS})


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已收到，待受理")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("处理中")
    REJECTED = "rejected", _("不予受理")
    CLOSED = "closed", _("已办结")


COMPLAINT_OPEN = frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED, ComplaintStatus.IN_PROGRESS})


class ContactPreference(models.TextChoices):
    IN_APP = "in_app", _("站内消息")
    SMS = "sms", _("短信")
    PHONE = "phone", _("电话")
    NONE = "none", _("不需要回复")


class CaseSource(models.TextChoices):
    ENGAGEMENT = "engagement", _("用工记录")
    WAGE_ALERT = "wage_alert", _("欠薪预警")
    COMPLAINT = "complaint", _("投诉举报")
    WALK_IN = "walk_in", _("站点代为登记")


class CaseStatus(models.TextChoices):
    APPLIED = "applied", _("已申请，待受理")
    MEDIATING = "mediating", _("调解中")
    FULFILLING = "fulfilling", _("调解成功，履行中")
    ARBITRATION = "arbitration", _("仲裁中")
    CLOSED = "closed", _("已结案")
    DECLINED = "declined", _("不予受理")


CASE_OPEN = frozenset({CaseStatus.APPLIED, CaseStatus.MEDIATING, CaseStatus.FULFILLING, CaseStatus.ARBITRATION})


class MediationResult(models.TextChoices):
    SETTLED = "settled", _("达成调解协议")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("申请人撤回")


class FailureReason(models.TextChoices):
    NO_AGREEMENT = "no_agreement", _("双方未能达成一致")
    RESPONDENT_REFUSED = "respondent_refused", _("被申请人拒绝调解")
    RESPONDENT_ABSENT = "respondent_absent", _("被申请人无正当理由不到场")
    TIME_LIMIT = "time_limit", _("15日内未达成调解协议")
    NOT_FULFILLED = "not_fulfilled", _("达成协议后对方未履行")


class ArbitrationStatus(models.TextChoices):
    NONE = "", _("—")
    REFERRED = "referred", _("已引导申请仲裁")
    APPLIED = "applied", _("已向仲裁院申请")
    ACCEPTED = "accepted", _("仲裁院已受理")
    REJECTED = "rejected", _("仲裁院不予受理")
    CLOSED = "closed", _("仲裁已结案")


class ArbitrationOutcome(models.TextChoices):
    AWARD = "award", _("裁决")
    MEDIATION_DOC = "mediation_doc", _("仲裁调解书")
    WITHDRAWN = "withdrawn", _("撤诉")
    DISMISSED = "dismissed", _("驳回")


class PauseReason(models.TextChoices):
    """Where 劳动人事争议仲裁办案规则 lets the award period stop running (not counted in the 45 days)."""

    APPRAISAL = "appraisal", _("鉴定期间")
    JURISDICTION = "jurisdiction", _("管辖异议处理期间")
    SUSPENDED = "suspended", _("中止审理（当事人死亡、丧失行为能力、不可抗力等）")
    COUNTERCLAIM = "counterclaim", _("反申请另案处理期间")


class OrganisationKind(models.TextChoices):
    MEDIATION = "mediation", _("劳动争议调解组织")
    ARBITRATION = "arbitration", _("劳动人事争议仲裁院")


class EvidenceKind(models.TextChoices):
    AGREEMENT = "agreement", _("电子协议")
    CHECKIN = "checkin", _("到岗记录")
    COMPLETION = "completion", _("完工记录")
    PAYMENT = "payment", _("付款记录")
    MESSAGE = "message", _("沟通记录")
    UPLOAD = "upload", _("上传材料")


class PaymentSource(models.TextChoices):
    AGREEMENT = "agreement", _("调解协议")
    AWARD = "award", _("仲裁裁决/调解书")


class ClockKind(models.TextChoices):
    MEDIATION = "mediation", _("调解期限（15日）")
    ARBITRATION_ACCEPT = "arb_accept", _("仲裁受理审查（5日）")
    AWARD = "award", _("仲裁裁决期限（45日）")
    PAYMENT = "payment", _("履行期限")
    ACK = "ack", _("投诉受理回复")


class DueState(models.TextChoices):
    OK = "ok", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")

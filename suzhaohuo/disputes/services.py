"""Complaint and case writes. Every function is keyword-only, atomic and audit-logged; access is decided by
``kernel.policy`` (role + region scope), and statutory dates by ``disputes.clock``.

Complaints:  complaint_submit, complaint_decide, complaint_progress, complaint_close
Cases:       case_open_from_engagement / _from_wage_alert / _from_complaint / case_open_walk_in,
             case_accept, case_decline, case_assign, session_record, mediation_extend,
             mediation_agreement_generate, case_on_agreement_sealed, mediation_fail, case_withdraw
Arbitration: arbitration_apply, arbitration_accept, arbitration_reject, arbitration_hearing_add,
             arbitration_extend, clock_pause, clock_resume, arbitration_close (see arbitration.py for the adapter)
Payments:    case_employer_pay, case_payment_record, case_on_engagement_paid, awards_unpaid_flag
Evidence:    evidence_upload, case_reveal
Clock:       reminders_send
"""

from __future__ import annotations

import hashlib
import mimetypes
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core import ratelimit
from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError, NotFound, PermissionDenied, RateLimited
from suzhaohuo.core.services import audit_record
from suzhaohuo.disputes import clock
from suzhaohuo.disputes.choices import (
    CASE_OPEN,
    COMPLAINT_OPEN,
    MEDIATOR_CATEGORIES,
    ArbitrationOutcome,
    ArbitrationStatus,
    CaseSource,
    CaseStatus,
    ClockKind,
    ComplaintCategory,
    ComplaintStatus,
    ContactPreference,
    DueState,
    EvidenceKind,
    FailureReason,
    HandlerKind,
    MediationResult,
    OrganisationKind,
    PauseReason,
    PaymentSource,
)
from suzhaohuo.disputes.errors import DisputeErrorCode as E
from suzhaohuo.disputes.models import (
    Case,
    CaseEvent,
    ClockPause,
    Complaint,
    Evidence,
    MediationSession,
    Organisation,
    PaymentItem,
    Reminder,
)
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.roles import Role
from suzhaohuo.kernel.states import DONE_STATES, EngagementStatus, JobStatus

ANON_RATE = (3, 3600)  # anonymous reports per IP per hour
USER_RATE = (10, 24 * 3600)  # complaints per account per day
EVIDENCE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_MAX_FILES = 5
CASE_OPENABLE = frozenset({EngagementStatus.SIGNED, EngagementStatus.CHECKED_IN}) | DONE_STATES


def ack_hours() -> int:
    return int(getattr(settings, "DISPUTES_ACK_HOURS", 72))


def hide_threshold() -> int:
    return int(getattr(settings, "DISPUTES_HIDE_THRESHOLD", 3))


def evidence_storage() -> FileSystemStorage:
    """Evidence lives outside the web root (never under MEDIA_ROOT, never served statically)."""
    location = getattr(settings, "DISPUTES_EVIDENCE_DIR", None) or Path(settings.MEDIA_ROOT).parent / "private" / (
        "disputes")
    return FileSystemStorage(location=str(location), base_url=None)


def _today() -> date:
    return timezone.localdate()


def _year() -> int:
    return timezone.localdate().year


def _notify(user: Any, event: str, title: str, body: str = "", url: str = "") -> None:
    from suzhaohuo.notifications.services import notify

    if user is not None and getattr(user, "pk", None):
        notify(user=user, event=event, title=title, body=body, url=url)


def case_url(case: Case) -> str:
    return reverse("disputes:case", args=[case.pk])


def complaint_url(complaint: Complaint) -> str:
    return reverse("disputes:complaint", args=[complaint.pk])


def _event(case: Case, kind: str, text: str, actor: User | None = None, **data: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, text=text[:500],
                                    actor=actor if getattr(actor, "pk", None) else None,
                                    data={k: (str(v) if isinstance(v, (date, Decimal)) else v) for k, v in data.items()})


def _text(value: Any, *, field: str, code: str, message: str, min_len: int = 1, max_len: int = 2000) -> str:
    text = " ".join(str(value or "").split()) if max_len <= 500 else str(value or "").strip()
    if len(text) < min_len:
        raise AppError(code, message, field)
    return text[:max_len]


def _amount(value: Any, *, field: str, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise AppError(E.BAD_AMOUNT, _("请填写金额（元），例如 200。"), field)
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise AppError(E.BAD_AMOUNT, _("金额请填写数字（元），例如 200。"), field) from None
    if amount <= 0 or amount > Decimal("9999999"):
        raise AppError(E.BAD_AMOUNT, _("金额应大于0，请填写实际金额（元）。"), field)
    return amount


def _date(value: Any, *, field: str, required: bool = True) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if value in (None, ""):
        if required:
            raise AppError(E.BAD_DATE, _("请填写日期，例如 2026-12-01。"), field)
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AppError(E.BAD_DATE, _("日期格式应为 年-月-日，例如 2026-12-01。"), field) from None


def _not_future(d: date, field: str) -> None:
    if d > _today():
        raise AppError(E.BAD_DATE, _("日期不能晚于今天，请重新填写。"), field)


@transaction.atomic
def organisation_create(*, actor: User | None, kind: str, name: str, region_code: str, address: str = "",
                        phone: str = "") -> Organisation:
    """Register a mediation organisation or a 仲裁院 (idempotent by kind and name)."""
    if kind not in OrganisationKind.values:
        raise AppError(E.BAD_STATE, _("请选择机构类型。"), "kind")
    org, created = Organisation.objects.get_or_create(kind=kind, name=name.strip()[:100], defaults={
        "region_code": region_code, "address": address[:200], "phone": phone[:32]})
    if created:
        audit_record(actor=actor, action="disputes.organisation_create", target=org, region_code=region_code)
    return org


# --- complaints --------------------------------------------------------------------------------------

def handler_kind_for(category: str, *, about_engagement: bool) -> str:
    if category in MEDIATOR_CATEGORIES or (category == ComplaintCategory.OTHER and about_engagement):
        return HandlerKind.MEDIATOR
    return HandlerKind.REGULATOR


@dataclass
class UploadedEvidence:
    name: str
    content: bytes
    content_type: str = ""


def _check_file(f: UploadedEvidence) -> str:
    ctype = f.content_type or mimetypes.guess_type(f.name)[0] or ""
    sniff = {"image/jpeg": f.content.startswith(b"\xff\xd8\xff"), "image/png": f.content.startswith(b"\x89PNG"),
             "application/pdf": f.content.startswith(b"%PDF-")}
    if ctype not in EVIDENCE_TYPES or not sniff.get(ctype):
        raise AppError(E.BAD_FILE, _("只能上传照片（JPG、PNG）或PDF文件，请换一个文件。"), "files")
    if len(f.content) > EVIDENCE_MAX_BYTES:
        raise AppError(E.BAD_FILE, _("文件太大了（超过5MB），请压缩后再上传。"), "files")
    if not f.content:
        raise AppError(E.BAD_FILE, _("文件是空的，请重新选择。"), "files")
    return ctype


def _store_files(files: Iterable[UploadedEvidence], *, actor: User | None, case: Case | None = None,
                 complaint: Complaint | None = None) -> list[Evidence]:
    files = list(files)
    if len(files) > EVIDENCE_MAX_FILES:
        raise AppError(E.BAD_FILE, _("一次最多上传5个文件。"), "files")
    checked = [(f, _check_file(f)) for f in files]  # check all before writing any
    out = []
    storage = evidence_storage()
    for f, ctype in checked:
        name = storage.save(f"{_year()}/{uuid.uuid4().hex}{EVIDENCE_TYPES[ctype]}", ContentFile(f.content))
        out.append(Evidence.objects.create(
            case=case, complaint=complaint, kind=EvidenceKind.UPLOAD, label=(f.name or _("上传材料"))[:200],
            file_path=name, content_type=ctype, size=len(f.content), sha256=hashlib.sha256(f.content).hexdigest(),
            added_by=actor if getattr(actor, "pk", None) else None))
    return out


def _party(user: Any, engagement: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or engagement is None:
        return None
    if engagement.worker_id == user.pk:
        return "worker"
    if engagement.employer.owner_id == user.pk:
        return "employer"
    return None


@transaction.atomic
def complaint_submit(*, actor: User | AnonymousUser, category: str, description: str, job_id: int | None = None,
                     employer_id: int | None = None, engagement_id: int | None = None, agreement_no: str = "",
                     anonymous: bool = False, contact_preference: str = ContactPreference.IN_APP,
                     contact_mobile: str = "", files: Iterable[UploadedEvidence] = (),
                     ip: str | None = None) -> Complaint:
    """File a complaint or report (投诉举报). Anonymous only about a posting or an employer."""
    from suzhaohuo.agreements.models import Agreement
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.jobs.models import Job

    user = actor if isinstance(actor, User) else None  # None: an anonymous reporter
    logged_in = user is not None
    if category not in ComplaintCategory.values:
        raise AppError(E.BAD_CATEGORY, _("请选择投诉类别。"), "category")
    text = _text(description, field="description", code=E.DESCRIPTION_REQUIRED, min_len=5, max_len=2000,
                 message=_("请写明发生了什么（至少5个字），例如时间、地点、金额。"))
    if contact_preference not in ContactPreference.values:
        contact_preference = ContactPreference.IN_APP
    engagement = agreement = job = employer = None
    if (engagement_id or agreement_no) and not logged_in:
        raise AppError(E.LOGIN_REQUIRED, _("就自己的用工或协议投诉，请先登录。"), "engagement_id", status=401)
    if engagement_id:
        engagement = Engagement.objects.select_related("employer", "job").filter(pk=engagement_id).first()
        if engagement is None or _party(actor, engagement) is None:
            raise PermissionDenied(_("只能就您自己参与的用工记录投诉。请从“我的报名”或“用工管理”中打开这次用工再投诉。"),
                                   "engagement_id")
    if agreement_no:
        agreement = Agreement.objects.select_related("employer", "engagement").filter(
            number=str(agreement_no).strip().upper()).first()
        if agreement is None:
            raise AppError(E.NOT_FOUND, _("没有找到这个协议编号，请核对后重新填写，例如 SZH-2026-000123。"),
                           "agreement_no")
        if not logged_in or (agreement.worker_id != actor.pk and agreement.employer.owner_id != actor.pk):
            raise PermissionDenied(_("只能就您自己签署的协议投诉。"), "agreement_no")
        engagement = engagement or agreement.engagement
    if job_id:
        job = Job.objects.select_related("employer").filter(pk=job_id).first()
        if job is None:
            raise AppError(E.NOT_FOUND, _("没有找到这个岗位，请从岗位页面点“投诉举报”。"), "job_id")
    if employer_id:
        employer = Employer.objects.filter(pk=employer_id).first()
        if employer is None:
            raise AppError(E.NOT_FOUND, _("没有找到这个用工主体，请从岗位页面点“投诉举报”。"), "employer_id")
    if engagement is not None:
        job = job or engagement.job
        employer = employer or engagement.employer
    elif agreement is not None:
        employer = employer or agreement.employer
    if job is not None and employer is None:
        employer = job.employer
    about_own = engagement is not None or agreement is not None
    if anonymous and about_own:
        raise AppError(E.ANONYMOUS_NOT_ALLOWED, _("就自己的用工或协议投诉不能匿名，请取消“匿名”后提交，处理人员才能联系您。"),
                       "anonymous")
    if anonymous and job is None and employer is None:
        raise AppError(E.SUBJECT_REQUIRED, _("匿名举报需要指明岗位或用工主体，请从岗位页面点“投诉举报”。"), "anonymous")
    if not logged_in and not anonymous:
        raise AppError(E.LOGIN_REQUIRED, _("请先登录再投诉；只举报岗位或用工主体的，可以勾选“匿名”提交。"), "anonymous",
                       status=401)
    if not about_own and job is None and employer is None and not logged_in:
        raise AppError(E.SUBJECT_REQUIRED, _("请说明投诉的岗位或用工主体。"), "description")
    ip_hash = hashlib.sha256(f"complaint|{ip or ''}|{settings.SECRET_KEY}".encode()).hexdigest()
    key = f"complaint:user:{actor.pk}" if logged_in and not anonymous else f"complaint:anon:{ip_hash[:16]}"
    limit, window = ANON_RATE if anonymous else USER_RATE
    if not ratelimit.hit(key, limit, window):
        raise RateLimited(_("提交次数太多了，请过1小时再试；情况紧急请拨打12333。"))
    region = ((engagement.township_code if engagement is not None else "") or (job.township_id if job else "")
              or (agreement.region_code if agreement is not None else "")
              or (employer.township_id if employer is not None and employer.township_id else "") or "")
    now = timezone.now()
    complaint = Complaint.objects.create(
        number=f"TMP-{uuid.uuid4().hex[:12]}", category=category, description=text,
        complainant=None if anonymous else user, anonymous=bool(anonymous),
        contact_preference=contact_preference, contact_mobile=(contact_mobile or "").strip()[:20],
        job=job, employer=employer, engagement=engagement, agreement=agreement, region_code=region,
        handler_kind=handler_kind_for(category, about_engagement=about_own),
        ack_due_at=now + timedelta(hours=ack_hours()), ip_hash=ip_hash)
    complaint.number = f"TS-{_year()}-{complaint.pk:06d}"
    if complaint.complainant is None:  # an anonymous reporter follows the outcome with a one-time lookup code
        complaint.lookup_code = f"{secrets.randbelow(10**8):08d}"
        complaint.lookup_hash = keyed_hash(f"complaint:{complaint.number}:{complaint.lookup_code}")
    if job is not None:  # group duplicates about the same posting under the first open one
        first = (Complaint.objects.filter(job=job, duplicate_of__isnull=True, status__in=COMPLAINT_OPEN)
                 .exclude(pk=complaint.pk).order_by("created_at", "id").first())
        complaint.duplicate_of = first
    complaint.save(update_fields=["number", "duplicate_of", "lookup_hash"])
    _store_files(files, actor=user, complaint=complaint)
    audit_record(actor=user, action="disputes.complaint_submit", target=complaint,
                 region_code=region, data={"number": complaint.number, "category": category,
                                           "anonymous": bool(anonymous), "job_id": getattr(job, "pk", None)})
    if complaint.complainant is not None:
        _notify(complaint.complainant, "complaint_received", _("投诉已收到：%(n)s") % {"n": complaint.number},
                _("我们会在%(h)d小时内告诉您是否受理。") % {"h": ack_hours()}, complaint_url(complaint))
    if job is not None:
        _hide_if_reported(job)
    return complaint


def _hide_if_reported(job: Any) -> None:
    """A published posting with reports from at least ``hide_threshold()`` distinct sources goes back to
    review (hidden) through the jobs service."""
    from suzhaohuo.jobs.services import job_hold_for_review

    reports = Complaint.objects.filter(job=job).exclude(status=ComplaintStatus.REJECTED)
    sources = {(c.complainant_id and f"u{c.complainant_id}") or f"a{c.ip_hash}" for c in reports}
    if len(sources) >= hide_threshold() and job.status == JobStatus.PUBLISHED:
        job_hold_for_review(job=job, actor=None,
                            reason=_("收到%(n)d条投诉举报，暂停展示，等待审核") % {"n": len(sources)})


def _require_complaint_handler(actor: User, complaint: Complaint) -> None:
    policy.require(actor, Action.COMPLAINT_HANDLE, region_code=complaint.region_code or "")
    role = getattr(actor, "role", None)
    if role == Role.MEDIATOR and complaint.handler_kind != HandlerKind.MEDIATOR or (
            role == Role.REGULATOR and complaint.handler_kind != HandlerKind.REGULATOR):
        raise PermissionDenied(_("这件投诉由%(k)s处理，不在您的队列中。") % {"k": complaint.get_handler_kind_display()})


def _locked_complaint(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _tell_complainant(complaint: Complaint, title: str, body: str = "") -> None:
    if complaint.complainant is not None:
        _notify(complaint.complainant, "complaint_update", title, body, complaint_url(complaint))


@transaction.atomic
def complaint_decide(*, actor: User, complaint: Complaint, accept: bool, reason: str = "") -> Complaint:
    """受理 or 不予受理 (with a reason the complainant sees)."""
    c = _locked_complaint(complaint)
    _require_complaint_handler(actor, c)
    if c.status != ComplaintStatus.RECEIVED:
        raise AppError(E.BAD_STATE, _("这件投诉已经答复过了。"), status=409)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise AppError(E.REASON_REQUIRED, _("请写明不予受理的理由，投诉人会看到。"), "reason")
    c.status = ComplaintStatus.ACCEPTED if accept else ComplaintStatus.REJECTED
    c.acknowledged_at, c.handler, c.decision_reason = timezone.now(), actor, reason[:500]
    if not accept:
        c.closed_at = timezone.now()
    c.save()
    audit_record(actor=actor, action="disputes.complaint_decide", target=c, region_code=c.region_code,
                 reason=reason, data={"accept": accept})
    _tell_complainant(c, _("投诉%(n)s：%(s)s") % {"n": c.number, "s": c.get_status_display()}, reason)
    return c


@transaction.atomic
def complaint_progress(*, actor: User, complaint: Complaint, note: str) -> Complaint:
    c = _locked_complaint(complaint)
    _require_complaint_handler(actor, c)
    if c.status not in (ComplaintStatus.ACCEPTED, ComplaintStatus.IN_PROGRESS):
        raise AppError(E.BAD_STATE, _("请先受理这件投诉。"), status=409)
    note = _text(note, field="note", code=E.REASON_REQUIRED, max_len=500,
                 message=_("请写明进展，例如“已约谈用工方”。"))
    c.status, c.decision_reason = ComplaintStatus.IN_PROGRESS, note
    c.save(update_fields=["status", "decision_reason", "updated_at"])
    audit_record(actor=actor, action="disputes.complaint_progress", target=c, region_code=c.region_code, reason=note)
    _tell_complainant(c, _("投诉%(n)s正在处理") % {"n": c.number}, note)
    return c


@transaction.atomic
def complaint_close(*, actor: User, complaint: Complaint, result: str, upheld: bool) -> Complaint:
    """办结 with a result the complainant sees; an upheld complaint emits ``complaint.upheld``. Grouped
    duplicates are closed with the same result."""
    c = _locked_complaint(complaint)
    _require_complaint_handler(actor, c)
    if c.status not in (ComplaintStatus.ACCEPTED, ComplaintStatus.IN_PROGRESS):
        raise AppError(E.BAD_STATE, _("只有已受理的投诉可以办结。"), status=409)
    result = _text(result, field="result", code=E.REASON_REQUIRED, max_len=2000,
                   message=_("请写明办理结果，投诉人会看到。"))
    now = timezone.now()
    group = [c, *Complaint.objects.select_for_update().filter(duplicate_of=c, status__in=COMPLAINT_OPEN)]
    for item in group:
        item.status, item.result, item.upheld, item.closed_at, item.handler = (
            ComplaintStatus.CLOSED, result, bool(upheld), now, actor)
        item.acknowledged_at = item.acknowledged_at or now
        item.save()
        audit_record(actor=actor, action="disputes.complaint_close", target=item, region_code=item.region_code,
                     reason=result, data={"upheld": bool(upheld), "group_of": c.pk})
        _tell_complainant(item, _("投诉%(n)s已办结") % {"n": item.number}, result[:200])
    if upheld:
        events.emit(EventName.COMPLAINT_UPHELD, complaint_id=c.pk, category=c.category, job_id=c.job_id,
                    employer_id=c.employer_id, worker_user_id=None)
    return c


# --- cases: opening ----------------------------------------------------------------------------------

def _worker_name(user: Any) -> str:
    from suzhaohuo.identity.selectors import person_identity_of

    identity = person_identity_of(user) if user is not None else None
    return (identity.real_name if identity is not None and identity.real_name else "") or str(user)


def _mediation_org_for(region_code: str) -> Organisation | None:
    """The mediation organisation whose region is the longest prefix of ``region_code``."""
    orgs = [o for o in Organisation.objects.filter(kind=OrganisationKind.MEDIATION)
            if region_code.startswith(o.region_code)]
    return max(orgs, key=lambda o: len(o.region_code), default=None)


def _link_engagement_evidence(case: Case, engagement: Any, actor: User) -> None:
    """Link (not copy) the platform's records of the engagement."""
    from suzhaohuo.gigs.selectors import agreement_of

    def link(kind: str, label: str, ref: str) -> None:
        Evidence.objects.create(case=case, kind=kind, label=label[:200], ref=ref,
                                added_by=actor if getattr(actor, "pk", None) else None)

    agreement = agreement_of(engagement)
    if agreement is not None:
        link(EvidenceKind.AGREEMENT, _("零工服务协议 %(n)s") % {"n": agreement.number}, agreement.number)
    if engagement.checked_in_at:
        link(EvidenceKind.CHECKIN, _("到岗 %(t)s（%(m)s）") % {
            "t": timezone.localtime(engagement.checked_in_at).strftime("%Y-%m-%d %H:%M"),
            "m": engagement.get_checkin_method_display() or "-"}, f"engagement:{engagement.pk}")
    if engagement.completed_at:
        link(EvidenceKind.COMPLETION, _("完工 %(t)s，工时 %(h)s") % {
            "t": timezone.localtime(engagement.completed_at).strftime("%Y-%m-%d %H:%M"),
            "h": engagement.hours or "-"}, f"engagement:{engagement.pk}")
    if engagement.payment_due_at or engagement.paid_at:
        text = (_("已登记付款 %(a)s 元") % {"a": engagement.pay_amount} if engagement.paid_at else
                _("应付款时间 %(t)s，未登记付款") % {
                    "t": timezone.localtime(engagement.payment_due_at).strftime("%Y-%m-%d %H:%M")})
        link(EvidenceKind.PAYMENT, text, f"engagement:{engagement.pk}")


def _claim_text(value: Any) -> str:
    return _text(value, field="claim_text", code=E.DESCRIPTION_REQUIRED, min_len=5, max_len=2000,
                 message=_("请写明请求和理由（至少5个字），例如“完工后工钱200元未付”。"))


def _create_case(*, actor: User, source: str, region_code: str, worker: Any, worker_name: str, employer: Any,
                 engagement: Any = None, complaint: Complaint | None = None, wage_alert_id: int | None = None,
                 claim_text: str, claim_amount: Any = None, claim_arose_on: Any = None, consent_note: str = "",
                 worker_mobile: str = "", files: Iterable[UploadedEvidence] = ()) -> Case:
    text = _claim_text(claim_text)
    amount = _amount(claim_amount, field="claim_amount")
    arose = _date(claim_arose_on, field="claim_arose_on", required=False)
    if arose is not None:
        _not_future(arose, "claim_arose_on")
    if engagement is not None and Case.objects.filter(engagement=engagement, status__in=CASE_OPEN).exists():
        raise AppError(E.ALREADY_OPEN, _("这次用工已有一件正在办理的调解申请，请在“我的调解”中查看进度。"), status=409)
    case = Case.objects.create(
        number=f"TMP-{uuid.uuid4().hex[:12]}", source=source, region_code=region_code, worker=worker,
        worker_name=worker_name[:64], worker_mobile=worker_mobile or (getattr(worker, "mobile", "") or ""),
        employer=employer, employer_name=(getattr(employer, "name", "") or "")[:128], engagement=engagement,
        complaint=complaint, wage_alert_id=wage_alert_id, registered_by=actor if getattr(actor, "pk", None) else None,
        consent_note=consent_note[:300], claim_amount=amount,
        claim_items=[{"item": _("劳动报酬"), "amount": str(amount)}] if amount else [], claim_text=text,
        claim_arose_on=arose, mediation_org=_mediation_org_for(region_code))
    case.number = f"TJ-{_year()}-{case.pk:06d}"
    case.save(update_fields=["number"])
    if engagement is not None:
        _link_engagement_evidence(case, engagement, actor)
    _store_files(files, actor=actor, case=case)
    _event(case, "opened", _("申请调解（来源：%(s)s）") % {"s": CaseSource(source).label}, actor)
    audit_record(actor=actor, action="disputes.case_open", target=case, region_code=region_code,
                 data={"number": case.number, "source": source, "consent_note": consent_note[:300]})
    if worker is not None:
        _notify(worker, "case_opened", _("调解申请已提交：%(n)s") % {"n": case.number},
                _("调解员会在受理后15日内组织调解。"), case_url(case))
    if employer is not None and getattr(employer, "owner", None) is not None:
        _notify(employer.owner, "case_opened", _("有一件劳动争议调解申请涉及您：%(n)s") % {"n": case.number},
                _("调解员会联系您，请配合调解。"), case_url(case))
    return case


@transaction.atomic
def case_open_from_engagement(*, actor: User, engagement: Any, claim_text: str, claim_amount: Any = None,
                              files: Iterable[UploadedEvidence] = ()) -> Case:
    """「我要投诉/申请调解」 on an unpaid or disputed engagement, by its worker."""
    if _party(actor, engagement) != "worker":
        raise PermissionDenied(_("只有这次用工的零工本人可以申请调解；用工方如有争议请联系当地零工服务站。"))
    if engagement.status not in CASE_OPENABLE:
        raise AppError(E.BAD_STATE, _("开工之后发生的工钱或完工争议才能申请调解；还没开工的，可以直接取消。"), status=409)
    arose = (timezone.localtime(engagement.payment_due_at).date() if engagement.payment_due_at
             else engagement.work_end or engagement.work_start)
    arose = min(arose, _today()) if arose else None
    return _create_case(actor=actor, source=CaseSource.ENGAGEMENT, region_code=engagement.township_code or
                        engagement.job.township_id, worker=engagement.worker, worker_name=_worker_name(actor),
                        employer=engagement.employer, engagement=engagement, claim_text=claim_text,
                        claim_amount=claim_amount, claim_arose_on=arose, files=files)


@transaction.atomic
def case_open_from_wage_alert(*, actor: User, alert: Any, claim_text: str, claim_amount: Any = None) -> Case:
    """Station staff or a mediator turn a 欠薪 alert into a case (the worker is told)."""
    policy.require(actor, Action.WAGE_ALERT_HANDLE, region_code=alert.township_code)
    eng = alert.engagement
    return _create_case(actor=actor, source=CaseSource.WAGE_ALERT, region_code=alert.township_code,
                        worker=eng.worker, worker_name=_worker_name(eng.worker), employer=eng.employer,
                        engagement=eng, wage_alert_id=alert.pk, claim_text=claim_text,
                        claim_amount=claim_amount, claim_arose_on=timezone.localtime(alert.due_at).date())


@transaction.atomic
def case_open_from_complaint(*, actor: User, complaint: Complaint) -> Case:
    c = _locked_complaint(complaint)
    _require_complaint_handler(actor, c)
    if c.complainant is None or c.employer is None:
        raise AppError(E.SUBJECT_REQUIRED, _("匿名举报或没有指明用工主体的投诉不能转为调解案件。"), status=409)
    if c.status == ComplaintStatus.RECEIVED:
        c.status, c.acknowledged_at, c.handler = ComplaintStatus.ACCEPTED, timezone.now(), actor
    c.status = ComplaintStatus.IN_PROGRESS
    c.decision_reason = _("已转为劳动争议调解案件")
    c.save()
    eng = c.engagement
    return _create_case(actor=actor, source=CaseSource.COMPLAINT, region_code=c.region_code, worker=c.complainant,
                        worker_name=_worker_name(c.complainant), employer=c.employer, engagement=eng, complaint=c,
                        claim_text=c.description)


@transaction.atomic
def case_open_walk_in(*, actor: User, worker_name: str, worker_mobile: str = "", employer: Any = None,
                      employer_name: str = "", region_code: str, claim_text: str, claim_amount: Any = None,
                      claim_arose_on: Any = None, consent: bool, consent_note: str) -> Case:
    """Station staff register a case for a person at the counter (also one without a phone), with the
    person's consent recorded."""
    from suzhaohuo.accounts.services import user_get_by_mobile

    policy.require(actor, Action.STATION_CONSOLE, region_code=region_code)
    # a form filled in at the counter: every field's problem at once, not one per submit
    errors: list[AppError] = []

    def check(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except AppError as exc:
            errors.append(exc)
            return None

    name = check(lambda: _text(worker_name, field="worker_name", code=E.DESCRIPTION_REQUIRED, max_len=64,
                               message=_("请填写申请人姓名。")))
    if employer is None and not (employer_name or "").strip():
        errors.append(AppError(E.SUBJECT_REQUIRED, _("请填写用工方名称。"), "employer_name"))
    check(lambda: _amount(claim_amount, field="claim_amount"))
    arose = check(lambda: _date(claim_arose_on, field="claim_arose_on", required=False))
    if arose is not None:
        check(lambda: _not_future(arose, "claim_arose_on"))
    check(lambda: _claim_text(claim_text))
    if not consent or not (consent_note or "").strip():
        errors.append(AppError(E.CONSENT_REQUIRED, _("请确认当事人同意代为申请，并写明授权方式，例如“本人到站口头授权，已签字”。"),
                               "consent_note"))
    if errors:
        first = errors[0]
        raise AppError(first.code, first.message, first.field, extra={"errors": [
            {"code": e.code, "message": e.message, "field": e.field} for e in errors]})
    worker = user_get_by_mobile(worker_mobile) if worker_mobile else None
    case = _create_case(actor=actor, source=CaseSource.WALK_IN, region_code=region_code, worker=worker,
                        worker_name=name, worker_mobile=worker_mobile, employer=employer, claim_text=claim_text,
                        claim_amount=claim_amount, claim_arose_on=claim_arose_on, consent_note=consent_note.strip())
    if employer is None:
        case.employer_name = employer_name.strip()[:128]
        case.save(update_fields=["employer_name"])
    _event(case, "consent", _("当事人授权站点代为申请：%(n)s") % {"n": consent_note.strip()[:200]}, actor)
    return case


# --- cases: mediation --------------------------------------------------------------------------------

def _locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _require_mediator(actor: User, case: Case, *, assigned: bool = True) -> None:
    policy.require(actor, Action.CASE_MEDIATE, region_code=case.region_code)
    if assigned and case.mediator_id and case.mediator_id != actor.pk and not policy.is_admin(actor):
        raise PermissionDenied(_("这件案件已分配给其他调解员。"))


def _tell_parties(case: Case, title: str, body: str = "") -> None:
    _notify(case.worker, "case_update", title, body, case_url(case))
    if case.employer is not None:
        _notify(case.employer.owner, "case_update", title, body, case_url(case))


@transaction.atomic
def case_accept(*, actor: User, case: Case, accepted_on: Any = None) -> Case:
    """The mediator accepts the application: the 15-day mediation clock starts (Art 14)."""
    c = _locked_case(case)
    _require_mediator(actor, c)
    if c.status != CaseStatus.APPLIED:
        raise AppError(E.BAD_STATE, _("这件案件已经受理过了。"), status=409)
    day = _date(accepted_on, field="accepted_on", required=False) or _today()
    _not_future(day, "accepted_on")
    if day < timezone.localtime(c.created_at).date():
        raise AppError(E.BAD_DATE, _("受理日期不能早于申请日期。"), "accepted_on")
    c.status, c.mediator, c.mediation_accepted_on = CaseStatus.MEDIATING, actor, day
    c.mediation_org = c.mediation_org or _mediation_org_for(c.region_code)
    c.save()
    due = clock.mediation_due(c)
    _event(c, "accepted", _("调解受理，调解期限至 %(d)s") % {"d": due}, actor, due=due)
    audit_record(actor=actor, action="disputes.case_accept", target=c, region_code=c.region_code)
    _tell_parties(c, _("调解申请已受理：%(n)s") % {"n": c.number},
                  _("调解员：%(m)s；请在 %(d)s 前参加调解。") % {"m": actor, "d": due})
    return c


@transaction.atomic
def case_assign(*, actor: User, case: Case, mediator: Any) -> Case:
    """Assign a mediator whose region scope covers the case (by a mediator or administrator in scope)."""
    c = _locked_case(case)
    policy.require(actor, Action.CASE_MEDIATE, region_code=c.region_code)
    if getattr(mediator, "role", None) != Role.MEDIATOR or not policy.in_scope(mediator, c.region_code):
        raise AppError(E.NO_MEDIATOR, _("只能指派负责该地区的调解员。"), "mediator")
    c.mediator = mediator
    c.save(update_fields=["mediator", "updated_at"])
    _event(c, "assigned", _("指派调解员 %(m)s") % {"m": mediator}, actor)
    audit_record(actor=actor, action="disputes.case_assign", target=c, region_code=c.region_code,
                 data={"mediator": mediator.pk})
    _notify(mediator, "case_assigned", _("新的调解案件：%(n)s") % {"n": c.number}, "", case_url(c))
    return c


@transaction.atomic
def case_decline(*, actor: User, case: Case, reason: str) -> Case:
    c = _locked_case(case)
    _require_mediator(actor, c)
    if c.status != CaseStatus.APPLIED:
        raise AppError(E.BAD_STATE, _("只有待受理的申请可以不予受理。"), status=409)
    reason = _text(reason, field="reason", code=E.REASON_REQUIRED, max_len=500,
                   message=_("请写明不予受理的理由和申请人可以怎么做。"))
    c.status, c.decline_reason, c.closed_on, c.mediator = CaseStatus.DECLINED, reason, _today(), actor
    c.save()
    _event(c, "declined", _("不予受理：%(r)s") % {"r": reason}, actor)
    audit_record(actor=actor, action="disputes.case_decline", target=c, region_code=c.region_code, reason=reason)
    _tell_parties(c, _("调解申请不予受理：%(n)s") % {"n": c.number}, reason)
    return c


@transaction.atomic
def session_record(*, actor: User, case: Case, held_at: Any, attendees: str, record: str, place: str = "",
                   remote: bool = False) -> MediationSession:
    c = _locked_case(case)
    _require_mediator(actor, c)
    if c.status != CaseStatus.MEDIATING:
        raise AppError(E.BAD_STATE, _("受理后、调解结束前才能记录调解会。"), status=409)
    if isinstance(held_at, str):
        try:
            held_at = datetime.fromisoformat(held_at)
        except ValueError:
            raise AppError(E.BAD_DATE, _("请填写调解时间，例如 2026-12-01 09:30。"), "held_at") from None
    if not isinstance(held_at, datetime):
        raise AppError(E.BAD_DATE, _("请填写调解时间，例如 2026-12-01 09:30。"), "held_at")
    if timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    if c.mediation_accepted_on and timezone.localtime(held_at).date() < c.mediation_accepted_on:
        raise AppError(E.BAD_DATE, _("调解时间不能早于受理日期。"), "held_at")
    attendees = _text(attendees, field="attendees", code=E.REASON_REQUIRED, max_len=300,
                      message=_("请填写参加人员，例如“申请人本人、用工方负责人、调解员”。"))
    record = _text(record, field="record", code=E.REASON_REQUIRED, max_len=5000,
                   message=_("请填写调解记录：双方意见和调解情况。"))
    if not remote and not (place or "").strip():
        raise AppError(E.REASON_REQUIRED, _("请填写调解地点，或勾选“远程调解”。"), "place")
    s = MediationSession.objects.create(case=c, held_at=held_at, place=(place or "").strip()[:200],
                                        remote=bool(remote), attendees=attendees, record=record, recorded_by=actor)
    _event(c, "session", _("调解会：%(a)s") % {"a": attendees}, actor, session=s.pk)
    audit_record(actor=actor, action="disputes.session_record", target=c, region_code=c.region_code)
    return s


@transaction.atomic
def mediation_extend(*, actor: User, case: Case, days: int, worker_agrees: bool, employer_agrees: bool) -> Case:
    """Extend the 15-day mediation period: only when both parties agree (Art 14)."""
    c = _locked_case(case)
    _require_mediator(actor, c)
    if c.status != CaseStatus.MEDIATING:
        raise AppError(E.BAD_STATE, _("调解中的案件才能延长调解期限。"), status=409)
    if not (worker_agrees and employer_agrees):
        raise AppError(E.CONSENT_REQUIRED, _("延长调解期限须双方当事人都同意；一方不同意的，可以申请仲裁。"), "agree")
    if c.mediation_extension_days:
        raise AppError(E.EXTENSION_USED, _("调解期限已经延长过一次。"), "days")
    try:
        n = int(days)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= clock.MEDIATION_EXTENSION_MAX:
        raise AppError(E.BAD_DATE, _("延长天数请填写1到30之间的数字。"), "days")
    c.mediation_extension_days = n
    c.save(update_fields=["mediation_extension_days", "updated_at"])
    _event(c, "extended", _("双方同意延长调解%(n)d日，期限至 %(d)s") % {"n": n, "d": clock.mediation_due(c)}, actor)
    audit_record(actor=actor, action="disputes.mediation_extend", target=c, region_code=c.region_code,
                 data={"days": n})
    return c


@dataclass
class AgreedPayment:
    item: str
    amount: Any
    due_on: Any


@transaction.atomic
def mediation_agreement_generate(*, actor: User, case: Case, payments: list[AgreedPayment], terms: str) -> Any:
    """Generate the 调解协议书 from the template and send it to both parties to sign by SMS code; it is
    sealed, chained and verifiable at /verify exactly like an e-agreement."""
    from suzhaohuo.agreements.choices import AgreementKind
    from suzhaohuo.agreements.services import agreement_create_document, terms_current
    from suzhaohuo.disputes.documents import TEMPLATE_TITLE, TEMPLATE_VERSION, build_document, template_text

    c = _locked_case(case)
    _require_mediator(actor, c)
    if c.status != CaseStatus.MEDIATING:
        raise AppError(E.BAD_STATE, _("调解中的案件才能生成调解协议书。"), status=409)
    if c.mediation_agreement_id and c.mediation_agreement is not None and not c.mediation_agreement.is_sealed:
        raise AppError(E.BAD_STATE, _("调解协议书已生成，正在等待双方签署。"), status=409)
    if c.worker is None or c.employer is None:
        raise AppError(E.NOT_A_PARTY, _("双方都有平台账号才能在线签署；请打印调解协议书到站点当面签署。"), status=409)
    if not payments:
        raise AppError(E.BAD_AMOUNT, _("请至少填写一项履行内容：事项、金额和付款期限。"), "amount")
    rows = []
    for i, p in enumerate(payments):
        item = _text(p.item, field="item", code=E.REASON_REQUIRED, max_len=100, message=_("请填写履行事项，例如“劳动报酬”。"))
        amount = _amount(p.amount, field="amount", required=True)
        due = _date(p.due_on, field="due_on")
        assert amount is not None and due is not None
        if due < _today():
            raise AppError(E.BAD_DATE, _("付款期限不能早于今天。"), "due_on")
        rows.append((i, item, amount, due))
    terms_text = _text(terms, field="terms", code=E.REASON_REQUIRED, max_len=2000, min_len=2,
                       message=_("请填写双方达成的调解内容。"))
    template = terms_current(version=TEMPLATE_VERSION, title=TEMPLATE_TITLE, body=template_text())
    c.payments.filter(source=PaymentSource.AGREEMENT, paid_on__isnull=True).delete()
    for _i, item, amount, due in rows:
        PaymentItem.objects.create(case=c, source=PaymentSource.AGREEMENT, item=item, amount=amount, due_on=due)

    def build(number: str, issued_at: str) -> dict[str, Any]:
        return build_document(number=number, issued_at=issued_at, case=c, template=template,
                              payments=[(item, amount, due) for _i, item, amount, due in rows], terms=terms_text)

    agreement = agreement_create_document(
        kind=AgreementKind.MEDIATION, worker=c.worker, employer=c.employer, region_code=c.region_code,
        terms=template, build=build, actor=actor, title=_("请签署调解协议书"),
        body=_("案件%(n)s的调解协议书已生成，请查看并用短信验证码签署。") % {"n": c.number})
    c.mediation_agreement = agreement
    c.save(update_fields=["mediation_agreement", "updated_at"])
    _event(c, "agreement", _("生成调解协议书 %(n)s，等待双方签署") % {"n": agreement.number}, actor,
           agreement=agreement.number)
    audit_record(actor=actor, action="disputes.mediation_agreement", target=c, region_code=c.region_code,
                 data={"agreement": agreement.number})
    return agreement


@transaction.atomic
def case_on_agreement_sealed(*, agreement_id: int) -> Case | None:
    """Both parties signed the 调解协议书: mediation ends in success; payment follow-up starts. Idempotent."""
    case = Case.objects.select_for_update().filter(mediation_agreement_id=agreement_id).first()
    if case is None or case.mediation_result:
        return case
    case.status, case.mediation_result, case.mediation_closed_on = (CaseStatus.FULFILLING, MediationResult.SETTLED,
                                                                    _today())
    case.save()
    _event(case, "settled", _("双方已签署调解协议书，调解成功，进入履行"), None)
    audit_record(actor=None, action="disputes.case_settled", target=case, region_code=case.region_code)
    _tell_parties(case, _("调解协议书已生效：%(n)s") % {"n": case.number}, _("请按协议约定的期限履行。"))
    return case


@transaction.atomic
def mediation_fail(*, actor: User, case: Case, reason: str, note: str = "") -> Case:
    """Mediation failed: closed with a reason; the case is referred to arbitration (printable letter)."""
    c = _locked_case(case)
    _require_mediator(actor, c)
    if c.status not in (CaseStatus.MEDIATING, CaseStatus.FULFILLING):
        raise AppError(E.BAD_STATE, _("调解中（或协议未履行）的案件才能终结调解。"), status=409)
    if reason not in FailureReason.values:
        raise AppError(E.REASON_REQUIRED, _("请选择调解不成的原因。"), "reason")
    if c.status == CaseStatus.MEDIATING:
        c.mediation_result, c.mediation_closed_on = MediationResult.FAILED, _today()
    c.status, c.failure_reason, c.failure_note = CaseStatus.ARBITRATION, reason, (note or "").strip()[:500]
    c.arbitration_status = ArbitrationStatus.REFERRED
    c.arbitration_org = c.arbitration_org or _arbitration_org_for(c.region_code)
    c.save()
    _event(c, "failed", _("调解终结：%(r)s；已出具仲裁引导函") % {"r": FailureReason(reason).label}, actor)
    audit_record(actor=actor, action="disputes.mediation_fail", target=c, region_code=c.region_code,
                 data={"reason": reason})
    _tell_parties(c, _("调解未成功：%(n)s") % {"n": c.number},
                  _("您可以持仲裁引导函向劳动人事争议仲裁院申请仲裁（不收费）。"))
    return c


@transaction.atomic
def case_withdraw(*, actor: User, case: Case, reason: str = "") -> Case:
    """The applicant withdraws (e.g. paid before mediation)."""
    c = _locked_case(case)
    if c.worker_id != getattr(actor, "pk", None):
        _require_mediator(actor, c)
    if c.status not in (CaseStatus.APPLIED, CaseStatus.MEDIATING):
        raise AppError(E.BAD_STATE, _("调解中的案件才能撤回。"), status=409)
    if c.status == CaseStatus.MEDIATING:
        c.mediation_result, c.mediation_closed_on = MediationResult.WITHDRAWN, _today()
    c.status, c.closed_on, c.close_note = CaseStatus.CLOSED, _today(), (reason or _("申请人撤回"))[:500]
    c.save()
    _event(c, "withdrawn", c.close_note, actor)
    audit_record(actor=actor, action="disputes.case_withdraw", target=c, region_code=c.region_code, reason=reason)
    return c


# --- arbitration -------------------------------------------------------------------------------------

def _arbitration_org_for(region_code: str) -> Organisation | None:
    orgs = [o for o in Organisation.objects.filter(kind=OrganisationKind.ARBITRATION)
            if region_code.startswith(o.region_code)]
    return max(orgs, key=lambda o: len(o.region_code), default=None)


def _require_clerk(actor: User | None, case: Case) -> None:
    if actor is None:  # the arbitration adapter (system)
        return
    policy.require(actor, Action.CASE_ARBITRATE, region_code=case.region_code)


def _arb_case(case: Case, actor: User | None, *states: str) -> Case:
    c = _locked_case(case)
    _require_clerk(actor, c)
    if c.arbitration_status not in states:
        raise AppError(E.BAD_STATE, _("这一步与案件当前的仲裁进度不符（当前：%(s)s）。") % {
            "s": c.get_arbitration_status_display() or _("未申请仲裁")}, status=409)
    return c


def _save_arb(c: Case, actor: User | None, kind: str, text: str, **data: Any) -> Case:
    c.arbitration_clerk = actor if getattr(actor, "pk", None) else c.arbitration_clerk
    c.save()
    _event(c, kind, text, actor, **data)
    audit_record(actor=actor, action=f"disputes.arbitration_{kind}", target=c, region_code=c.region_code,
                 data={k: str(v) for k, v in data.items()})
    return c


@transaction.atomic
def arbitration_apply(*, actor: User, case: Case, applied_on: Any, org: Organisation | None = None) -> Case:
    c = _arb_case(case, actor, ArbitrationStatus.REFERRED)
    day = _date(applied_on, field="applied_on")
    assert day is not None
    _not_future(day, "applied_on")
    if c.mediation_closed_on and day < c.mediation_closed_on:
        raise AppError(E.BAD_DATE, _("申请仲裁日期不能早于调解结束日期。"), "applied_on")
    c.arbitration_org = org or c.arbitration_org or _arbitration_org_for(c.region_code)
    if c.arbitration_org is None:
        raise AppError(E.NOT_FOUND, _("请选择受理的仲裁院。"), "org")
    c.arbitration_status, c.arbitration_applied_on, c.status = ArbitrationStatus.APPLIED, day, CaseStatus.ARBITRATION
    return _save_arb(c, actor, "applied", _("已向%(o)s申请仲裁，应于 %(d)s 前作出是否受理的决定") % {
        "o": c.arbitration_org, "d": clock.arbitration_accept_due(c)}, applied_on=day)


@transaction.atomic
def arbitration_accept(*, actor: User | None, case: Case, accepted_on: Any, case_no: str) -> Case:
    c = _arb_case(case, actor, ArbitrationStatus.APPLIED)
    day = _date(accepted_on, field="accepted_on")
    assert day is not None and c.arbitration_applied_on is not None
    _not_future(day, "accepted_on")
    if day < c.arbitration_applied_on:
        raise AppError(E.BAD_DATE, _("受理日期不能早于申请日期。"), "accepted_on")
    c.arbitration_case_no = _text(case_no, field="case_no", code=E.REASON_REQUIRED, max_len=64,
                                  message=_("请填写仲裁院的案号，例如“沭劳人仲案字〔2026〕第123号”。"))
    c.arbitration_status, c.arbitration_accepted_on = ArbitrationStatus.ACCEPTED, day
    return _save_arb(c, actor, "arb_accepted", _("仲裁院已受理（%(no)s），应于 %(d)s 前结案") % {
        "no": c.arbitration_case_no, "d": clock.award_due(c, [], _today())}, accepted_on=day)


@transaction.atomic
def arbitration_reject(*, actor: User | None, case: Case, rejected_on: Any, reason: str) -> Case:
    c = _arb_case(case, actor, ArbitrationStatus.APPLIED)
    day = _date(rejected_on, field="rejected_on")
    assert day is not None and c.arbitration_applied_on is not None
    _not_future(day, "rejected_on")
    if day < c.arbitration_applied_on:
        raise AppError(E.BAD_DATE, _("不予受理日期不能早于申请日期。"), "rejected_on")
    reason = _text(reason, field="reason", code=E.REASON_REQUIRED, max_len=500, message=_("请填写不予受理的理由。"))
    c.arbitration_status, c.arbitration_rejected_on = ArbitrationStatus.REJECTED, day
    c.status, c.closed_on, c.close_note = CaseStatus.CLOSED, day, reason
    return _save_arb(c, actor, "arb_rejected", _("仲裁院不予受理：%(r)s（可向人民法院起诉）") % {"r": reason},
                     rejected_on=day)


@transaction.atomic
def arbitration_hearing_add(*, actor: User | None, case: Case, hearing_on: Any) -> Case:
    c = _arb_case(case, actor, ArbitrationStatus.ACCEPTED)
    day = _date(hearing_on, field="hearing_on")
    assert day is not None and c.arbitration_accepted_on is not None
    if day < c.arbitration_accepted_on:
        raise AppError(E.BAD_DATE, _("开庭日期不能早于受理日期。"), "hearing_on")
    c.hearing_dates = sorted({*c.hearing_dates, day.isoformat()})
    return _save_arb(c, actor, "hearing", _("开庭 %(d)s") % {"d": day}, hearing_on=day)


@transaction.atomic
def arbitration_extend(*, actor: User, case: Case, days: int) -> Case:
    """Art 43: the award period may be extended once, by at most 15 days."""
    c = _arb_case(case, actor, ArbitrationStatus.ACCEPTED)
    if c.arbitration_extension_days:
        raise AppError(E.EXTENSION_USED, _("裁决期限只能延长一次。"), "days")
    try:
        n = int(days)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= clock.AWARD_EXTENSION_MAX:
        raise AppError(E.BAD_DATE, _("裁决期限最多延长15日，请填写1到15之间的数字。"), "days")
    c.arbitration_extension_days = n
    return _save_arb(c, actor, "arb_extended", _("经仲裁委员会主任批准，裁决期限延长%(n)d日") % {"n": n}, days=n)


@transaction.atomic
def clock_pause(*, actor: User, case: Case, reason: str, started_on: Any, note: str = "") -> ClockPause:
    """Stop the award clock for a reason the rules allow (appraisal, jurisdiction objection, suspension...)."""
    c = _arb_case(case, actor, ArbitrationStatus.ACCEPTED)
    if reason not in PauseReason.values:
        raise AppError(E.BAD_PAUSE, _("只有法定情形（鉴定、管辖异议、中止审理、反申请）可以中止计算期限，请选择。"), "reason")
    day = _date(started_on, field="started_on")
    assert day is not None and c.arbitration_accepted_on is not None
    if day < c.arbitration_accepted_on:
        raise AppError(E.BAD_DATE, _("中止日期不能早于受理日期。"), "started_on")
    if ClockPause.objects.filter(case=c, ended_on__isnull=True).exists():
        raise AppError(E.BAD_PAUSE, _("期限已经在中止中，请先记录恢复。"), "reason")
    p = ClockPause.objects.create(case=c, clock=ClockKind.AWARD, reason=reason, started_on=day,
                                  note=(note or "")[:300], recorded_by=actor if getattr(actor, "pk", None) else None)
    _save_arb(c, actor, "paused", _("裁决期限中止：%(r)s，自 %(d)s") % {"r": PauseReason(reason).label, "d": day},
              reason=reason)
    return p


@transaction.atomic
def clock_resume(*, actor: User, case: Case, ended_on: Any) -> ClockPause:
    c = _arb_case(case, actor, ArbitrationStatus.ACCEPTED)
    p = ClockPause.objects.filter(case=c, ended_on__isnull=True).first()
    if p is None:
        raise AppError(E.BAD_PAUSE, _("期限没有中止，无需恢复。"), "ended_on")
    day = _date(ended_on, field="ended_on")
    assert day is not None
    if day < p.started_on:
        raise AppError(E.BAD_DATE, _("恢复日期不能早于中止日期。"), "ended_on")
    p.ended_on = day
    p.save(update_fields=["ended_on"])
    _save_arb(c, actor, "resumed", _("裁决期限恢复计算，自 %(d)s，新期限 %(due)s") % {
        "d": day, "due": clock.award_due(c, c.pauses.all(), _today())}, ended_on=day)
    return p


@transaction.atomic
def arbitration_close(*, actor: User | None, case: Case, outcome: str, award_on: Any, closed_on: Any = None,
                      amount: Any = None, due_on: Any = None) -> Case:
    """Record the outcome (裁决/调解书/撤诉/驳回) and closure; an amount awarded is followed up like an agreement."""
    c = _arb_case(case, actor, ArbitrationStatus.ACCEPTED)
    if outcome not in ArbitrationOutcome.values:
        raise AppError(E.REASON_REQUIRED, _("请选择仲裁结果：裁决、调解书、撤诉或驳回。"), "outcome")
    award_day = _date(award_on, field="award_on")
    close_day = _date(closed_on, field="closed_on", required=False) or award_day
    assert award_day is not None and close_day is not None and c.arbitration_accepted_on is not None
    if award_day < c.arbitration_accepted_on:
        raise AppError(E.BAD_DATE, _("裁决日期不能早于仲裁受理日期（%(d)s），请核对。") % {"d": c.arbitration_accepted_on},
                       "award_on")
    if close_day < award_day:
        raise AppError(E.BAD_DATE, _("结案日期不能早于裁决日期。"), "closed_on")
    _not_future(close_day, "closed_on")
    pay = _amount(amount, field="amount") if outcome in (ArbitrationOutcome.AWARD,
                                                         ArbitrationOutcome.MEDIATION_DOC) else None
    pay_due = _date(due_on, field="due_on", required=pay is not None)
    if pay is not None and pay_due is not None and pay_due < award_day:
        raise AppError(E.BAD_DATE, _("履行期限不能早于裁决日期。"), "due_on")
    ClockPause.objects.filter(case=c, ended_on__isnull=True).update(ended_on=close_day)
    c.arbitration_status, c.arbitration_outcome = ArbitrationStatus.CLOSED, outcome
    c.arbitration_award_on, c.arbitration_closed_on = award_day, close_day
    if pay is not None and pay_due is not None:
        PaymentItem.objects.create(case=c, source=PaymentSource.AWARD, item=_("仲裁确定的给付"), amount=pay, due_on=pay_due)
        c.status = CaseStatus.FULFILLING
    else:
        c.status, c.closed_on = CaseStatus.CLOSED, close_day
    c.close_note = str(ArbitrationOutcome(outcome).label)
    _save_arb(c, actor, "arb_closed", _("仲裁结案：%(o)s（%(d)s）") % {"o": ArbitrationOutcome(outcome).label,
                                                                "d": close_day}, outcome=outcome)
    _tell_parties(c, _("仲裁已结案：%(n)s") % {"n": c.number}, str(ArbitrationOutcome(outcome).label))
    return c


# --- payments ----------------------------------------------------------------------------------------

def _maybe_close(c: Case, actor: User | None) -> None:
    if c.status == CaseStatus.FULFILLING and not c.payments.filter(paid_on__isnull=True).exists():
        c.status, c.closed_on = CaseStatus.CLOSED, _today()
        c.close_note = c.close_note or _("已履行完毕")
        c.save()
        _event(c, "closed", _("履行完毕，结案"), actor)
        audit_record(actor=actor, action="disputes.case_closed", target=c, region_code=c.region_code)
        _tell_parties(c, _("案件已结案：%(n)s") % {"n": c.number}, _("约定/裁决的款项已履行完毕。"))


def _mark_paid(c: Case, items: Iterable[PaymentItem], *, paid_on: date, via_platform: bool, actor: User | None) -> None:
    for p in items:
        p.paid_on, p.paid_amount, p.via_platform = paid_on, p.amount, via_platform
        p.save(update_fields=["paid_on", "paid_amount", "via_platform"])
        _event(c, "paid", _("已履行：%(i)s %(a)s 元") % {"i": p.item, "a": p.amount}, actor)


@transaction.atomic
def case_employer_pay(*, actor: User, case: Case, method: str) -> Case:
    """The employer pays what was agreed or awarded through the platform: the engagement's payment record is
    updated through gigs (and with it the employer's reliability figures); the case follows the event."""
    from suzhaohuo.gigs.services import engagement_pay

    c = _locked_case(case)
    if c.employer is None or c.employer.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只有被申请的用工方可以在这里登记付款。"))
    unpaid = list(c.payments.filter(paid_on__isnull=True))
    if c.status != CaseStatus.FULFILLING or not unpaid:
        raise AppError(E.BAD_STATE, _("目前没有待履行的款项。"), status=409)
    total = sum((p.amount for p in unpaid), Decimal("0"))
    if c.engagement is not None and c.engagement.status == EngagementStatus.COMPLETED:
        engagement_pay(actor=actor, engagement=c.engagement, amount=total, method=method)  # → engagement.paid
    else:
        _mark_paid(c, unpaid, paid_on=_today(), via_platform=True, actor=actor)
        _maybe_close(c, actor)
    audit_record(actor=actor, action="disputes.employer_pay", target=c, region_code=c.region_code,
                 data={"amount": str(total), "method": method})
    return c


@transaction.atomic
def case_on_engagement_paid(*, engagement_id: int) -> int:
    """``engagement.paid``: the employer recorded payment on an engagement under a case being fulfilled."""
    n = 0
    for c in Case.objects.select_for_update().filter(engagement_id=engagement_id, status__in=CASE_OPEN):
        if c.status == CaseStatus.FULFILLING:
            _mark_paid(c, c.payments.filter(paid_on__isnull=True), paid_on=_today(), via_platform=True, actor=None)
            _maybe_close(c, None)
        elif c.status in (CaseStatus.APPLIED, CaseStatus.MEDIATING):
            # paid before any agreement: tell the mediator, who closes it (withdrawal) once the worker confirms
            _event(c, "engagement_paid", _("用工方已在平台登记付款，请与申请人核实后结案"), None)
            _notify(c.mediator, "case_update", _("用工方已登记付款：%(n)s") % {"n": c.number}, "", case_url(c))
        n += 1
    return n


@transaction.atomic
def case_payment_record(*, actor: User, case: Case, item_id: int, paid_on: Any) -> Case:
    """The handler records a payment made outside the platform (e.g. cash at the station)."""
    c = _locked_case(case)
    if c.arbitration_status == ArbitrationStatus.CLOSED and getattr(actor, "role", None) == Role.ARBITRATION_CLERK:
        _require_clerk(actor, c)
    else:
        _require_mediator(actor, c)
    item = c.payments.filter(pk=item_id, paid_on__isnull=True).first()
    if item is None:
        raise AppError(E.NOT_FOUND, _("没有找到这项待履行的款项。"), "item")
    day = _date(paid_on, field="paid_on")
    assert day is not None
    _not_future(day, "paid_on")
    _mark_paid(c, [item], paid_on=day, via_platform=False, actor=actor)
    _maybe_close(c, actor)
    return c


@transaction.atomic
def awards_unpaid_flag(*, today: date | None = None) -> int:
    """An award (or mediation agreement) unpaid after its due date flags the employer (once per case)."""
    today = today or _today()
    n = 0
    due = PaymentItem.objects.filter(paid_on__isnull=True, due_on__lt=today, case__status=CaseStatus.FULFILLING,
                                     case__employer_flagged=False).select_related("case")
    for case_id in sorted({p.case_id for p in due}):
        c = Case.objects.select_for_update().get(pk=case_id)
        c.employer_flagged = True
        c.save(update_fields=["employer_flagged", "updated_at"])
        _event(c, "unpaid", _("逾期未履行，已标记用工主体"), None)
        audit_record(actor=None, action="disputes.award_unpaid", target=c, region_code=c.region_code)
        events.emit(EventName.CASE_AWARD_UNPAID, case_id=c.pk, employer_id=c.employer_id)
        _notify(c.worker, "case_update", _("对方逾期未履行：%(n)s") % {"n": c.number},
                _("可持调解协议书或仲裁裁决书申请强制执行，站点可协助。"), case_url(c))
        n += 1
    return n


@transaction.atomic
def evidence_upload(*, actor: User, case: Case, files: Iterable[UploadedEvidence]) -> list[Evidence]:
    """A party or a handler in scope adds files to the case."""
    is_party = getattr(actor, "pk", None) in (case.worker_id, getattr(case.employer, "owner_id", None))
    if not is_party:
        _require_mediator(actor, case, assigned=False)
    files = list(files)
    if not files:
        raise AppError(E.BAD_FILE, _("请选择要上传的照片或PDF文件。"), "files")
    out = _store_files(files, actor=actor, case=case)
    _event(case, "evidence", _("上传材料%(n)d份") % {"n": len(out)}, actor)
    return out


# --- personal data -----------------------------------------------------------------------------------

def case_reveal(*, actor: User, case: Case, field: str) -> str:
    """Unmasked party data for a handler in scope who is not the assigned one; logged."""
    from suzhaohuo.accounts.services import pii_reveal

    if not (policy.decide(actor, Action.CASE_MEDIATE, region_code=case.region_code)
            or policy.decide(actor, Action.CASE_ARBITRATE, region_code=case.region_code)
            or policy.decide(actor, Action.COMPLAINT_HANDLE, region_code=case.region_code)):
        raise PermissionDenied(_("您没有查看这件案件当事人信息的权限。"))
    value = case.worker_name if field == "worker_name" else case.worker_mobile
    if field not in ("worker_name", "worker_mobile"):
        raise AppError(E.NOT_FOUND, _("没有这项信息。"), "field")
    if case.worker is not None:
        return pii_reveal(actor=actor, subject=case.worker, field=field, value=value,
                          purpose=f"disputes.case#{case.pk}")
    audit_record(actor=actor, action="disputes.case_reveal", target=case, region_code=case.region_code,
                 data={"field": field})
    return value


# --- clock reminders ---------------------------------------------------------------------------------

def _handlers_for(case: Case, kind: str) -> list[Any]:
    from suzhaohuo.accounts.models import User

    if kind in (ClockKind.ARBITRATION_ACCEPT, ClockKind.AWARD):
        clerks = [u for u in User.objects.filter(role=Role.ARBITRATION_CLERK, is_active=True)
                  .select_related("scope_region") if policy.in_scope(u, case.region_code)]
        return clerks
    if case.mediator is not None:
        return [case.mediator]
    return [u for u in User.objects.filter(role=Role.MEDIATOR, is_active=True).select_related("scope_region")
            if policy.in_scope(u, case.region_code)]


def _remind_once(key: str, users: list[Any], title: str, body: str, url: str, *, case: Case | None = None,
                 complaint: Complaint | None = None) -> bool:
    _obj, created = Reminder.objects.get_or_create(key=key[:80], defaults={"case": case, "complaint": complaint})
    if not created:
        return False
    for u in users:
        _notify(u, "dispute_deadline", title, body, url)
    return True


def reminders_send(*, today: date | None = None) -> int:
    """Periodic: notify handlers once when a statutory deadline is near (≤3 days) and once when it has passed;
    complaints past their acknowledgement time, likewise. Returns the number of reminders sent."""
    from suzhaohuo.accounts.models import User

    today = today or _today()
    sent = 0
    for c in Case.objects.filter(status__in=CASE_OPEN).select_related("mediator").prefetch_related("pauses",
                                                                                                   "payments"):
        for d in clock.active_deadlines(c, pauses=c.pauses.all(), payments=c.payments.all(), today=today):
            if d.state == DueState.OK:
                continue
            title = (_("【已超期】%(k)s：%(n)s") if d.state == DueState.OVERDUE else _("【即将到期】%(k)s：%(n)s")) % {
                "k": d.label, "n": c.number}
            with transaction.atomic():
                if _remind_once(f"case:{c.pk}:{d.kind}:{d.due_on}:{d.state}", _handlers_for(c, d.kind), title,
                                _("期限：%(d)s") % {"d": d.due_on}, case_url(c), case=c):
                    sent += 1
    now = timezone.now()
    late = Complaint.objects.filter(status=ComplaintStatus.RECEIVED, ack_due_at__lt=now)
    for comp in late:
        role = Role.MEDIATOR if comp.handler_kind == HandlerKind.MEDIATOR else Role.REGULATOR
        users = [u for u in User.objects.filter(role=role, is_active=True).select_related("scope_region")
                 if policy.in_scope(u, comp.region_code)]
        with transaction.atomic():
            if _remind_once(f"complaint:{comp.pk}:ack", users, _("【已超期】投诉待受理：%(n)s") % {"n": comp.number},
                            _("应于%(t)s前答复是否受理。") % {"t": timezone.localtime(comp.ack_due_at).strftime(
                                "%Y-%m-%d %H:%M")}, complaint_url(comp), complaint=comp):
                sent += 1
    return sent


def evidence_open(evidence: Evidence) -> bytes:
    if not evidence.file_path:
        raise NotFound(_("这条证据是平台记录，没有文件。"))
    with evidence_storage().open(evidence.file_path, "rb") as fh:
        return bytes(fh.read())

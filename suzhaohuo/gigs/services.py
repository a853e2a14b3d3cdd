"""The gig transaction's writes. Every step goes through the state table in gigs.state, runs in one
transaction with the engagement row locked, writes an EngagementEvent and an audit record, and notifies
the other side.

Interfaces for other apps:
    engagement_apply(worker=, job=, consent=True, message="") -> Engagement
    engagement_on_agreement_signed(engagement=) -> Engagement        on agreement.signed (gigs.handlers)
    engagement_act(actor=, engagement=, action=, data={}) -> Engagement   one entry point for pages and the API
"""

from __future__ import annotations

import math
import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError, NotFound, PermissionDenied
from suzhaohuo.core.services import audit_record
from suzhaohuo.gigs.choices import (
    COMMITTED_STATES,
    HOLDING_STATES,
    CheckinMethod,
    DisputeKind,
    EngagementStatus,
    Party,
    PayMethod,
    WageAlertStatus,
)
from suzhaohuo.gigs.conf import gig_setting
from suzhaohuo.gigs.errors import GigErrorCode
from suzhaohuo.gigs.models import CheckinCode, Dispute, Engagement, EngagementEvent, Rating, WageAlert
from suzhaohuo.gigs.state import transition_for
from suzhaohuo.kernel import channel, events, policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.notifications.services import notify

if TYPE_CHECKING:
    from suzhaohuo.agreements.models import Agreement

S = EngagementStatus


# --- helpers ------------------------------------------------------------------------------------

def _url(engagement: Engagement) -> str:
    return reverse("gigs:engagement", args=[engagement.pk])


def party_of(user: Any, engagement: Engagement) -> str | None:
    """'worker' or 'employer' if ``user`` is a side of ``engagement``, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if engagement.worker_id == user.pk:
        return Party.WORKER
    if engagement.employer.owner_id == user.pk:
        return Party.EMPLOYER
    return None


def _party_or_403(actor: User, engagement: Engagement) -> str:
    party = party_of(actor, engagement)
    if party is None:
        raise PermissionDenied(_("这不是您的用工记录，请从“我的报名”或“用工管理”进入。"))
    return party


def _locked(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().select_related("job", "employer", "worker").get(pk=engagement.pk)


def _fire(engagement: Engagement, event: str, *, actor: User | None, party: str, data: dict[str, Any] | None = None,
          reason: str = "", target: str | None = None) -> Engagement:
    """Check the state table, run its guard, change status, record history and audit."""
    data = dict(data or {})
    t = transition_for(event, status=engagement.status, party=party)
    if t.guard is not None:
        t.guard(engagement, {**data, "party": party, "reason": reason})
    from_status = engagement.status
    engagement.status = target or t.target or engagement.status
    engagement.save()
    actor_obj = actor if getattr(actor, "pk", None) else None
    clean = {k: (str(v) if isinstance(v, (Decimal, date, datetime)) else v) for k, v in data.items()}
    if channel.current() != channel.WEB:
        clean["channel"] = channel.current()  # the worker acted by SMS or phone
    EngagementEvent.objects.create(engagement=engagement, event=event, from_status=from_status,
                                   to_status=engagement.status, actor=actor_obj, party=party, reason=reason[:300],
                                   data=clean)
    audit_record(actor=actor_obj, action=f"gigs.{event}", target=engagement, region_code=engagement.township_code,
                 reason=reason, data={"from": from_status, "to": engagement.status, **clean})
    if engagement.status != from_status:
        events.emit(events.engagement_event(engagement.status), engagement_id=engagement.pk,
                    job_id=engagement.job_id, worker_id=engagement.worker_id, employer_id=engagement.employer_id,
                    from_status=from_status, transition=event)
    return engagement


def _end_of_day(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(23, 59, 59)))


def _work_dates(job: Any) -> tuple[date | None, date | None]:
    start = job.start_date
    end = job.end_date or start
    return start, end


def _holding_count(job: Any) -> int:
    return Engagement.objects.filter(job=job, status__in=list(HOLDING_STATES)).count()


def _lock_job(job: Any) -> Any:
    from suzhaohuo.jobs.models import Job

    return Job.objects.select_for_update().get(pk=job.pk)


def _check_headcount_and_fill(engagement: Engagement, actor: User) -> None:
    """Called with the engagement already moved to ACCEPTED: refuse past headcount, mark the job filled."""
    from suzhaohuo.jobs.choices import JobStatus
    from suzhaohuo.jobs.services import job_mark_filled

    job = _lock_job(engagement.job)
    taken = _holding_count(job)
    if taken > job.headcount:
        raise AppError(GigErrorCode.HEADCOUNT_FULL,
                       _("这个岗位招%(n)d人，已录用满额，不能再录用。如需更多人手，请修改招聘人数。") % {"n": job.headcount},
                       "action", status=409)
    if taken == job.headcount and job.status == JobStatus.PUBLISHED:
        job_mark_filled(job=job, actor=actor)


def _overlapping(engagement: Engagement) -> Engagement | None:
    start, end = engagement.work_start, engagement.work_end or engagement.work_start
    if start is None:
        return None
    return (Engagement.objects.filter(worker_id=engagement.worker_id, status__in=list(COMMITTED_STATES),
                                      work_start__isnull=False)
            .exclude(pk=engagement.pk)
            .filter(work_start__lte=end)
            .filter(Q(work_end__gte=start) | Q(work_end__isnull=True, work_start__gte=start))
            .select_related("job").first())


def _agreement_create(engagement: Engagement, actor: User) -> Agreement:
    """Create the e-agreement (the agreements app calls back on signing through ``agreement.signed``)."""
    from suzhaohuo.agreements.services import agreement_create_for_engagement

    return agreement_create_for_engagement(engagement=engagement, actor=actor)


def _notify_worker(engagement: Engagement, event: str, title: str, body: str = "") -> None:
    notify(user=engagement.worker, event=event, title=title, body=body, url=_url(engagement))


def _notify_employer(engagement: Engagement, event: str, title: str, body: str = "") -> None:
    notify(user=engagement.employer.owner, event=event, title=title, body=body, url=_url(engagement))


# --- apply and invite ----------------------------------------------------------------------------

@transaction.atomic
def engagement_apply(*, worker: Any, job: Any, consent: bool, message: str = "") -> Engagement:
    """One-tap apply. Requires real-name verification and a separate consent to share details (PIPL Art 23)."""
    from suzhaohuo.accounts.choices import ConsentKind, Role
    from suzhaohuo.accounts.services import consent_record
    from suzhaohuo.identity.selectors import user_is_verified
    from suzhaohuo.jobs.selectors import jobs_public

    if getattr(worker, "role", None) != Role.WORKER:
        raise AppError(GigErrorCode.NOT_A_WORKER, _("请使用零工账号报名。用工主体账号不能报名岗位。"))
    if not user_is_verified(worker):
        raise AppError(GigErrorCode.NOT_VERIFIED,
                       _("报名前请先完成实名认证：可在“我的”页面提交，或到就近的零工服务驿站办理。"), status=403)
    policy.require(worker, Action.JOB_APPLY, target=job)
    if not jobs_public().filter(pk=job.pk).exists():
        raise AppError(GigErrorCode.JOB_NOT_OPEN, _("这个岗位已结束招聘，请看看其他岗位。"), status=409)
    earlier = Engagement.objects.select_for_update().filter(job=job, worker=worker).first()
    if earlier is not None and earlier.status != EngagementStatus.WITHDRAWN:
        raise AppError(GigErrorCode.ALREADY_APPLIED, _("您已经报名过这个岗位，请在“我的报名”中查看进展。"), status=409)
    if not consent:
        raise AppError(GigErrorCode.CONSENT_REQUIRED,
                       _("请勾选同意向该用工主体提供您的姓名、联系方式等信息，才能报名。"), "consent")
    message = (message or "").strip()
    if len(message) > 300:
        raise AppError(GigErrorCode.TEXT_REQUIRED, _("留言请控制在300字以内。"), "message")
    start, end = _work_dates(job)
    if earlier is not None:  # re-applying after withdrawing, while the job is still open: the same record goes on
        engagement = earlier
        engagement.status, engagement.message, engagement.work_start, engagement.work_end = "", message, start, end
        engagement.ended_at, engagement.ended_by, engagement.end_reason = None, "", ""
    else:
        engagement = Engagement(job=job, worker=worker, employer=job.employer, status="", message=message,
                                township_code=job.township_id, work_start=start, work_end=end)
    engagement.save()
    consent_record(user=worker, kind=ConsentKind.SHARE_WITH_EMPLOYER,
                   context={"employer_id": job.employer_id, "job_id": job.pk, "engagement_id": engagement.pk})
    _fire(engagement, "apply", actor=worker, party=Party.WORKER, data={"message": message})
    _notify_employer(engagement, "application_received", _("收到新的报名：%(t)s") % {"t": job.title},
                     _("有零工报名了您的岗位，请尽快查看并回复。"))
    return engagement


@transaction.atomic
def engagement_invite(*, actor: User, job: Any, worker: Any, message: str = "") -> Engagement:
    """The employer invites a worker directly; the worker accepts or declines."""
    from suzhaohuo.identity.selectors import user_is_verified

    if job.employer.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只能邀请零工参加您自己发布的岗位。"))
    if not user_is_verified(actor):
        raise AppError(GigErrorCode.NOT_VERIFIED, _("邀请零工前，请先完成用工主体实名认证。"), status=403)
    if Engagement.objects.filter(job=job, worker=worker).exists():
        raise AppError(GigErrorCode.ALREADY_APPLIED, _("这位零工已报名或已被邀请参加这个岗位，请在报名列表中查看。"),
                       status=409)
    start, end = _work_dates(job)
    engagement = Engagement.objects.create(job=job, worker=worker, employer=job.employer, status="",
                                           message=(message or "")[:300], township_code=job.township_id,
                                           work_start=start, work_end=end)
    _fire(engagement, "invite", actor=actor, party=Party.EMPLOYER, data={"message": engagement.message})
    _notify_worker(engagement, "invitation_received", _("%(e)s邀请您参加：%(t)s") % {"e": job.employer.name,
                                                                                  "t": job.title},
                   _("请打开查看并选择接受或谢绝。"))
    return engagement


# --- accept / decline / withdraw ----------------------------------------------------------------

def _accept(engagement: Engagement, *, actor: User, party: str, event: str) -> Engagement:
    engagement = _fire(engagement, event, actor=actor, party=party)
    other = _overlapping(engagement)
    if other is not None:
        raise AppError(GigErrorCode.OVERLAPPING,
                       _("这位零工在%(d)s已被“%(j)s”录用，时间冲突，不能重复录用。") % {
                           "d": other.work_start, "j": other.job.title}, "action", status=409,
                       extra={"conflict_engagement_id": other.pk})
    _check_headcount_and_fill(engagement, actor)
    engagement.accepted_at = timezone.now()
    engagement.save(update_fields=["accepted_at", "updated_at"])
    _notify_worker(engagement, "application_accepted", _("您已被录用：%(t)s") % {"t": engagement.job.title},
                   _("请尽快签署电子协议。"))
    _agreement_create(engagement, actor)  # the agreements app tells both sides to sign
    return engagement


def _tell_worker_about_overlap(engagement: Engagement, exc: AppError) -> None:
    """Outside the failed transaction: tell the worker a second employer tried to book the same time."""
    if exc.code == GigErrorCode.OVERLAPPING:
        engagement.refresh_from_db()
        notify(user=engagement.worker, event="overlap_refused",
               title=_("“%(t)s”的录用未成功：时间冲突") % {"t": engagement.job.title},
               body=_("您在同一时间已有其他录用，平台已拒绝重复录用。如需调整，请联系用工方或取消原录用。"),
               url=_url(engagement))


def engagement_accept(*, actor: User, engagement: Engagement) -> Engagement:
    """Employer accepts an applicant (headcount and overlapping dates checked under a row lock)."""
    try:
        with transaction.atomic():
            eng = _locked(engagement)
            return _accept(eng, actor=actor, party=_party_or_403(actor, eng), event="accept")
    except AppError as exc:
        _tell_worker_about_overlap(engagement, exc)
        raise


def engagement_accept_invite(*, actor: User, engagement: Engagement) -> Engagement:
    try:
        with transaction.atomic():
            eng = _locked(engagement)
            return _accept(eng, actor=actor, party=_party_or_403(actor, eng), event="accept_invite")
    except AppError as exc:
        _tell_worker_about_overlap(engagement, exc)
        raise


@transaction.atomic
def engagement_decline(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    eng = _locked(engagement)
    party = _party_or_403(actor, eng)
    event = "decline_invite" if party == Party.WORKER else "decline"
    eng = _fire(eng, event, actor=actor, party=party, reason=reason)
    eng.ended_at, eng.ended_by, eng.end_reason = timezone.now(), party, reason[:300]
    eng.save(update_fields=["ended_at", "ended_by", "end_reason", "updated_at"])
    if party == Party.EMPLOYER:
        _notify_worker(eng, "application_declined", _("“%(t)s”暂未录用您") % {"t": eng.job.title},
                       _("看看其他合适的岗位吧。"))
    else:
        _notify_employer(eng, "invitation_declined", _("零工谢绝了您的邀请：%(t)s") % {"t": eng.job.title})
    return eng


@transaction.atomic
def engagement_withdraw(*, actor: User, engagement: Engagement) -> Engagement:
    eng = _locked(engagement)
    eng = _fire(eng, "withdraw", actor=actor, party=_party_or_403(actor, eng))
    eng.ended_at, eng.ended_by = timezone.now(), Party.WORKER
    eng.save(update_fields=["ended_at", "ended_by", "updated_at"])
    return eng


@transaction.atomic
def engagement_cancel(*, actor: User, engagement: Engagement, reason: str) -> Engagement:
    """Either side cancels with a reason; an employer cancelling close to the start is recorded as late."""
    eng = _locked(engagement)
    party = _party_or_403(actor, eng)
    eng = _fire(eng, "cancel", actor=actor, party=party, reason=reason)
    now = timezone.now()
    late = False
    if party == Party.EMPLOYER and eng.work_start is not None:
        start = timezone.make_aware(datetime.combine(eng.work_start, time(0, 0)))
        late = now >= start - timedelta(hours=gig_setting("GIG_LATE_CANCEL_HOURS"))
    eng.ended_at, eng.ended_by, eng.end_reason, eng.late_cancellation = now, party, reason.strip()[:300], late
    eng.save(update_fields=["ended_at", "ended_by", "end_reason", "late_cancellation", "updated_at"])
    title = _("用工已取消：%(t)s") % {"t": eng.job.title}
    if party == Party.EMPLOYER:
        _notify_worker(eng, "engagement_cancelled", title, _("用工方取消原因：%(r)s") % {"r": reason})
    else:
        _notify_employer(eng, "engagement_cancelled", title, _("零工取消原因：%(r)s") % {"r": reason})
    return eng


@transaction.atomic
def engagement_no_show(*, actor: User, engagement: Engagement, reason: str) -> Engagement:
    eng = _locked(engagement)
    eng = _fire(eng, "no_show", actor=actor, party=_party_or_403(actor, eng), reason=reason)
    eng.ended_at, eng.ended_by, eng.end_reason = timezone.now(), Party.EMPLOYER, reason.strip()[:300]
    eng.save(update_fields=["ended_at", "ended_by", "end_reason", "updated_at"])
    _notify_worker(eng, "no_show_recorded", _("用工方登记您未到岗：%(t)s") % {"t": eng.job.title},
                   _("如有异议，请联系就近的零工服务驿站。"))
    return eng


# --- agreement, check-in ---------------------------------------------------------------------------

@transaction.atomic
def engagement_on_agreement_signed(*, engagement: Engagement) -> Engagement:
    """Both parties have signed the agreement (the agreement.signed handler in gigs.handlers). Idempotent."""
    eng = _locked(engagement)
    if eng.status != S.ACCEPTED:
        return eng
    eng = _fire(eng, "sign", actor=None, party=Party.SYSTEM)
    eng.signed_at = timezone.now()
    eng.save(update_fields=["signed_at", "updated_at"])
    _notify_worker(eng, "agreement_signed", _("协议已签署：%(t)s") % {"t": eng.job.title},
                   _("开工当天请到现场扫码或输入到岗码签到。"))
    return eng


@transaction.atomic
def checkin_code_issue(*, actor: User, job: Any) -> CheckinCode:
    """A fresh short-lived check-in code for a job (reused while still valid for more than 5 minutes)."""
    if job.employer.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只能为您自己发布的岗位生成到岗码。"))
    code = _checkin_code_current_or_new(actor=actor, job=job)
    audit_record(actor=actor, action="gigs.checkin_code_issue", target=job, region_code=job.township_id)
    return code


def _checkin_code_current_or_new(*, actor: User, job: Any = None, subject: str = "") -> CheckinCode:
    now = timezone.now()
    qs = CheckinCode.objects.filter(job=job) if job is not None else CheckinCode.objects.filter(subject=subject)
    current = qs.filter(expires_at__gt=now + timedelta(minutes=5)).first()
    if current is not None:
        return current
    return CheckinCode.objects.create(
        job=job, subject=subject, code=f"{secrets.randbelow(1_000_000):06d}", token=secrets.token_urlsafe(24),
        expires_at=now + timedelta(minutes=gig_setting("GIG_CHECKIN_CODE_MINUTES")), issued_by=actor)


@transaction.atomic
def checkin_code_issue_for_subject(*, actor: User, subject: str, region_code: str = "") -> CheckinCode:
    """The same short-lived code + QR token for another app's subject (e.g. ``training.session:12``).
    The caller has already checked that ``actor`` may issue it."""
    if not subject:
        raise AppError(GigErrorCode.BAD_CODE, _("签到对象不能为空。"))
    code = _checkin_code_current_or_new(actor=actor, subject=subject)
    audit_record(actor=actor, action="gigs.checkin_code_issue", target_type="checkin_subject", target_id=subject,
                 region_code=region_code)
    return code


def checkin_code_match(*, subject: str, code: str) -> CheckinCode:
    """Validate a typed 6-digit code for ``subject``; raises the same errors as a job check-in."""
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise AppError(GigErrorCode.BAD_CODE, _("请输入现场出示的6位数字签到码。"), "code")
    match = CheckinCode.objects.filter(subject=subject, code=code).order_by("-expires_at").first()
    if match is None:
        raise AppError(GigErrorCode.BAD_CODE, _("签到码不对，请核对现场出示的6位数字后重新输入。"), "code")
    if match.expires_at <= timezone.now():
        raise AppError(GigErrorCode.CODE_EXPIRED, _("签到码已过期，请请老师刷新后重新输入。"), "code")
    return match


def checkin_token_resolve(*, token: str, subject_prefix: str) -> CheckinCode:
    """Resolve a scanned QR token whose subject starts with ``subject_prefix``; raises if unknown or expired."""
    match = CheckinCode.objects.filter(token=token or "", subject__startswith=subject_prefix).first() \
        if subject_prefix else None
    if match is None:
        raise AppError(GigErrorCode.BAD_CODE, _("二维码无法识别，请请老师刷新二维码，或输入6位签到码。"), "code")
    if match.expires_at <= timezone.now():
        raise AppError(GigErrorCode.CODE_EXPIRED, _("二维码已过期，请请老师刷新后重新扫码。"), "code")
    return match


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _check_geofence(job: Any, lat: float | None, lng: float | None) -> float | None:
    if lat is None or lng is None or job.lat is None or job.lng is None:
        return None
    d = distance_m(lat, lng, job.lat, job.lng)
    radius = gig_setting("GIG_GEOFENCE_METERS")
    if d > radius:
        raise AppError(GigErrorCode.OUTSIDE_GEOFENCE,
                       _("您当前位置距工作地点约%(d)d米，超出%(r)d米范围。请到达工作地点后再签到，或请用工方确认到岗。") % {
                           "d": round(d), "r": radius}, "code")
    return d


def _do_checkin(eng: Engagement, actor: User, *, method: str, lat: float | None, lng: float | None) -> Engagement:
    d = _check_geofence(eng.job, lat, lng)
    eng = _fire(eng, "checkin", actor=actor, party=Party.WORKER,
                data={"method": method, "distance_m": round(d) if d is not None else None})
    eng.checked_in_at, eng.checkin_method, eng.checkin_lat, eng.checkin_lng = timezone.now(), method, lat, lng
    eng.save(update_fields=["checked_in_at", "checkin_method", "checkin_lat", "checkin_lng", "updated_at"])
    _notify_employer(eng, "worker_checked_in", _("零工已到岗：%(t)s") % {"t": eng.job.title})
    return eng


@transaction.atomic
def engagement_checkin(*, actor: User, engagement: Engagement, code: str, lat: float | None = None,
                       lng: float | None = None) -> Engagement:
    """The worker types the 6-digit code the employer shows."""
    eng = _locked(engagement)
    if party_of(actor, eng) != Party.WORKER:
        raise AppError(GigErrorCode.NOT_YOUR_JOB, _("只能为您自己被录用的岗位签到。"), "code", status=403)
    transition_for("checkin", status=eng.status, party=Party.WORKER)
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise AppError(GigErrorCode.BAD_CODE, _("请输入用工方出示的6位数字到岗码。"), "code")
    match = CheckinCode.objects.filter(job=eng.job, code=code).order_by("-expires_at").first()
    if match is None:
        raise AppError(GigErrorCode.BAD_CODE, _("到岗码不对，请核对用工方出示的6位数字后重新输入。"), "code")
    if match.expires_at <= timezone.now():
        raise AppError(GigErrorCode.CODE_EXPIRED, _("到岗码已过期，请用工方刷新后重新输入。"), "code")
    return _do_checkin(eng, actor, method=CheckinMethod.CODE, lat=lat, lng=lng)


@transaction.atomic
def engagement_checkin_by_token(*, actor: User, token: str, lat: float | None = None,
                                lng: float | None = None) -> Engagement:
    """The worker scans the employer's QR code (a URL with a short-lived token)."""
    match = CheckinCode.objects.filter(token=token or "", job__isnull=False).select_related("job").first()
    if match is None:
        raise AppError(GigErrorCode.BAD_CODE, _("二维码无法识别，请请用工方刷新二维码，或输入6位到岗码。"), "code")
    if match.expires_at <= timezone.now():
        raise AppError(GigErrorCode.CODE_EXPIRED, _("二维码已过期，请用工方刷新后重新扫码。"), "code")
    eng = Engagement.objects.filter(job=match.job, worker=actor).first() if getattr(actor, "pk", None) else None
    if eng is None:
        raise AppError(GigErrorCode.NOT_YOUR_JOB, _("这不是您被录用的岗位，不能签到。请确认扫的是您所在工地的二维码。"),
                       "code", status=403)
    eng = _locked(eng)
    transition_for("checkin", status=eng.status, party=Party.WORKER)
    return _do_checkin(eng, actor, method=CheckinMethod.QR, lat=lat, lng=lng)


@transaction.atomic
def engagement_confirm_attendance(*, actor: User, engagement: Engagement) -> Engagement:
    eng = _locked(engagement)
    eng = _fire(eng, "confirm_attendance", actor=actor, party=_party_or_403(actor, eng))
    eng.checked_in_at, eng.checkin_method = timezone.now(), CheckinMethod.EMPLOYER
    eng.save(update_fields=["checked_in_at", "checkin_method", "updated_at"])
    return eng


# --- completion and payment -------------------------------------------------------------------------

def _decimal(value: Any, *, field: str, code: str, message: str, allow_none: bool = True) -> Decimal | None:
    if value in (None, ""):
        if allow_none:
            return None
        raise AppError(code, message, field)
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise AppError(code, message, field) from exc
    if not d.is_finite() or d <= 0:
        raise AppError(code, message, field)
    return d


def _payment_due(completed_at: datetime, settlement: str) -> datetime:
    days = gig_setting("GIG_SETTLEMENT_DAYS").get(settlement, 1)
    return _end_of_day(timezone.localtime(completed_at).date() + timedelta(days=days))


def _completed(eng: Engagement, *, hours: Decimal | None, pieces: int | None, auto: bool) -> Engagement:
    now = timezone.now()
    eng.completed_at, eng.hours, eng.pieces, eng.completion_auto = now, hours, pieces, auto
    eng.payment_due_at = _payment_due(now, eng.job.settlement)
    eng.save(update_fields=["completed_at", "hours", "pieces", "completion_auto", "payment_due_at", "updated_at"])
    due = timezone.localtime(eng.payment_due_at).strftime("%Y-%m-%d %H:%M")
    _notify_worker(eng, "completion_recorded", _("完工已确认：%(t)s") % {"t": eng.job.title},
                   _("工钱应在%(d)s前结清。如工时或件数不对，可在用工记录中提出异议。") % {"d": due})
    return eng


@transaction.atomic
def engagement_report_done(*, actor: User, engagement: Engagement) -> Engagement:
    """The worker says the work is finished (e.g. by SMS 「完工」); the employer is asked to confirm it."""
    eng = _locked(engagement)
    if party_of(actor, eng) != Party.WORKER:
        raise AppError(GigErrorCode.NOT_YOUR_JOB, _("只能为您自己的用工记录报告完工。"), status=403)
    _fire(eng, "report_done", actor=actor, party=Party.WORKER)
    _notify_employer(eng, "worker_reported_done", _("零工报告已完工：%(t)s") % {"t": eng.job.title},
                     _("请核对工时或件数后确认完工，并按约定结算工钱。"))
    return eng


@transaction.atomic
def engagement_complete(*, actor: User, engagement: Engagement, hours: Any = None, pieces: Any = None) -> Engagement:
    """Employer confirms completion with hours or pieces."""
    eng = _locked(engagement)
    party = _party_or_403(actor, eng)
    transition_for("complete", status=eng.status, party=party)
    h = _decimal(hours, field="hours", code=GigErrorCode.BAD_HOURS, message=_("请填写实际工时，例如 8 或 7.5。"))
    p: int | None = None
    if pieces not in (None, ""):
        try:
            p = int(pieces)
        except (TypeError, ValueError):
            p = -1
        if p <= 0:
            raise AppError(GigErrorCode.BAD_HOURS, _("请填写完成的件数（正整数）。"), "pieces")
    if h is None and p is None:
        raise AppError(GigErrorCode.BAD_HOURS, _("请填写实际工时或完成件数。"), "hours")
    if h is not None and h > 24 * 31:
        raise AppError(GigErrorCode.BAD_HOURS, _("工时填写过大，请核对后重新填写。"), "hours")
    eng = _fire(eng, "complete", actor=actor, party=party, data={"hours": h, "pieces": p})
    return _completed(eng, hours=h, pieces=p, auto=False)


def engagements_auto_complete(*, now: datetime | None = None) -> int:
    """Complete checked-in engagements the employer left unconfirmed past the configured hours. Idempotent."""
    now = now or timezone.now()
    grace = timedelta(hours=gig_setting("GIG_AUTO_COMPLETE_HOURS"))
    n = 0
    for eng in Engagement.objects.filter(status=S.CHECKED_IN).select_related("job"):
        last_day = eng.work_end or eng.work_start or timezone.localtime(eng.checked_in_at or now).date()
        if _end_of_day(last_day) + grace > now:
            continue
        with transaction.atomic():
            locked = _locked(eng)
            if locked.status != S.CHECKED_IN:
                continue
            hours = None
            if locked.job.daily_hours and locked.work_start:
                days = ((locked.work_end or locked.work_start) - locked.work_start).days + 1
                hours = locked.job.daily_hours * days
            locked = _fire(locked, "auto_complete", actor=None, party=Party.SYSTEM, data={"hours": hours})
            _completed(locked, hours=hours, pieces=None, auto=True)
            _notify_employer(locked, "completion_recorded", _("系统已自动确认完工：%(t)s") % {"t": locked.job.title},
                             _("您未在规定时间内确认完工，系统已按约定工时确认，请按时支付工钱。"))
        n += 1
    return n


@transaction.atomic
def engagement_pay(*, actor: User, engagement: Engagement, amount: Any, method: str,
                   paid_on: date | None = None) -> Engagement:
    """Employer records a payment: amount, method and date."""
    eng = _locked(engagement)
    party = _party_or_403(actor, eng)
    transition_for("pay", status=eng.status, party=party)
    amt = _decimal(amount, field="amount", code=GigErrorCode.BAD_AMOUNT, allow_none=False,
                   message=_("请填写实际支付的金额（元），例如 200。"))
    if method not in PayMethod.values:
        raise AppError(GigErrorCode.BAD_AMOUNT, _("请选择付款方式。"), "method")
    today = timezone.localdate()
    paid_on = paid_on or today
    if paid_on > today:
        raise AppError(GigErrorCode.BAD_AMOUNT, _("付款日期不能晚于今天，请重新选择。"), "paid_on")
    eng = _fire(eng, "pay", actor=actor, party=party, data={"amount": amt, "method": method, "paid_on": paid_on})
    eng.paid_at, eng.pay_amount, eng.pay_method, eng.paid_on = timezone.now(), amt, method, paid_on
    eng.save(update_fields=["paid_at", "pay_amount", "pay_method", "paid_on", "updated_at"])
    WageAlert.objects.filter(engagement=eng, status=WageAlertStatus.OPEN).update(
        status=WageAlertStatus.RESOLVED, resolved_at=timezone.now(), note=_("用工方已登记付款，待零工确认。"))
    _notify_worker(eng, "payment_recorded", _("用工方已登记付款 %(a)s 元：%(t)s") % {"a": amt, "t": eng.job.title},
                   _("收到后请在用工记录中确认；金额不对可提出异议。"))
    return eng


@transaction.atomic
def engagement_confirm_payment(*, actor: User, engagement: Engagement) -> Engagement:
    eng = _locked(engagement)
    eng = _fire(eng, "confirm", actor=actor, party=_party_or_403(actor, eng))
    eng.confirmed_at = timezone.now()
    eng.save(update_fields=["confirmed_at", "updated_at"])
    _notify_employer(eng, "payment_confirmed", _("零工已确认收款：%(t)s") % {"t": eng.job.title},
                     _("欢迎为这位零工评价。"))
    return eng


@transaction.atomic
def engagement_rate(*, actor: User, engagement: Engagement, score: Any, comment: str = "") -> Engagement:
    eng = _locked(engagement)
    party = _party_or_403(actor, eng)
    transition_for("rate", status=eng.status, party=party)
    try:
        s = int(score)
    except (TypeError, ValueError):
        s = 0
    if not 1 <= s <= 5:
        raise AppError(GigErrorCode.BAD_SCORE, _("请选择1到5星的评分。"), "score")
    other = Party.EMPLOYER if party == Party.WORKER else Party.WORKER
    both = eng.ratings.filter(rater_party=other).exists()
    eng = _fire(eng, "rate", actor=actor, party=party, data={"score": s, "comment": comment[:300]},
                target=S.RATED if both else None)
    ratee = eng.employer.owner if party == Party.WORKER else eng.worker
    Rating.objects.create(engagement=eng, rater_party=party, ratee=ratee, score=s, comment=(comment or "")[:300])
    notify(user=ratee, event="rating_received", title=_("您收到一条%(s)d星评价：%(t)s") % {"s": s, "t": eng.job.title},
           body=comment[:100], url=_url(eng))
    return eng


@transaction.atomic
def engagement_dispute(*, actor: User, engagement: Engagement, kind: str, text: str,
                       claimed_hours: Any = None, claimed_amount: Any = None) -> Dispute:
    """The worker disputes the completion or payment record; kept with the transaction, visible to staff."""
    eng = _locked(engagement)
    party = _party_or_403(actor, eng)
    transition_for("dispute", status=eng.status, party=party)
    if kind not in DisputeKind.values:
        raise AppError(GigErrorCode.TEXT_REQUIRED, _("请选择异议类型：完工记录或付款记录。"), "kind")
    if kind == DisputeKind.PAYMENT and eng.status == S.COMPLETED:
        raise AppError(GigErrorCode.BAD_TRANSITION, _("用工方还未登记付款。如逾期未付，平台会提醒站点工作人员跟进。"),
                       "kind", status=409)
    h = _decimal(claimed_hours, field="claimed_hours", code=GigErrorCode.BAD_HOURS,
                 message=_("请填写您认为的实际工时，例如 8。"))
    a = _decimal(claimed_amount, field="claimed_amount", code=GigErrorCode.BAD_AMOUNT,
                 message=_("请填写您认为应得的金额（元）。"))
    _fire(eng, "dispute", actor=actor, party=party, data={"kind": kind, "text": (text or "").strip()[:500],
                                                          "claimed_hours": h, "claimed_amount": a})
    dispute = Dispute.objects.create(engagement=eng, kind=kind, text=text.strip()[:500], claimed_hours=h,
                                     claimed_amount=a, raised_by=actor)
    _notify_employer(eng, "dispute_raised", _("零工对%(k)s提出异议：%(t)s") % {
        "k": DisputeKind(kind).label, "t": eng.job.title}, text[:100])
    return dispute


# --- contact reveal -------------------------------------------------------------------------------

def engagement_reveal_mobile(*, actor: User, engagement: Engagement) -> str:
    """The worker's full mobile for the employer, only after acceptance; logged and rate-limited."""
    from suzhaohuo.accounts.services import pii_reveal

    if party_of(actor, engagement) != Party.EMPLOYER:
        raise PermissionDenied(_("只有录用这位零工的用工方可以查看其手机号。"))
    if engagement.status not in HOLDING_STATES:
        raise AppError(GigErrorCode.NOT_REVEALABLE, _("录用后才能查看零工的完整手机号，请先录用。"), "action", status=403)
    return pii_reveal(actor=actor, subject=engagement.worker, field="mobile", value=engagement.worker.mobile,
                      purpose=f"gigs.engagement#{engagement.pk}")


# --- timed steps -------------------------------------------------------------------------------------

MEDIATION_HELP = _(
    "如用工方逾期未付工钱，您可以：1. 到所在乡镇（街道）零工服务驿站或劳动争议调解组织申请免费调解；"
    "2. 调解15日内未达成协议的，可向县（区）劳动人事争议仲裁委员会申请仲裁（不收费，时效1年）；"
    "3. 拨打12333咨询。请保留好本平台的协议、到岗和完工记录作为证据。")


def wage_alerts_raise(*, now: datetime | None = None) -> int:
    """Raise a 欠薪 alert for each completed engagement whose payment is overdue. Idempotent."""
    now = now or timezone.now()
    n = 0
    overdue = (Engagement.objects.filter(status=S.COMPLETED, payment_due_at__lt=now, wage_alert__isnull=True)
               .select_related("job", "worker"))
    for eng in overdue:
        due_at = eng.payment_due_at
        assert due_at is not None  # guaranteed by the payment_due_at__lt filter
        with transaction.atomic():
            alert, created = WageAlert.objects.get_or_create(
                engagement=eng, defaults={"township_code": eng.township_code or eng.job.township_id,
                                          "due_at": due_at})
            if not created:
                continue
            audit_record(actor=None, action="gigs.wage_alert", target=eng, region_code=alert.township_code,
                         data={"due_at": due_at.isoformat()})
            _notify_worker(eng, "wage_alert", _("工钱逾期未付：%(t)s") % {"t": eng.job.title}, str(MEDIATION_HELP))
            _notify_employer(eng, "wage_alert", _("请尽快支付工钱：%(t)s") % {"t": eng.job.title},
                             _("已超过约定结算期限，站点工作人员将跟进。付款后请在平台登记。"))
        n += 1
    return n


@transaction.atomic
def wage_alert_resolve(*, actor: User, alert: WageAlert, note: str) -> WageAlert:
    from suzhaohuo.gigs.selectors import wage_alerts_for_staff

    if not wage_alerts_for_staff(actor=actor, status=None).filter(pk=alert.pk).exists():
        raise NotFound(_("这条预警不在您的管辖范围内。"))
    if not (note or "").strip():
        raise AppError(GigErrorCode.TEXT_REQUIRED, _("请填写处理情况，例如“已电话督促用工方付款”。"), "note")
    alert.status, alert.resolved_at, alert.resolved_by, alert.note = (WageAlertStatus.RESOLVED, timezone.now(), actor,
                                                                      note.strip()[:500])
    alert.save()
    audit_record(actor=actor, action="gigs.wage_alert_resolve", target=alert, region_code=alert.township_code,
                 reason=note)
    return alert


def checkin_reminders_send(*, now: datetime | None = None) -> int:
    """Remind signed workers the day before (and on the day of) the start. Idempotent."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    n = 0
    for eng in Engagement.objects.filter(status=S.SIGNED, checkin_reminded_at__isnull=True,
                                         work_start__lte=tomorrow).select_related("job"):
        with transaction.atomic():
            updated = Engagement.objects.filter(pk=eng.pk, checkin_reminded_at__isnull=True).update(
                checkin_reminded_at=now)
            if not updated:
                continue
            _notify_worker(eng, "checkin_reminder", _("开工提醒：%(t)s，%(d)s") % {"t": eng.job.title, "d": eng.work_start},
                           _("地址：%(a)s。到达后请扫码或输入到岗码签到。") % {"a": eng.job.address})
        n += 1
    return n


# --- one entry point for pages and the API --------------------------------------------------------

def engagement_act(*, actor: User, engagement: Engagement, action: str, data: dict[str, Any] | None = None) -> Any:
    """Dispatch a named action (from the state table) to its service."""
    d = data or {}
    party = _party_or_403(actor, engagement)
    if action == "accept":
        return (engagement_accept_invite if party == Party.WORKER else engagement_accept)(
            actor=actor, engagement=engagement)
    if action in ("decline", "decline_invite"):
        return engagement_decline(actor=actor, engagement=engagement, reason=d.get("reason", "") or "")
    if action == "accept_invite":
        return engagement_accept_invite(actor=actor, engagement=engagement)
    if action == "withdraw":
        return engagement_withdraw(actor=actor, engagement=engagement)
    if action == "checkin":
        if party == Party.EMPLOYER:
            return engagement_confirm_attendance(actor=actor, engagement=engagement)
        return engagement_checkin(actor=actor, engagement=engagement, code=d.get("code", "") or "",
                                  lat=d.get("lat"), lng=d.get("lng"))
    if action == "confirm_attendance":
        return engagement_confirm_attendance(actor=actor, engagement=engagement)
    if action == "report_done":
        return engagement_report_done(actor=actor, engagement=engagement)
    if action == "complete":
        return engagement_complete(actor=actor, engagement=engagement, hours=d.get("hours"), pieces=d.get("pieces"))
    if action == "pay":
        return engagement_pay(actor=actor, engagement=engagement, amount=d.get("amount"),
                              method=d.get("method", "") or "", paid_on=d.get("paid_on"))
    if action == "confirm":
        return engagement_confirm_payment(actor=actor, engagement=engagement)
    if action == "rate":
        return engagement_rate(actor=actor, engagement=engagement, score=d.get("score"),
                               comment=d.get("comment", "") or "")
    if action == "dispute":
        return engagement_dispute(actor=actor, engagement=engagement, kind=d.get("kind", "") or "",
                                  text=d.get("text", "") or "", claimed_hours=d.get("claimed_hours"),
                                  claimed_amount=d.get("claimed_amount"))
    if action == "cancel":
        return engagement_cancel(actor=actor, engagement=engagement, reason=d.get("reason", "") or "")
    if action == "no_show":
        return engagement_no_show(actor=actor, engagement=engagement, reason=d.get("reason", "") or "")
    raise AppError(GigErrorCode.UNKNOWN_ACTION, _("不支持这个操作，请返回用工记录页面重新选择。"), "action")

"""Training writes: providers, courses and sessions, enrolment (with waiting list, walk-ins, cancellation,
reminders), attendance through the gig check-in mechanism, assessment and completion, the sealed training
certificate, subsidy evaluation and claims, and certification badges (nightly and on upheld complaints).

Every write is keyword-only, atomic and audit-logged; other apps learn of completions through the
``training.completed`` event."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.roles import Role
from suzhaohuo.notifications.services import notify
from suzhaohuo.training import rules
from suzhaohuo.training.choices import (
    AssessmentResult,
    BadgeStatus,
    CourseLevel,
    CourseMode,
    EnrolmentChannel,
    EnrolmentStatus,
    LicenceKind,
    PersonGroup,
    ProviderStatus,
)
from suzhaohuo.training.errors import TrainingErrorCode as E
from suzhaohuo.training.models import (
    Attendance,
    BadgeGrant,
    Certificate,
    Course,
    Enrolment,
    PersonGroupRecord,
    Provider,
    Session,
    SubsidyClaim,
    SubsidyClaimLine,
    UpheldComplaint,
)

CERT_KIND = "training_certificate"
CHECKIN_PREFIX = "training.session:"
CHECKIN_WINDOW = timedelta(minutes=60)  # check-in opens this long before a session and closes this long after


def _region(code: str, field: str) -> Any:
    from suzhaohuo.regions.models import Region

    region = Region.objects.filter(code=(code or "").strip(), level="township").first()
    if region is None:
        raise AppError(E.INVALID, _("请选择乡镇（街道）。"), field)
    return region


# --- providers --------------------------------------------------------------------------------------------

@transaction.atomic
def provider_register(*, user: Any, name: str, licence_kind: str, licence_number: str, township_code: str,
                      address: str = "", phone: str = "") -> Provider:
    """A training provider registers; station staff of its township verify it like an employer."""
    policy.require(user, Action.TRAINING_MANAGE)
    if Provider.objects.filter(owner=user).exists():
        raise AppError(E.PROVIDER_EXISTS, _("这个账号已经登记过培训机构，请在机构主页修改。"), status=409)
    name = (name or "").strip()
    if not name:
        raise AppError(E.INVALID, _("请输入培训机构名称。"), "name")
    if licence_kind not in LicenceKind.values:
        raise AppError(E.LICENCE_REQUIRED, _("请选择资质类型：办学许可证或职业技能培训备案。"), "licence_kind")
    if len((licence_number or "").strip()) < 4:
        raise AppError(E.LICENCE_REQUIRED, _("请输入办学许可证号或备案号（见证书或备案回执）。"), "licence_number")
    region = _region(township_code, "township_code")
    provider = Provider.objects.create(owner=user, name=name, licence_kind=licence_kind,
                                       licence_number=licence_number.strip(), township=region,
                                       address=(address or "").strip(), phone=(phone or "").strip())
    audit_record(actor=user, action="training.provider_register", target=provider, region_code=region.code)
    return provider


@transaction.atomic
def provider_verify(*, actor: User, provider: Provider, approve: bool, reason: str = "") -> Provider:
    policy.require(actor, Action.IDENTITY_VERIFY, region_code=provider.township_id)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not approve and not (reason or "").strip():
        raise AppError(E.INVALID, _("请写明未通过的原因，方便机构补正。"), "reason")
    provider.status = ProviderStatus.VERIFIED if approve else ProviderStatus.REJECTED
    provider.verified_at = timezone.now() if approve else None
    provider.verified_by = actor
    provider.reject_reason = "" if approve else reason.strip()
    provider.save(update_fields=["status", "verified_at", "verified_by", "reject_reason", "updated_at"])
    audit_record(actor=actor, action="training.provider_verify", target=provider, region_code=provider.township_id,
                 data={"approve": approve, "reason": reason})
    notify(user=provider.owner, event="training_provider_verified",
           title=_("培训机构审核通过") if approve else _("培训机构审核未通过"),
           body="" if approve else reason, url=reverse("training:provider"))
    return provider


def _own_verified_provider(actor: User) -> Provider:
    policy.require(actor, Action.TRAINING_MANAGE)
    provider = Provider.objects.filter(owner=actor).first()
    if provider is None:
        raise AppError(E.PROVIDER_REQUIRED, _("请先登记培训机构信息。"), status=403)
    if not provider.is_verified:
        raise AppError(E.PROVIDER_NOT_VERIFIED, _("培训机构通过审核后才能开课，请等待站点工作人员审核。"), status=403)
    return provider


def require_manage(actor: User, course: Course, *, provider_only: bool = False) -> None:
    """The course's own provider, or (unless ``provider_only``) station staff of the township where it is held."""
    if course.provider.owner_id == getattr(actor, "pk", None):
        policy.require(actor, Action.TRAINING_MANAGE)
        return
    if getattr(actor, "role", None) == Role.TRAINING_PROVIDER:
        raise PermissionDenied(_("这不是贵机构的课程。"))
    if provider_only:
        raise PermissionDenied(_("考核结果只能由开课的培训机构登记。"))
    policy.require(actor, Action.TRAINING_MANAGE, region_code=course.township_id)


# --- courses and sessions -----------------------------------------------------------------------------------

def _decimal(value: Any, field: str, message: str, *, minimum: Decimal = Decimal("0")) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise AppError(E.INVALID, message, field) from None
    if d < minimum:
        raise AppError(E.INVALID, message, field)
    return d


@transaction.atomic
def course_create(*, actor: User, title: str, category_code: str, level: str, hours: Any, mode: str,
                  township_code: str, certificate_name: str, fee: Any = 0, subsidy_eligible: bool = False,
                  carrier_id: int | None = None, min_attendance: Any = "1", assessment_required: bool = True,
                  description: str = "", occupation_code: str = "", occupation_name: str = "") -> Course:
    from suzhaohuo.jobs.models import JobCategory

    provider = _own_verified_provider(actor)
    title = (title or "").strip()
    if not title:
        raise AppError(E.INVALID, _("请输入课程名称，例如“家政服务员（专项能力）”。"), "title")
    category = JobCategory.objects.filter(code=category_code, parent__isnull=False).first()
    if category is None:
        raise AppError(E.INVALID, _("请选择课程对应的零工类别。"), "category_code")
    if level not in CourseLevel.values:
        raise AppError(E.INVALID, _("请选择课程等级。"), "level")
    if mode not in CourseMode.values:
        raise AppError(E.INVALID, _("请选择上课方式。"), "mode")
    hours_d = _decimal(hours, "hours", _("请输入课时数，例如 16。"), minimum=Decimal("0.5"))
    fee_d = _decimal(fee or 0, "fee", _("请输入学费金额（元），免费请填0。"))
    share = _decimal(min_attendance, "min_attendance", _("请输入0到1之间的出勤率，例如 0.8。"))
    if share > 1:
        raise AppError(E.INVALID, _("请输入0到1之间的出勤率，例如 0.8。"), "min_attendance")
    if not (certificate_name or "").strip():
        raise AppError(E.INVALID, _("请写明结业后可获得的证书。"), "certificate_name")
    region = _region(township_code, "township_code")
    carrier = None
    if carrier_id:
        from suzhaohuo.carriers.models import Carrier

        carrier = Carrier.objects.filter(pk=carrier_id, is_active=True).first()
        if carrier is None:
            raise AppError(E.INVALID, _("请选择开课的零工服务站点。"), "carrier_id")
    course = Course.objects.create(
        provider=provider, title=title, category=category,
        occupation_code=(occupation_code or category.occupation_code or "").strip(),
        occupation_name=(occupation_name or "").strip(), level=level, hours=hours_d, mode=mode, carrier=carrier,
        township=region, fee=fee_d, subsidy_eligible=bool(subsidy_eligible), certificate_name=certificate_name.strip(),
        min_attendance=share, assessment_required=bool(assessment_required), description=(description or "").strip())
    audit_record(actor=actor, action="training.course_create", target=course, region_code=region.code)
    return course


@transaction.atomic
def session_add(*, actor: User, course: Course, starts_at: datetime, ends_at: datetime, place: str, capacity: int,
                teacher: str, carrier_id: int | None = None) -> Session:
    require_manage(actor, course)
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise AppError(E.INVALID, _("请填写开始和结束时间，结束要晚于开始。"), "starts_at")
    if starts_at <= timezone.now():
        raise AppError(E.INVALID, _("上课时间要在现在之后。"), "starts_at")
    if not capacity or int(capacity) < 1:
        raise AppError(E.INVALID, _("请输入可容纳的人数（至少1人）。"), "capacity")
    if not (place or "").strip():
        raise AppError(E.INVALID, _("请输入上课地点。"), "place")
    if not (teacher or "").strip():
        raise AppError(E.INVALID, _("请输入授课老师姓名。"), "teacher")
    carrier = course.carrier
    if carrier_id:
        from suzhaohuo.carriers.models import Carrier

        carrier = Carrier.objects.filter(pk=carrier_id, is_active=True).first()
    session = Session.objects.create(course=course, starts_at=starts_at, ends_at=ends_at, place=place.strip(),
                                     carrier=carrier, capacity=int(capacity), teacher=teacher.strip())
    audit_record(actor=actor, action="training.session_add", target=session, region_code=course.township_id)
    return session


def course_capacity(course: Course) -> int:
    caps = list(course.sessions.values_list("capacity", flat=True))
    return min(caps) if caps else 0


# --- enrolment ------------------------------------------------------------------------------------------------

def _worker_home(worker: Any) -> str:
    from suzhaohuo.workers.models import WorkerProfile

    profile = WorkerProfile.objects.filter(user=worker).first()
    return profile.home_township_id if profile and profile.home_township_id else ""


def _check_enrollable(course: Course) -> None:
    first = course.sessions.order_by("starts_at").first()
    if not course.is_published or first is None:
        raise AppError(E.NO_SESSIONS, _("这门课程还没有排课，暂时不能报名。"))
    if first.starts_at <= timezone.now():
        raise AppError(E.STARTED, _("这期课程已经开课，不能再报名了。请选择下一期或其他课程。"))


@transaction.atomic
def enrolment_create(*, worker: Any, course: Course, channel: str = EnrolmentChannel.COURSE_PAGE,
                     via_job: Any = None, waitlist: bool = False, enrolled_by: Any = None,
                     consent_note: str = "") -> Enrolment:
    """Enrol ``worker``. When the class is full, join the waiting list if ``waitlist`` else refuse."""
    if getattr(worker, "role", None) != Role.WORKER:
        raise PermissionDenied(_("请使用零工账号报名培训。"))
    course = Course.objects.select_for_update().select_related("provider").get(pk=course.pk)
    _check_enrollable(course)
    existing = Enrolment.objects.select_for_update().filter(course=course, worker=worker).first()
    if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
        raise AppError(E.ALREADY_ENROLLED, _("您已经报名过这门课程（%(s)s），不用重复报名。") % {
            "s": existing.get_status_display()}, status=409)
    seated = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    full = seated >= course_capacity(course)
    if full and not waitlist:
        raise AppError(E.FULL, _("这期课程已报满。可以加入候补名单，有人取消时按顺序递补并通知您。"), status=409)
    status = EnrolmentStatus.WAITLISTED if full else EnrolmentStatus.ENROLLED
    fields = {"status": status, "channel": channel, "via_job": via_job, "enrolled_by": enrolled_by,
              "consent_note": consent_note, "region_code": course.township_id,
              "worker_region_code": _worker_home(worker), "cancelled_at": None}
    if existing is not None:
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.created_at = timezone.now()  # back of the queue
        existing.save()
        enrolment = existing
    else:
        enrolment = Enrolment.objects.create(course=course, worker=worker, **fields)
    subsidy_evaluate(enrolment=enrolment)
    audit_record(actor=enrolled_by or worker, action="training.enrol", target=enrolment,
                 region_code=course.township_id, data={"status": status, "channel": channel,
                                                       "via_job": getattr(via_job, "pk", None)})
    first = course.sessions.order_by("starts_at").first()
    when = timezone.localtime(first.starts_at).strftime("%m月%d日 %H:%M") if first else ""
    notify(user=worker, event="training_enrolled",
           title=_("已报名：%(t)s") % {"t": course.title} if status == EnrolmentStatus.ENROLLED
           else _("已加入候补：%(t)s") % {"t": course.title},
           body=_("第一次课 %(w)s，地点：%(p)s") % {"w": when, "p": first.place if first else ""},
           url=reverse("training:course", args=[course.pk]))
    return enrolment


@transaction.atomic
def enrolment_walk_in(*, actor: User, course: Course, mobile: str, consent: bool, consent_method: str = "") -> Enrolment:
    """Station staff enrol a resident who came in person; the resident's consent is recorded."""
    from suzhaohuo.accounts.services import user_get_by_mobile

    policy.require(actor, Action.STATION_CONSOLE, region_code=course.township_id)
    user = user_get_by_mobile((mobile or "").strip())
    if user is None or user.role != Role.WORKER:
        raise AppError(E.NOT_FOUND, _("没有找到这个手机号的零工账号。请先在站点工作台为其登记。"), "mobile")
    if not consent:
        raise AppError(E.CONSENT_REQUIRED, _("请先向本人说明课程和个人信息用途，征得同意后勾选。"), "consent")
    note = _("%(m)s，由%(s)s于%(t)s记录") % {"m": consent_method or _("本人到站口头同意"), "s": actor.username,
                                        "t": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    enrolment = enrolment_create(worker=user, course=course, channel=EnrolmentChannel.WALK_IN, waitlist=True,
                                 enrolled_by=actor, consent_note=note[:200])
    audit_record(actor=actor, action="training.walk_in_consent", target=enrolment, region_code=course.township_id,
                 data={"consent": note})
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: User, enrolment: Enrolment, reason: str = "") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("course", "course__provider").get(pk=enrolment.pk)
    if enrolment.worker_id != getattr(actor, "pk", None):
        require_manage(actor, enrolment.course)
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        raise AppError(E.INVALID, _("这个报名已经结束，不能再取消。"))
    was_seated = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status, enrolment.cancelled_at = EnrolmentStatus.CANCELLED, timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(actor=actor, action="training.cancel", target=enrolment, region_code=enrolment.region_code,
                 reason=reason)
    if was_seated:
        _promote_waitlist(enrolment.course)
    return enrolment


def _promote_waitlist(course: Course) -> None:
    if Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count() >= course_capacity(course):
        return
    nxt = Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITLISTED).order_by("created_at", "id").first()
    if nxt is None:
        return
    nxt.status = EnrolmentStatus.ENROLLED
    nxt.save(update_fields=["status", "updated_at"])
    audit_record(actor=None, action="training.waitlist_promote", target=nxt, region_code=nxt.region_code)
    notify(user=nxt.worker, event="training_enrolled", title=_("候补成功：%(t)s") % {"t": course.title},
           body=_("有人取消了报名，您已递补为正式学员，请按时上课。"), url=reverse("training:course", args=[course.pk]))


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind enrolled students of a session starting within 24 hours (once per session)."""
    now = now or timezone.now()
    sent = 0
    for session in Session.objects.filter(starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
                                          ).select_related("course"):
        window_start = session.starts_at - timedelta(hours=24)
        for enrolment in Enrolment.objects.filter(course=session.course, status=EnrolmentStatus.ENROLLED
                                                  ).select_related("worker"):
            if enrolment.reminded_at and enrolment.reminded_at >= window_start:
                continue
            with transaction.atomic():
                updated = Enrolment.objects.filter(pk=enrolment.pk, reminded_at=enrolment.reminded_at).update(
                    reminded_at=now)
                if not updated:
                    continue
                notify(user=enrolment.worker, event="training_reminder",
                       title=_("上课提醒：%(t)s") % {"t": session.course.title},
                       body=_("%(w)s 在%(p)s上课，到场后扫老师出示的二维码签到。") % {
                           "w": timezone.localtime(session.starts_at).strftime("%m月%d日 %H:%M"), "p": session.place},
                       url=reverse("training:course", args=[session.course_id]))
                sent += 1
    return sent


# --- attendance (the gig check-in mechanism) ----------------------------------------------------------------

def session_checkin_code(*, actor: User, session: Session) -> Any:
    from suzhaohuo.gigs.services import checkin_code_issue_for_subject

    require_manage(actor, session.course)
    return checkin_code_issue_for_subject(actor=actor, subject=session.checkin_subject,
                                          region_code=session.course.township_id)


def _attend(*, actor: User, session: Session, method: str) -> Attendance:
    enrolment = Enrolment.objects.select_for_update().filter(course=session.course_id, worker=actor).first() \
        if getattr(actor, "pk", None) else None
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise AppError(E.NOT_ENROLLED, _("您不是这门课的正式学员，不能签到。请先报名，候补中的学员递补后才能签到。"),
                       "code", status=403)
    now = timezone.now()
    if not (session.starts_at - CHECKIN_WINDOW <= now <= session.ends_at + CHECKIN_WINDOW):
        raise AppError(E.SESSION_NOT_OPEN, _("现在不是这次课的签到时间（开课前1小时到下课后1小时）。"), "code")
    try:
        with transaction.atomic():
            att = Attendance.objects.create(enrolment=enrolment, session=session, method=method, checked_in_at=now)
    except IntegrityError:
        raise AppError(E.ALREADY_ATTENDED, _("这次课您已经签到过了。"), "code", status=409) from None
    audit_record(actor=actor, action="training.attend", target=att, region_code=enrolment.region_code,
                 data={"session": session.pk, "method": method})
    return att


@transaction.atomic
def attend_by_code(*, actor: User, session: Session, code: str) -> Attendance:
    from suzhaohuo.gigs.services import checkin_code_match

    checkin_code_match(subject=session.checkin_subject, code=code)
    return _attend(actor=actor, session=session, method="code")


@transaction.atomic
def attend_by_token(*, actor: User, token: str) -> Attendance:
    from suzhaohuo.gigs.services import checkin_token_resolve

    match = checkin_token_resolve(token=token, subject_prefix=CHECKIN_PREFIX)
    session = Session.objects.select_related("course").get(pk=int(match.subject[len(CHECKIN_PREFIX):]))
    return _attend(actor=actor, session=session, method="qr")


def attendance_share(enrolment: Enrolment) -> Decimal:
    total = Session.objects.filter(course=enrolment.course_id).count()
    if not total:
        return Decimal("0")
    return Decimal(enrolment.attendances.count()) / Decimal(total)


# --- assessment, completion, certificate -------------------------------------------------------------------

@transaction.atomic
def enrolment_assess(*, actor: User, enrolment: Enrolment, result: str, score: int | None = None) -> Enrolment:
    """The provider records the assessment; a pass with enough attendance completes the course and issues the
    certificate; a fail ends it."""
    enrolment = Enrolment.objects.select_for_update().select_related("course", "course__provider", "worker").get(
        pk=enrolment.pk)
    require_manage(actor, enrolment.course, provider_only=True)
    if result not in AssessmentResult.values:
        raise AppError(E.INVALID, _("请选择考核结果：合格或不合格。"), "result")
    if score is not None and not 0 <= int(score) <= 100:
        raise AppError(E.INVALID, _("分数请填0到100之间的整数。"), "score")
    if enrolment.status in (EnrolmentStatus.PASSED, EnrolmentStatus.FAILED):
        raise AppError(E.ALREADY_ASSESSED, _("这位学员的考核结果已经登记过了。"), status=409)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise AppError(E.NOT_ENROLLED, _("只有正式学员才能登记考核结果。"))
    share = attendance_share(enrolment)
    if result == AssessmentResult.PASS and share < enrolment.course.min_attendance:
        raise AppError(E.NOT_COMPLETE, _("这位学员出勤%(a)d%%，未达到结业要求的%(b)d%%，不能登记为合格。") % {
            "a": int(share * 100), "b": int(enrolment.course.min_attendance * 100)}, "result")
    now = timezone.now()
    enrolment.assessment, enrolment.assessment_score, enrolment.assessed_at = result, score, now
    if result == AssessmentResult.PASS:
        enrolment.status, enrolment.completed_at = EnrolmentStatus.PASSED, now
    else:
        enrolment.status = EnrolmentStatus.FAILED
    enrolment.save()
    audit_record(actor=actor, action="training.assess", target=enrolment, region_code=enrolment.region_code,
                 data={"result": result, "score": score, "attendance": str(share)})
    if result == AssessmentResult.PASS:
        certificate_issue(actor=actor, enrolment=enrolment)
        subsidy_evaluate(enrolment=enrolment)
        events.emit(EventName.TRAINING_COMPLETED, enrolment_id=enrolment.pk, worker_user_id=enrolment.worker_id)
        notify(user=enrolment.worker, event="training_completed",
               title=_("恭喜结业：%(t)s") % {"t": enrolment.course.title},
               body=_("培训合格证书已签发，可在“我的培训”下载，任何人都能在速找活核验。"), url=reverse("training:mine"))
    else:
        notify(user=enrolment.worker, event="training_completed",
               title=_("考核未通过：%(t)s") % {"t": enrolment.course.title},
               body=_("可以报名下一期课程再次参加。"), url=reverse("training:mine"))
    return enrolment


def _certificate_text(doc: dict[str, Any]) -> str:
    f = doc["fields"]
    return "\n".join([
        "# " + _("培训合格证书"),
        _("证书编号：%(n)s") % {"n": doc["number"]},
        "",
        _("%(w)s（身份证号 %(id)s）于%(a)s至%(b)s参加%(p)s举办的“%(c)s”培训，共%(h)s学时，出勤%(att)s，"
          "经考核合格，准予结业。") % {"w": f["worker_name"], "id": f["worker_id_masked"], "a": f["first_session"],
                                 "b": f["last_session"], "p": f["provider_name"], "c": f["course_title"],
                                 "h": f["hours"], "att": f["attendance"]},
        "",
        "## " + _("培训信息"),
        _("职业（工种）：%(o)s　职业分类大典编码：%(c)s") % {"o": f["occupation"], "c": f["occupation_code"] or "—"},
        _("零工类别：%(c)s　等级：%(l)s") % {"c": f["category_name"], "l": f["level"]},
        _("培训地点：%(p)s") % {"p": f["place"]},
        _("结业证书：%(c)s") % {"c": f["certificate_name"]},
        _("考核结果：合格%(s)s") % {"s": f"（{f['score']}分）" if f["score"] is not None else ""},
        _("培训机构：%(p)s（%(k)s %(n)s）") % {"p": f["provider_name"], "k": f["licence_kind"], "n": f["licence_number"]},
        _("签发日期：%(d)s") % {"d": doc["issued_on"]},
    ])


def certificate_issue(*, actor: User, enrolment: Enrolment) -> Certificate:
    """Seal and chain the certificate like an e-agreement; refuses an enrolment that has not passed."""
    from suzhaohuo.agreements import signing
    from suzhaohuo.agreements.pdf import render_sealed_document_pdf
    from suzhaohuo.agreements.services import document_seal
    from suzhaohuo.core.masking import mask_id_number
    from suzhaohuo.identity.selectors import person_identity_of

    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if enrolment.status != EnrolmentStatus.PASSED:
        raise AppError(E.NOT_COMPLETE, _("学员尚未完成这门课程（出勤和考核都合格后才能发证）。"))
    course = enrolment.course
    identity = person_identity_of(enrolment.worker)
    sessions = list(course.sessions.order_by("starts_at"))
    now = timezone.now().replace(microsecond=0)
    year = timezone.localtime(now).year
    cert = Certificate(enrolment=enrolment, worker=enrolment.worker, course=course, category_code=course.category.code,
                       region_code=course.township_id, issued_at=now, number=f"TMP-{enrolment.pk}", document="{}",
                       document_sha256="", seal_payload="", platform_signature="", key_id="", verify_url="", pdf=b"",
                       pdf_sha256="")
    cert.save()
    cert.number = f"SZHT-{year}-{cert.pk:06d}"
    doc = {
        "schema": "szh-training-certificate/1", "number": cert.number,
        "issued_on": timezone.localtime(now).date().isoformat(),
        "fields": {
            "worker_name": identity.real_name if identity else enrolment.worker.display_name,
            "worker_id_masked": mask_id_number(identity.id_number) if identity and identity.id_number else "—",
            "course_title": course.title, "provider_name": course.provider.name,
            "licence_kind": course.provider.get_licence_kind_display(),
            "licence_number": course.provider.licence_number, "hours": str(course.hours),
            "occupation": course.occupation_name or course.category.name, "occupation_code": course.occupation_code,
            "category_code": course.category.code, "category_name": course.category.name,
            "level": course.get_level_display(), "certificate_name": course.certificate_name,
            "place": course.carrier.name if course.carrier else (sessions[0].place if sessions else ""),
            "first_session": timezone.localtime(sessions[0].starts_at).date().isoformat() if sessions else "",
            "last_session": timezone.localtime(sessions[-1].starts_at).date().isoformat() if sessions else "",
            "attendance": f"{enrolment.attendances.count()}/{len(sessions)}", "score": enrolment.assessment_score,
        },
    }
    cert.document = signing.canonical_json(doc)
    cert.document_sha256 = signing.sha256_hex(cert.document)
    seal = document_seal(document_kind=CERT_KIND, number=cert.number, document_sha256=cert.document_sha256)
    cert.seal_payload, cert.platform_signature, cert.key_id = seal.seal_payload, seal.platform_signature, seal.key_id
    cert.verify_url, cert.issued_at = seal.verify_url, seal.sealed_at
    cert.pdf = render_sealed_document_pdf(
        number=cert.number, title=str(_("培训合格证书")), text=_certificate_text(doc),
        document_sha256=cert.document_sha256, sealed_at=seal.sealed_at, platform_signature=seal.platform_signature,
        key_id=seal.key_id, seal_payload=seal.seal_payload, chain_entry=seal.chain_entry, verify_url=seal.verify_url)
    cert.pdf_sha256 = signing.sha256_hex(cert.pdf)
    cert.save()
    audit_record(actor=actor, action="training.certificate_issue", target=cert, region_code=cert.region_code,
                 data={"number": cert.number, "chain_seq": seal.chain_entry.seq, "pdf_sha256": cert.pdf_sha256})
    return cert


# --- subsidy ------------------------------------------------------------------------------------------------

def subsidy_facts(enrolment: Enrolment) -> rules.SubsidyFacts:
    on = timezone.localtime(enrolment.completed_at).date() if enrolment.completed_at else timezone.localdate()
    groups = frozenset(PersonGroupRecord.objects.filter(user=enrolment.worker_id, valid_from__lte=on).exclude(
        valid_to__lt=on).values_list("group", flat=True))
    used: dict[str, int] = {}
    for code in Enrolment.objects.filter(
            worker=enrolment.worker_id, subsidy_eligible=True, status=EnrolmentStatus.PASSED,
            completed_at__year=on.year).exclude(pk=enrolment.pk).values_list("subsidy_rule", flat=True):
        used[code] = used.get(code, 0) + 1
    return rules.SubsidyFacts(on=on, groups=groups, category_code=enrolment.course.category.code,
                              level=enrolment.course.level, course_listed=enrolment.course.subsidy_eligible,
                              has_certificate=Certificate.objects.filter(enrolment=enrolment).exists(),
                              used_this_year=used)


def subsidy_evaluate(*, enrolment: Enrolment) -> rules.SubsidyDecision:
    """Judge the enrolment against the rules in force and store the result with its reasons. Before completion
    a 'would be eligible once certified' answer is stored as not (yet) eligible, with the reasons."""
    decision = rules.evaluate_subsidy(subsidy_facts(enrolment))
    eligible = decision.eligible and enrolment.status == EnrolmentStatus.PASSED
    Enrolment.objects.filter(pk=enrolment.pk).update(
        subsidy_eligible=eligible, subsidy_rule=decision.rule_code, subsidy_amount=decision.amount,
        subsidy_reasons=decision.reasons)
    enrolment.subsidy_eligible, enrolment.subsidy_rule = eligible, decision.rule_code
    enrolment.subsidy_amount, enrolment.subsidy_reasons = decision.amount, decision.reasons
    return decision


@transaction.atomic
def person_group_confirm(*, actor: User, user: Any, group: str, valid_from: date | None = None,
                         valid_to: date | None = None) -> PersonGroupRecord:
    policy.require(actor, Action.STATION_CONSOLE, region_code=_worker_home(user) or None)
    if group not in PersonGroup.values:
        raise AppError(E.INVALID, _("请选择人员类别。"), "group")
    record, _created = PersonGroupRecord.objects.update_or_create(
        user=user, group=group, defaults={"confirmed_by": actor, "valid_from": valid_from or timezone.localdate(),
                                          "valid_to": valid_to})
    audit_record(actor=actor, action="training.person_group", target=record, data={"group": group})
    return record


def _period_bounds(period: str) -> tuple[datetime, datetime]:
    try:
        year, month = (int(x) for x in (period or "").split("-"))
        start = date(year, month, 1)
    except (ValueError, TypeError):
        raise AppError(E.BAD_PERIOD, _("请按“年-月”填写申报期，例如 2026-11。"), "period") from None
    end = date(year + (month == 12), month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (datetime(start.year, start.month, 1, tzinfo=tz), datetime(end.year, end.month, 1, tzinfo=tz))


@transaction.atomic
def claim_create(*, actor: User, period: str) -> SubsidyClaim:
    """The provider's claim list for ``period``: every passed, eligible enrolment completed in it and never
    claimed before. A period can be claimed once; an enrolment can be claimed once, ever."""
    provider = _own_verified_provider(actor)
    start, end = _period_bounds(period)
    if SubsidyClaim.objects.filter(provider=provider, period=period).exists():
        raise AppError(E.ALREADY_CLAIMED, _("%(p)s的补贴已经申报过了，同一期不能重复申报。") % {"p": period}, "period",
                       status=409)
    rows = list(Enrolment.objects.select_for_update(of=("self",)).filter(
        course__provider=provider, status=EnrolmentStatus.PASSED, subsidy_eligible=True,
        completed_at__gte=start, completed_at__lt=end, claim_line__isnull=True))
    if not rows:
        raise AppError(E.NOTHING_TO_CLAIM, _("%(p)s没有符合补贴条件、尚未申报的结业学员。") % {"p": period}, "period")
    claim = SubsidyClaim.objects.create(provider=provider, period=period, created_by=actor)
    total = Decimal("0")
    for e in rows:
        amount = e.subsidy_amount or Decimal("0")
        try:
            with transaction.atomic():
                SubsidyClaimLine.objects.create(claim=claim, enrolment=e, rule_code=e.subsidy_rule, amount=amount)
        except IntegrityError:
            raise AppError(E.ALREADY_CLAIMED, _("有学员的补贴已在其他申报中领取，不能重复申报。"), status=409) from None
        total += amount
    claim.total = total
    claim.save(update_fields=["total"])
    audit_record(actor=actor, action="training.claim_create", target=claim, region_code=provider.township_id,
                 data={"period": period, "lines": len(rows), "total": str(total)})
    return claim


# --- certification badges ---------------------------------------------------------------------------------

def _badge_grant_notice(grant: BadgeGrant, title: str, body: str) -> None:
    notify(user=grant.worker, event="training_badge", title=title, body=body, url=reverse("training:mine"))


@transaction.atomic
def badges_evaluate_worker(*, worker: Any, now: datetime | None = None) -> dict[str, str]:
    """Grant, renew or revoke every badge for one worker by the criteria in force. Returns {badge: outcome}."""
    from suzhaohuo.training.selectors import worker_badge_progress

    now = now or timezone.now()
    out: dict[str, str] = {}
    for progress in worker_badge_progress(worker, now=now):
        b = progress.badge
        grant = BadgeGrant.objects.select_for_update().filter(worker=worker, badge=b.code).first()
        if progress.met:
            if grant is None:
                grant = BadgeGrant.objects.create(worker=worker, badge=b.code, criteria_version=progress.criteria.version,
                                                  region_code=_worker_home(worker), granted_at=now, renewed_at=now,
                                                  reason=progress.summary)
                out[b.code] = "granted"
            elif grant.status != BadgeStatus.ACTIVE:
                grant.status, grant.granted_at, grant.renewed_at, grant.revoked_at = BadgeStatus.ACTIVE, now, now, None
                grant.criteria_version, grant.reason = progress.criteria.version, progress.summary
                grant.save()
                out[b.code] = "granted"
            else:
                grant.renewed_at, grant.criteria_version = now, progress.criteria.version
                grant.save(update_fields=["renewed_at", "criteria_version", "updated_at"])
                out[b.code] = "renewed"
                continue
            audit_record(actor=None, action="training.badge_grant", target=grant, region_code=grant.region_code,
                         data={"badge": b.code, "version": progress.criteria.version})
            _badge_grant_notice(grant, _("恭喜获得「%(b)s」认证") % {"b": b.name},
                                _("认证会显示在您的报名和名片上，每晚按标准复核。"))
        elif grant is not None and grant.status == BadgeStatus.ACTIVE:
            grant.status, grant.revoked_at, grant.reason = BadgeStatus.EXPIRED, now, progress.summary[:300]
            grant.save(update_fields=["status", "revoked_at", "reason", "updated_at"])
            audit_record(actor=None, action="training.badge_expire", target=grant, region_code=grant.region_code,
                         data={"badge": b.code, "reason": progress.summary})
            _badge_grant_notice(grant, _("「%(b)s」认证已失效") % {"b": b.name},
                                _("复核未通过：%(r)s") % {"r": progress.summary})
            out[b.code] = "expired"
    return out


def badges_nightly(*, now: datetime | None = None) -> dict[str, int]:
    """The nightly grant/renew/revoke run over every worker with work in a badge category or a badge."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.kernel.states import DONE_STATES

    counts: dict[str, int] = {"granted": 0, "renewed": 0, "expired": 0}
    prefixes = [b.category_prefix for b in rules.badges()]
    worker_ids: set[int] = set(BadgeGrant.objects.values_list("worker_id", flat=True))
    for prefix in prefixes:
        worker_ids |= set(Engagement.objects.filter(status__in=list(DONE_STATES),
                                                    job__category__code__startswith=prefix + ".")
                          .values_list("worker_id", flat=True).distinct())
    for worker in User.objects.filter(pk__in=worker_ids, role=Role.WORKER, is_active=True):
        for outcome in badges_evaluate_worker(worker=worker, now=now).values():
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


@transaction.atomic
def badges_revoke_for_complaint(*, complaint_id: str, worker_id: int, category: str = "") -> int:
    """An upheld complaint about a worker revokes their active badges at once, with the reason. Idempotent."""
    from suzhaohuo.accounts.models import User

    worker = User.objects.filter(pk=worker_id).first()
    if worker is None:
        return 0
    now = timezone.now()
    _rec, created = UpheldComplaint.objects.get_or_create(
        complaint_id=str(complaint_id), defaults={"worker": worker, "category": category or "", "upheld_at": now})
    n = 0
    for grant in BadgeGrant.objects.select_for_update().filter(worker=worker, status=BadgeStatus.ACTIVE):
        badge = rules.badge_by_code(grant.badge)
        name = badge.name if badge else grant.badge
        reason = _("投诉（编号%(c)s）经核实成立，按认证标准“期间无成立的投诉”立即撤销。") % {"c": complaint_id}
        grant.status, grant.revoked_at, grant.reason = BadgeStatus.REVOKED, now, reason
        grant.save(update_fields=["status", "revoked_at", "reason", "updated_at"])
        audit_record(actor=None, action="training.badge_revoke", target=grant, region_code=grant.region_code,
                     data={"complaint_id": str(complaint_id), "badge": grant.badge})
        _badge_grant_notice(grant, _("「%(b)s」认证已撤销") % {"b": name}, reason)
        n += 1
    return n

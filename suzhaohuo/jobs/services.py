"""Job posting writes: validation, screening, the state machine, review and take-down.

Stable signatures other apps rely on:
    JobInput                         — the posting fields, as entered or imported
    job_create(...) -> Job           — create; with submit=True also screens and publishes/reviews/blocks
    jobs_create_bulk(...) -> list    — many at once (imports): per item the Job or the AppError refusing it
    job_update(...) -> Job           — edit a draft, pending or published posting (re-screens)
    job_submit(...) -> Job           — screen and publish, send to review, or keep as a blocked draft
    job_review(...) -> Job           — staff: approve / reject / request changes
    job_close(...) / job_take_down(...) / job_mark_filled(...) -> Job
    job_repost(...) -> Job           — copy a finished posting into a new draft with a new validity
    jobs_expire() -> int             — close postings past valid_until (periodic task)

States: draft → pending_review → published → filled | expired | closed | taken_down.
Every change writes a JobStatusChange and an audit event (who, when, why).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suzhaohuo.accounts.choices import STAFF_ROLES, Role
from suzhaohuo.accounts.models import User
from suzhaohuo.core.bulk import insert_objects, insert_rows
from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.core.services import audit_record
from suzhaohuo.identity.models import Employer
from suzhaohuo.jobs import screening_bridge
from suzhaohuo.jobs.choices import JobOrigin, JobStatus, PayUnit, ScreeningStatus, Settlement
from suzhaohuo.jobs.errors import JobErrorCode
from suzhaohuo.jobs.models import Job, JobCategory, JobStatusChange
from suzhaohuo.jobs.screening.types import Severity, StoredFinding
from suzhaohuo.jobs.screening_bridge import Screened
from suzhaohuo.kernel import events, options, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action, in_scope
from suzhaohuo.kernel.roles import JOB_OPERATOR_ROLES, OVERSIGHT_ROLES
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.selectors import township_get

# Text limits (characters), shared with forms and the API schema.
LIMITS = {"title": 60, "description": 2000, "requirements": 1000, "benefits": 300, "address": 200,
          "work_time": 60, "contact_channel": 32}
MAX_HEADCOUNT = 9999
MAX_PAY = Decimal("99999999")
EDITABLE = (JobStatus.DRAFT, JobStatus.PENDING_REVIEW, JobStatus.PUBLISHED)
FINISHED = (JobStatus.FILLED, JobStatus.EXPIRED, JobStatus.CLOSED, JobStatus.TAKEN_DOWN)
OPEN = (JobStatus.PENDING_REVIEW, JobStatus.PUBLISHED)
DUPLICATE_THRESHOLD = 0.85
REVIEW_DECISIONS = ("approve", "reject", "request_changes")
# Staff roles that may post or edit on an employer's behalf inside their region scope.
# Role sets are the kernel's (kernel.roles); the old names stay for one release.
OPERATOR_ROLES = JOB_OPERATOR_ROLES
REVIEWER_ROLES = OVERSIGHT_ROLES


@dataclass
class JobInput:
    title: str
    description: str
    category_code: str
    pay_unit: str
    settlement: str
    headcount: int
    township_code: str
    address: str
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_negotiable: bool = False
    requirements: str = ""
    benefits: str = ""
    insurance_provided: bool = False
    start_date: date | None = None
    end_date: date | None = None
    daily_hours: Decimal | None = None
    work_time: str = ""
    lat: float | None = None
    lng: float | None = None
    valid_until: datetime | None = None
    contact_channel: str = "platform"
    cover_code: str = ""  # insurance product code (kernel.options "job.cover"); "" = none chosen

    @classmethod
    def from_job(cls, job: Job) -> JobInput:
        values = {f.name: getattr(job, f.name) for f in fields(cls) if hasattr(job, f.name)}
        values.update(category_code=job.category.code, township_code=job.township_id)
        return cls(**values)


# --- validation -----------------------------------------------------------------------------------

# the fields' names in messages, translated only when a message needs one
_LABELS = {"title": gettext_lazy("岗位名称"), "description": gettext_lazy("工作内容"),
           "requirements": gettext_lazy("任职要求"), "benefits": gettext_lazy("福利保障"),
           "address": gettext_lazy("详细地址"), "work_time": gettext_lazy("工作时段"),
           "contact_channel": gettext_lazy("联系方式")}


def _text(value: Any, name: str, *, required: bool, label: Any) -> str:
    text = "" if value is None else str(value)
    # Keep what was typed (HTML included, it is escaped on output); drop control characters only
    # (a printable text has none: the character-by-character pass is for the rest).
    if not text.isprintable():
        text = "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)
    text = text.strip()
    if required and not text:
        raise AppError(JobErrorCode.REQUIRED, _("请填写%(label)s。") % {"label": label}, name)
    limit = LIMITS[name]
    if len(text) > limit:
        raise AppError(JobErrorCode.TOO_LONG, _("%(label)s最多%(n)s个字，请删减到%(n)s字以内（现在%(m)s字）。")
                       % {"label": label, "n": limit, "m": len(text)}, name)
    return text


def _decimal(value: Any, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise AppError(JobErrorCode.BAD_PAY, _("请输入数字金额，例如 150。"), name) from None
    if not d.is_finite():
        raise AppError(JobErrorCode.BAD_PAY, _("请输入数字金额，例如 150。"), name)
    return d


@dataclass
class _Clean:
    values: dict[str, Any]
    category: JobCategory
    township: Region


EARLIEST_DATE = date(2000, 1, 1)  # a start or end date before this is a typing slip (0001-01-01), not a job


class ValidationLookups:
    """Category, township and cover look-ups for job_validate, and the employers' standing decisions,
    remembered across the items of one bulk call (answers and refusals alike), so validating 500 postings
    costs a handful of queries, not 1,000. An import passes one instance to all its bulk calls (the
    aggregation pipeline keeps one per batch, as it keeps its employer matches and standing decisions)."""

    def __init__(self) -> None:
        self._categories: dict[str, JobCategory | None] = {}
        self._townships: dict[str, Region | AppError] = {}
        self._covers: dict[tuple[str, str, str], str | AppError] = {}
        self.standing: dict[tuple[Any, ...], Any] = {}  # (action, employer) → the standing decision

    def category(self, code: str) -> JobCategory | None:
        if code not in self._categories:
            self._categories[code] = JobCategory.objects.filter(code=code).first()
        return self._categories[code]

    def township(self, code: str) -> Region:
        if code not in self._townships:
            try:
                self._townships[code] = township_get(code, field="township_code")
            except AppError as exc:
                self._townships[code] = exc
        found = self._townships[code]
        if isinstance(found, AppError):
            raise found
        return found

    def cover(self, data: JobInput, category_code: str, township_code: str) -> str:
        key = ((data.cover_code or "").strip(), category_code, township_code)
        if key not in self._covers:
            try:
                self._covers[key] = _cover_code(data, category_code, township_code)
            except AppError as exc:
                self._covers[key] = exc
        found = self._covers[key]
        if isinstance(found, AppError):
            raise found
        return found


def job_validate(data: JobInput, *, now: datetime | None = None, check_valid_until: bool = True,
                 lookups: ValidationLookups | None = None) -> _Clean:
    """Check every field; raise AppError(code, message, field) on the first problem. Writes nothing."""
    now = now or timezone.now()
    lookups = lookups or ValidationLookups()
    v: dict[str, Any] = {}
    v["title"] = _text(data.title, "title", required=True, label=_LABELS["title"])
    v["description"] = _text(data.description, "description", required=True, label=_LABELS["description"])
    v["requirements"] = _text(data.requirements, "requirements", required=False, label=_LABELS["requirements"])
    v["benefits"] = _text(data.benefits, "benefits", required=False, label=_LABELS["benefits"])
    v["address"] = _text(data.address, "address", required=True, label=_LABELS["address"])
    v["work_time"] = _text(data.work_time, "work_time", required=False, label=_LABELS["work_time"])
    v["contact_channel"] = _text(data.contact_channel or "platform", "contact_channel", required=False,
                                 label=_LABELS["contact_channel"])

    category = lookups.category((data.category_code or "").strip())
    if category is None:
        raise AppError(JobErrorCode.UNKNOWN_CATEGORY, _("请从列表中选择岗位类别。"), "category_code")
    if data.pay_unit not in PayUnit.values:
        raise AppError(JobErrorCode.UNKNOWN_PAY_UNIT, _("请选择计薪单位：按小时、按天、按件、按月或按单。"), "pay_unit")
    v["pay_unit"] = data.pay_unit
    if data.settlement not in Settlement.values:
        raise AppError(JobErrorCode.UNKNOWN_SETTLEMENT, _("请选择结算方式：日结、周结、月结或完工结。"), "settlement")
    v["settlement"] = data.settlement

    try:
        headcount = int(data.headcount)
    except (TypeError, ValueError):
        raise AppError(JobErrorCode.BAD_HEADCOUNT, _("请填写招聘人数，至少1人。"), "headcount") from None
    if headcount <= 0 or str(data.headcount).strip() not in (str(headcount), f"{headcount}.0"):
        raise AppError(JobErrorCode.BAD_HEADCOUNT, _("请填写招聘人数，至少1人。"), "headcount")
    if headcount > MAX_HEADCOUNT:
        raise AppError(JobErrorCode.BAD_HEADCOUNT, _("招聘人数请填写%(n)s人以内。") % {"n": MAX_HEADCOUNT}, "headcount")
    v["headcount"] = headcount

    pay_min, pay_max = _decimal(data.pay_min, "pay_min"), _decimal(data.pay_max, "pay_max")
    for name, amount in (("pay_min", pay_min), ("pay_max", pay_max)):
        if amount is not None and amount < 0:
            raise AppError(JobErrorCode.BAD_PAY, _("薪酬不能是负数，请重新填写。"), name)
        if amount is not None and amount > MAX_PAY:
            raise AppError(JobErrorCode.BAD_PAY, _("薪酬金额过大，请核对后重新填写。"), name)
    if pay_min is not None and pay_max is not None and pay_min > pay_max:
        raise AppError(JobErrorCode.BAD_PAY, _("薪酬上限要大于或等于下限，请检查。"), "pay_max")
    negotiable = bool(data.pay_negotiable)
    if pay_min is None and pay_max is None and not negotiable:
        raise AppError(JobErrorCode.REQUIRED, _("请填写薪酬金额（岗位信息须写明劳动报酬）。"), "pay_min")
    v.update(pay_min=pay_min, pay_max=pay_max, pay_negotiable=negotiable)
    v["insurance_provided"] = bool(data.insurance_provided)

    today = timezone.localdate()
    for name, day in (("start_date", data.start_date), ("end_date", data.end_date)):
        if day and not (EARLIEST_DATE <= day <= today + timedelta(days=3650)):
            raise AppError(JobErrorCode.BAD_DATES, _("日期不对，请重新选择开工和结束日期（例如 %(d)s）。")
                           % {"d": today.isoformat()}, name)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise AppError(JobErrorCode.BAD_DATES, _("结束日期要在开工日期之后，请重新选择。"), "end_date")
    v.update(start_date=data.start_date, end_date=data.end_date)
    hours = _decimal(data.daily_hours, "daily_hours") if data.daily_hours not in (None, "") else None
    if hours is not None and not (0 < hours <= 24):
        raise AppError(JobErrorCode.BAD_DATES, _("每日工时请填写0到24之间的小时数。"), "daily_hours")
    v["daily_hours"] = hours

    township = lookups.township(data.township_code)
    v["cover_code"] = lookups.cover(data, category.code, township.code)

    lat, lng = data.lat, data.lng
    if (lat is None) != (lng is None):
        raise AppError(JobErrorCode.BAD_COORDINATES, _("请同时填写经度和纬度，或都不填。"), "lat")
    if lat is not None and lng is not None:
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            raise AppError(JobErrorCode.BAD_COORDINATES, _("请输入数字形式的经纬度。"), "lat") from None
        lng_min, lat_min, lng_max, lat_max = settings.SZH_BOUNDS
        if not (lat_min <= lat <= lat_max and lng_min <= lng <= lng_max):
            raise AppError(JobErrorCode.BAD_COORDINATES,
                           _("坐标不在本市范围内，请在地图上重新选点或不填坐标。"), "lat")
    v.update(lat=lat, lng=lng)

    valid_until = data.valid_until or now + timedelta(days=settings.JOB_DEFAULT_VALID_DAYS)
    if isinstance(valid_until, date) and not isinstance(valid_until, datetime):
        valid_until = timezone.make_aware(datetime.combine(valid_until, datetime.max.time().replace(microsecond=0)))
    if timezone.is_naive(valid_until):
        valid_until = timezone.make_aware(valid_until)
    if check_valid_until:
        if valid_until <= now:
            raise AppError(JobErrorCode.BAD_VALIDITY, _("有效期要晚于现在，请重新选择日期。"), "valid_until")
        if valid_until > now + timedelta(days=settings.JOB_MAX_VALID_DAYS, hours=24):
            raise AppError(JobErrorCode.BAD_VALIDITY, _("有效期最长%(n)s天，请选择更早的日期。")
                           % {"n": settings.JOB_MAX_VALID_DAYS}, "valid_until")
    v["valid_until"] = valid_until
    return _Clean(values=v, category=category, township=township)


def _cover_code(data: JobInput, category_code: str, township_code: str) -> str:
    """The chosen cover, checked against the products on offer; a city rule's required cover when none."""
    code = (data.cover_code or "").strip()
    ctx = {"category_code": category_code, "township_code": township_code}
    if code and code not in dict(options.choices("job.cover", **ctx)):
        raise AppError(JobErrorCode.UNKNOWN_COVER, _("请从列表中选择保障方案，或选择“不投保”。"), "cover_code")
    return code or options.default("job.cover", **ctx)


def _apply(job: Job, clean: _Clean) -> None:
    for name, value in clean.values.items():
        setattr(job, name, value)
    job.category = clean.category
    job.township = clean.township


# --- permissions ----------------------------------------------------------------------------------

def _is_staff(actor: User | None) -> TypeGuard[User]:
    return actor is not None and bool(getattr(actor, "is_authenticated", False)) and (actor.is_superuser or actor.role in STAFF_ROLES)


def _staff_covers(actor: User | None, region_code: str, roles: frozenset[str]) -> bool:
    if not _is_staff(actor):
        return False
    if not (actor.is_superuser or actor.role in roles):
        return False
    return in_scope(actor, region_code)


def job_can_edit(actor: User, job: Job) -> bool:
    """The owning employer's account, or operator staff whose scope covers the posting's township."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if job.employer.owner_id == actor.pk:
        return True
    return _staff_covers(actor, job.township_id, JOB_OPERATOR_ROLES)


def _require_employer_verified(employer: Any) -> None:
    from suzhaohuo.identity.selectors import require_verified

    if getattr(employer, "owner", None) is not None:
        require_verified(employer.owner, field="employer")
    if not employer.is_verified:
        raise AppError(JobErrorCode.NOT_VERIFIED,
                       _("用工主体尚未通过实名认证或认证已过期，请先完成认证后再发布岗位。"), "employer", status=403)


def job_origin_for(*, actor: User, employer: Any) -> str:
    """The origin of a posting made by a person: the employer's own, or posted by staff on its behalf.
    Other origins (政府部门征集, 第三方机构 …) come only from an aggregation source's kind."""
    return JobOrigin.EMPLOYER if employer.owner_id == getattr(actor, "pk", None) else JobOrigin.STATION


def _check_can_post(*, actor: User | None, employer: Any, township_code: str, origin: str, authorization_note: str,
                    source_name: str = "", standing: dict[tuple[Any, ...], Any] | None = None) -> None:
    if origin not in JobOrigin.values:
        raise AppError(JobErrorCode.BAD_STATE, _("请选择岗位来源。"), "origin")
    if origin not in (JobOrigin.EMPLOYER, JobOrigin.STATION) and not source_name:
        raise AppError(JobErrorCode.BAD_STATE, _("只有归集来源导入的岗位才能标注该来源，请按本单位发布或站点代发。"),
                       "origin")
    if origin == JobOrigin.STATION:
        if not authorization_note.strip():
            raise AppError(JobErrorCode.REQUIRED, _("代为发布须填写用工主体的授权说明（如授权书编号）。"),
                           "authorization_note")
        if not _staff_covers(actor, township_code, JOB_OPERATOR_ROLES):
            raise PermissionDenied(_("只能为您管辖范围内的用工主体代发岗位。"), "township_code")
    elif (actor is not None and getattr(actor, "is_authenticated", False) and employer.owner_id != actor.pk
          and not _staff_covers(actor, township_code, JOB_OPERATOR_ROLES)):
            raise PermissionDenied(_("只能发布本单位的岗位。"), "employer")
    if (origin == JobOrigin.EMPLOYER and not source_name and actor is not None
            and getattr(actor, "is_authenticated", False) and employer.owner_id != actor.pk):
        raise AppError(JobErrorCode.BAD_STATE, _("为其他单位发布岗位请选择“站点代为发布”并填写授权说明。"), "origin")
    if origin in (JobOrigin.EMPLOYER, JobOrigin.STATION):
        _require_employer_verified(employer)
    _require_standing(actor, Action.JOB_POST_ON_BEHALF if origin == JobOrigin.STATION else Action.JOB_POST, employer,
                      memo=standing)


def _require_standing(actor: User | None, action: Action, target: Any, *, memo: dict[tuple[Any, ...], Any] | None = None) -> None:
    """Sanctions, 异常名录, expired re-verification, licence (registered standing checks, kernel.policy).
    ``memo``: the decisions already taken in this call (a bulk create asks once per employer and action)."""
    pk = getattr(target, "pk", None)
    key = (action, pk if pk is not None else id(target))
    if memo is not None and key in memo:
        decision = memo[key]
    else:
        decision = policy.standing(actor, action, target=target)
        if memo is not None:
            memo[key] = decision
    if not decision.allowed:
        raise AppError(decision.code, decision.message, "employer", status=403)


def _require_editable(actor: User | None, job: Job) -> None:
    if actor is not None and not job_can_edit(actor, job):
        raise PermissionDenied(_("只能修改本单位的岗位。"))


# --- screening ------------------------------------------------------------------------------------

def _duplicate_findings(job: Job) -> list[StoredFinding]:
    """The same employer's open postings that are near-identical to this one."""
    if job.employer_id is None:
        return []
    others = (Job.objects.filter(employer_id=job.employer_id, status__in=OPEN)
              .exclude(pk=job.pk).only("id", "title", "description").order_by("-id")[:100])
    text = f"{job.title}\n{job.description}"
    for other in others:
        score = screening_bridge.near_duplicate_score(text, f"{other.title}\n{other.description}")
        if score >= DUPLICATE_THRESHOLD:
            return [screening_bridge.finding_dict(
                category="duplicate", severity=Severity.REVIEW, field="title", span=(0, len(job.title)), text=job.title,
                message=_("与您正在招聘的岗位「%(t)s」（编号%(id)s）几乎相同。请勿重复发布；需要加人请修改原岗位的招聘人数。")
                % {"t": other.title, "id": other.pk},
                rule_id="duplicate.same_employer", legal_source="人社厅发〔2025〕60号",
                duplicate_of=other.pk, score=round(score, 3))]
    return []


def _screen(job: Job, *, screened: Screened | None = None,
            same_employer_check: bool = True) -> Severity | None:
    """Run the rule engine and the duplicate check; store findings and rules version. Returns max severity.

    ``screened`` is (findings, rules version) the caller already got from ``screening_bridge.screen_fields``
    for exactly these fields (the aggregation pipeline screens before de-duplicating): not screened twice."""
    if screened is None:
        screened = screening_bridge.screen_fields(
            title=job.title, description=job.description, requirements=job.requirements, benefits=job.benefits,
            pay_min=job.pay_min, pay_max=job.pay_max, pay_unit=job.pay_unit, pay_negotiable=job.pay_negotiable,
            daily_hours=job.daily_hours, township_code=job.township_id, headcount=job.headcount,
            address=job.address, valid_until=job.valid_until, employer_name=getattr(job.employer, "name", ""),
            check_missing=True)
    findings, version = screened
    findings = list(findings) + (_duplicate_findings(job) if same_employer_check else [])
    job.screening_findings = findings
    job.screening_rules_version = version[:32]
    severity = screening_bridge.max_severity(findings)
    job.screening_status = screening_status_for(severity)
    return severity


def job_screen_preview(*, data: dict[str, Any]) -> list[StoredFinding]:
    """Dry run for the live editor and POST /jobs/screen: screens text, saves nothing."""
    findings, _version = screening_bridge.screen_fields(**data)
    return findings


# --- state machine --------------------------------------------------------------------------------

def _after_commit(job_id: int, *, published: bool = False) -> None:
    """Tell whoever reacts to postings (search re-indexes, matching dispatches), after commit."""
    events.emit(EventName.JOB_CHANGED, job_ids=[job_id])
    if published:
        events.emit(EventName.JOB_PUBLISHED, job_id=job_id)


def _transition(job: Job, to_status: str, actor: User | None, reason: str = "") -> None:
    from_status = job.status
    job.status = to_status
    now = timezone.now()
    if to_status == JobStatus.PUBLISHED and job.published_at is None:
        job.published_at = now
    if to_status in FINISHED:
        job.closed_at = now
    job.save()
    JobStatusChange.objects.create(job=job, from_status=from_status, to_status=to_status,
                                   actor=actor if getattr(actor, "pk", None) else None, reason=reason[:500])
    audit_record(actor=actor, action=f"jobs.{to_status}", target=job, region_code=job.township_id, reason=reason,
                 data={"from": from_status})
    _after_commit(job.pk, published=to_status == JobStatus.PUBLISHED)


def _needs_review(job: Job) -> bool:
    if settings.JOB_REVIEW_ALL:
        return True
    # Imported postings of employers not (yet) verified on this platform are checked by staff first.
    return not job.employer.is_verified


def screening_status_for(severity: Severity | None) -> str:
    """The posting's screening status for the highest finding severity (None: no finding)."""
    statuses: dict[Severity | None, str] = {None: ScreeningStatus.CLEAN, Severity.WARN: ScreeningStatus.WARN,
                                            Severity.REVIEW: ScreeningStatus.REVIEW,
                                            Severity.BLOCK: ScreeningStatus.BLOCK}
    return statuses[severity]


def job_publish_decision(job: Job, severity: Severity | None) -> tuple[str, str]:
    """The status a submitted posting moves to after screening, with the reason (see ``_decision``);
    for callers that write postings in bulk themselves (the demo seeder)."""
    return _decision(job, severity)


def _decision(job: Job, severity: Severity | None) -> tuple[str, str]:
    """Where screening sends a posting, with the reason: block → draft; review (or review-all, or an
    unverified importer) → the review queue; otherwise → published."""
    if severity == Severity.BLOCK:
        return JobStatus.DRAFT, _("检测发现违规内容，需修改后重新提交")
    if severity == Severity.REVIEW or _needs_review(job):
        return JobStatus.PENDING_REVIEW, (_("检测提示需人工审核") if severity == Severity.REVIEW
                                          else _("按规定须人工审核"))
    return JobStatus.PUBLISHED, _("检测通过，自动发布")


def _blocked_audit_data(job: Job) -> dict[str, Any]:
    return {"rules": [f.get("rule_id", "") for f in job.screening_findings]}


def _decide(job: Job, actor: User | None, severity: Severity | None) -> None:
    """After screening: move the posting where ``_decision`` says (a blocked draft stays a draft, audited)."""
    to_status, reason = _decision(job, severity)
    if job.status != to_status:
        _transition(job, to_status, actor, reason)
        return
    job.save()
    if severity == Severity.BLOCK:
        audit_record(actor=actor, action="jobs.submit_blocked", target=job, region_code=job.township_id,
                     data=_blocked_audit_data(job))


@dataclass
class BulkJobItem:
    """One posting for ``jobs_create_bulk``: the arguments ``job_create`` takes, per item.

    ``screened`` is (findings, rules version) from ``screening_bridge.screen_fields`` on exactly these
    fields, when the caller has already screened them (the aggregation pipeline does, before it
    de-duplicates); the postings are then not screened a second time."""

    employer: Any
    data: JobInput
    origin: str = JobOrigin.EMPLOYER
    source_name: str = ""
    original_source: str = ""
    authorization_note: str = ""
    submit: bool = True
    screened: Screened | None = None
    # A submitted posting with a blocking finding is kept as a draft (API, imports); False refuses it instead
    # (AppError BLOCKED with the findings, nothing written but the audit): the posting form shows the findings
    # without leaving a draft per attempt in 「我的岗位」.
    draft_when_blocked: bool = True


def _after_commit_many(job_ids: list[int], published_ids: list[int], *, indexed: bool = False) -> None:
    """One ``job.changed`` event for a whole bulk call (one index refresh), then ``job.published`` for each
    new posting in ``published_ids`` (matching queues a background dispatch per posting). ``indexed``: the
    caller wrote the index rows itself in the same transaction (search only refreshes the cache version)."""
    if not job_ids:
        return
    if indexed:
        events.emit(EventName.JOB_CHANGED, job_ids=list(job_ids), indexed=True)
    else:
        events.emit(EventName.JOB_CHANGED, job_ids=list(job_ids))
    for pk in published_ids:
        events.emit(EventName.JOB_PUBLISHED, job_id=pk)


@transaction.atomic
def jobs_create_bulk(*, actor: User | None, items: list[BulkJobItem], same_employer_check: bool = True,
                     queue_dispatch: bool = True, indexed: bool = False,
                     lookups: ValidationLookups | None = None) -> list[Job | AppError]:
    """Create many postings in one transaction, each exactly as ``job_create`` would (same validation,
    permission check, screening and publish decision), written with bulk inserts: the jobs and their
    history rows, the status changes and the audit events.

    Returns one entry per item, in order: the created Job, or the AppError that refused it (nothing is
    written for a refused item; the others are unaffected). ``same_employer_check=False`` skips the
    same-employer near-duplicate screen, for callers that de-duplicate themselves across all employers
    (the aggregation pipeline's MinHash/LSH index). ``queue_dispatch=False``: the caller queues the
    dispatch of the published postings itself (an import queues one task per chunk). ``indexed=True``: the
    caller writes the search index rows of the created postings itself, in the same transaction, from the
    jobs returned (the aggregation pipeline does); the ``job.changed`` event says so and search does not
    load them again. ``lookups``: look-ups and standing decisions to reuse across calls (one import)."""
    from suzhaohuo.core.models import AuditEvent

    now = timezone.now()
    lookups = lookups or ValidationLookups()
    poster = actor if getattr(actor, "pk", None) else None
    permitted: dict[tuple[Any, ...], AppError | None] = {}
    results: list[Job | AppError] = []
    plans: list[tuple[Job, Severity | None, str, str, bool]] = []  # job, severity, reason of the move, note, submit
    refused_blocked: list[AuditEvent] = []  # blocked submits refused without a draft (draft_when_blocked=False)
    for item in items:
        note = (item.authorization_note or "").strip()[:300]
        try:
            clean = job_validate(item.data, now=now, lookups=lookups)
            key = (getattr(item.employer, "pk", id(item.employer)), clean.township.code, item.origin, note,
                   bool(item.source_name))
            if key not in permitted:
                try:
                    _check_can_post(actor=actor, employer=item.employer, township_code=clean.township.code,
                                    origin=item.origin, authorization_note=note, source_name=item.source_name,
                                    standing=lookups.standing)
                    permitted[key] = None
                except AppError as exc:
                    permitted[key] = exc
            refused = permitted[key]
            if refused is not None:
                raise refused
        except AppError as exc:
            results.append(exc)
            continue
        job = Job(employer=item.employer, posted_by=poster, origin=item.origin,
                  source_name=(item.source_name or "")[:128], original_source=(item.original_source or "")[:200],
                  authorization_note=note)
        _apply(job, clean)
        severity = _screen(job, screened=item.screened, same_employer_check=same_employer_check)
        if item.submit and severity == Severity.BLOCK and not item.draft_when_blocked:
            refused_blocked.append(AuditEvent(actor=poster, action="jobs.submit_blocked",
                                              target_type=Job._meta.label_lower, target_id="",
                                              region_code=job.township_id,
                                              data={**_blocked_audit_data(job), "kept_as_draft": False}))
            results.append(AppError(JobErrorCode.BLOCKED, _("岗位含有不能发布的内容，请按下面的提示修改后再提交。"),
                                    "description", extra={"findings": job.screening_findings}))
            continue
        job.status, reason = _decision(job, severity) if item.submit else (JobStatus.DRAFT, "")
        if job.status == JobStatus.PUBLISHED:
            job.published_at = now
        plans.append((job, severity, reason, note, item.submit))
        results.append(job)
    AuditEvent.objects.bulk_create(refused_blocked)
    if not plans:
        return results
    jobs_insert_created([p[0] for p in plans], poster)
    poster_id = getattr(poster, "pk", None)
    changes: list[tuple[Any, ...]] = []  # job_id, from, to, actor_id, reason, created_at
    audits: list[tuple[Any, ...]] = []  # actor_id, action, target_type, target_id, region_code, reason, data, at
    label = Job._meta.label_lower
    for job, severity, reason, note, submit in plans:
        changes.append((job.pk, "", JobStatus.DRAFT, poster_id, _("代为发布：%(n)s") % {"n": note} if note else "",
                        now))
        audits.append((poster_id, "jobs.create", label, str(job.pk), job.township_id, "",
                       {"origin": job.origin, "screening": job.screening_status}, now))
        if job.status != JobStatus.DRAFT:
            changes.append((job.pk, JobStatus.DRAFT, job.status, poster_id, reason[:500], now))
            audits.append((poster_id, f"jobs.{job.status}", label, str(job.pk), job.township_id, reason[:500],
                           {"from": JobStatus.DRAFT}, now))
        elif submit and severity == Severity.BLOCK:
            audits.append((poster_id, "jobs.submit_blocked", label, str(job.pk), job.township_id, "",
                           _blocked_audit_data(job), now))
    insert_rows(JobStatusChange, ("job_id", "from_status", "to_status", "actor_id", "reason", "created_at"), changes)
    insert_rows(AuditEvent, ("actor_id", "action", "target_type", "target_id", "region_code", "reason", "data",
                             "created_at"), audits)
    _after_commit_many([p[0].pk for p in plans], [p[0].pk for p in plans if p[0].status == JobStatus.PUBLISHED]
                       if queue_dispatch else [], indexed=indexed)
    return results


def jobs_insert_created(jobs: list[Job], poster: Any) -> None:
    """The new jobs and their history rows (``+``), written raw (core.bulk): what ``bulk_create_with_history``
    wrote, without the ORM's per-value work."""
    insert_objects(jobs)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = Job.history.model
    user = poster or historical.get_default_history_user(jobs[0])  # the request's user, as simple_history does
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    tracked = [f.attname for f in historical.tracked_fields]
    at = timezone.now()
    insert_rows(historical, [*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"],
                ([*(getattr(job, n) for n in tracked), at, user_id, None, "+"] for job in jobs))


def job_create(*, actor: User, employer: Any, data: JobInput, origin: str = JobOrigin.EMPLOYER,
               source_name: str = "", original_source: str = "", authorization_note: str = "",
               submit: bool = True, draft_when_blocked: bool = True) -> Job:
    """One posting: ``jobs_create_bulk`` with one item (one code path), raising the AppError that refused it
    (after the transaction, so the audit of a refused blocked submit stays)."""
    with transaction.atomic():
        result = jobs_create_bulk(actor=actor, items=[BulkJobItem(
            employer=employer, data=data, origin=origin, source_name=source_name, original_source=original_source,
            authorization_note=authorization_note, submit=submit, draft_when_blocked=draft_when_blocked)])[0]
    if isinstance(result, AppError):
        raise result
    return result


@transaction.atomic
def job_update(*, actor: User | None, job: Job, data: JobInput, reason: str = "", submit: bool = False) -> Job:
    """Edit a posting. A published posting stays published only if it still passes screening;
    with a blocking finding nothing is saved (AppError BLOCKED carries the findings)."""
    job = Job.objects.select_for_update().select_related("employer").get(pk=job.pk)
    _require_editable(actor, job)
    if job.status not in EDITABLE:
        raise AppError(JobErrorCode.BAD_STATE, _("这个岗位已结束招聘，不能再修改；可以「再次发布」一个新岗位。"),
                       status=409)
    _require_standing(actor, Action.JOB_POST, job.employer)
    clean = job_validate(data)
    before = job.status
    _apply(job, clean)
    severity = _screen(job)
    if before == JobStatus.PUBLISHED and severity == Severity.BLOCK:
        raise AppError(JobErrorCode.BLOCKED, _("修改后的内容存在违规表述，请按提示修改，原岗位保持不变。"),
                       "description", extra={"findings": job.screening_findings})
    job.save()
    audit_record(actor=actor, action="jobs.update", target=job, region_code=job.township_id, reason=reason,
                 data={"screening": job.screening_status})
    if before in (JobStatus.PUBLISHED, JobStatus.PENDING_REVIEW) or submit:
        _decide(job, actor, severity)
    _after_commit(job.pk)
    return job


@transaction.atomic
def job_submit(*, actor: User, job: Job) -> Job:
    """Screen and move on: publish at once, queue for review, or stay a draft with the reasons shown."""
    job = Job.objects.select_for_update().select_related("employer").get(pk=job.pk)
    _require_editable(actor, job)
    if job.status not in (JobStatus.DRAFT, JobStatus.PENDING_REVIEW):
        raise AppError(JobErrorCode.BAD_STATE, _("只有草稿可以提交发布。"), status=409)
    if job.origin in (JobOrigin.EMPLOYER, JobOrigin.STATION):
        _require_employer_verified(job.employer)
    _require_standing(actor, Action.JOB_POST, job.employer)
    if job.valid_until <= timezone.now():
        raise AppError(JobErrorCode.BAD_VALIDITY, _("有效期已过，请修改有效期后再提交。"), "valid_until")
    severity = _screen(job)
    _decide(job, actor, severity)
    return job


@transaction.atomic
def job_assign_employer(*, actor: User, job: Job, employer: Employer, authorization_note: str) -> Job:
    """Hand a held imported draft to the employer it was brought for, once that employer has confirmed it
    (aggregation: a source may not publish under an employer's name without its authorisation). Only a draft
    that came through a source; the employer's own account must be the actor."""
    job = Job.objects.select_for_update().select_related("employer").get(pk=job.pk)
    if job.status != JobStatus.DRAFT or not job.source_name:
        raise AppError(JobErrorCode.BAD_STATE, _("这个岗位已处理过，请刷新页面。"), status=409)
    if actor.pk != employer.owner_id:
        raise PermissionDenied(_("只能确认以本单位名义发布的岗位。"))
    before = job.employer_id
    job.employer = employer
    job.authorization_note = (authorization_note or "").strip()[:300]
    job.save(update_fields=["employer", "authorization_note", "updated_at"])
    audit_record(actor=actor, action="jobs.assign_employer", target=job, region_code=job.township_id,
                 data={"from_employer": before, "to_employer": employer.pk})
    _after_commit(job.pk)
    return job


@transaction.atomic
def job_review(*, actor: User, job: Job, decision: str, message: str = "") -> Job:
    """Staff whose scope covers the township approve, reject, or request changes (message to the poster)."""
    from suzhaohuo.notifications.services import notify

    job = Job.objects.select_for_update().select_related("employer__owner").get(pk=job.pk)
    if not _staff_covers(actor, job.township_id, OVERSIGHT_ROLES):
        raise PermissionDenied(_("这个岗位不在您的审核范围内。"))
    if job.status != JobStatus.PENDING_REVIEW:
        raise AppError(JobErrorCode.BAD_STATE, _("这个岗位已处理过，请刷新审核列表。"), status=409)
    if decision not in REVIEW_DECISIONS:
        raise AppError(JobErrorCode.BAD_STATE, _("请选择审核结果：通过、不通过或退回修改。"), "decision")
    message = (message or "").strip()
    if decision != "approve" and not message:
        raise AppError(JobErrorCode.REQUIRED, _("请写明原因或需要修改的地方，发布人会收到这条说明。"), "message")
    if decision == "approve":
        if job.screening_status == ScreeningStatus.BLOCK:
            raise AppError(JobErrorCode.BLOCKED, _("岗位含有禁止发布的内容，不能通过，请退回修改。"), "decision")
        _transition(job, JobStatus.PUBLISHED, actor, message or _("审核通过"))
        title, body = _("岗位已通过审核：%(t)s") % {"t": job.title}, message
    elif decision == "reject":
        _transition(job, JobStatus.CLOSED, actor, _("审核不通过：%(m)s") % {"m": message})
        title, body = _("岗位未通过审核：%(t)s") % {"t": job.title}, message
    else:
        _transition(job, JobStatus.DRAFT, actor, _("退回修改：%(m)s") % {"m": message})
        title, body = _("岗位需要修改：%(t)s") % {"t": job.title}, message
    recipient = job.posted_by or job.employer.owner
    if recipient is not None and recipient.pk != getattr(actor, "pk", None):
        notify(user=recipient, event="job_reviewed", title=title, body=body, url=f"/jobs/{job.pk}/edit/")
    return job


@transaction.atomic
def job_close(*, actor: User | None, job: Job, reason: str = "") -> Job:
    job = Job.objects.select_for_update().select_related("employer").get(pk=job.pk)
    _require_editable(actor, job)
    if job.status in FINISHED:
        raise AppError(JobErrorCode.BAD_STATE, _("这个岗位已经结束招聘了。"), status=409)
    _transition(job, JobStatus.CLOSED, actor, reason or _("发布人关闭"))
    return job


@transaction.atomic
def job_take_down(*, actor: User, job: Job, reason: str) -> Job:
    """A regulator (or administrator) removes a posting (下架), with a reason the poster is told."""
    from suzhaohuo.notifications.services import notify

    job = Job.objects.select_for_update().select_related("employer__owner").get(pk=job.pk)
    if not _staff_covers(actor, job.township_id, frozenset({Role.REGULATOR, Role.ADMIN})):
        raise PermissionDenied(_("只有监管人员可以下架岗位。"))
    reason = (reason or "").strip()
    if not reason:
        raise AppError(JobErrorCode.REQUIRED, _("请填写下架原因。"), "reason")
    if job.status == JobStatus.TAKEN_DOWN:
        return job
    _transition(job, JobStatus.TAKEN_DOWN, actor, reason)
    notify(user=job.employer.owner, event="job_taken_down", title=_("岗位已被下架：%(t)s") % {"t": job.title},
           body=reason, url=f"/jobs/{job.pk}/")
    return job


@transaction.atomic
def job_hold_for_review(*, job: Job, reason: str, actor: User | None = None) -> Job:
    """Hide a published posting pending review (e.g. reports about it passed the threshold): it goes back to
    the review queue, where staff approve it again or take it down. Idempotent for a posting not published."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.PUBLISHED:
        return job
    _transition(job, JobStatus.PENDING_REVIEW, actor, reason)
    return job


@transaction.atomic
def job_mark_filled(*, job: Job, actor: User | None = None) -> Job:
    """Idempotent: a posting already finished is returned unchanged."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.PUBLISHED:
        return job
    _transition(job, JobStatus.FILLED, actor, _("已招满"))
    return job


@transaction.atomic
def job_repost(*, actor: User, job: Job, valid_until: datetime | None = None, submit: bool = False) -> Job:
    """Copy a posting into a new draft with a fresh validity period (dates and coordinates kept)."""
    job = Job.objects.select_related("employer", "category").get(pk=job.pk)
    _require_editable(actor, job)
    if job.status == JobStatus.TAKEN_DOWN:
        raise AppError(JobErrorCode.BAD_STATE, _("被下架的岗位不能再次发布，请按下架原因修改后新建岗位。"), status=409)
    data = JobInput.from_job(job)
    data.valid_until = valid_until
    today = timezone.localdate()
    if data.start_date and data.start_date < today:
        data.start_date, data.end_date = None, None
    new = job_create(actor=actor, employer=job.employer, data=data, origin=job.origin, source_name=job.source_name,
                     original_source=job.original_source, authorization_note=job.authorization_note, submit=submit)
    audit_record(actor=actor, action="jobs.repost", target=new, region_code=new.township_id,
                 data={"from_job": job.pk})
    return new


def jobs_expire(*, now: datetime | None = None) -> int:
    """Expire every open posting past valid_until, or whose work period has already ended.
    Idempotent; safe to run as often as wanted."""
    from suzhaohuo.jobs.selectors import live_q

    now = now or timezone.now()
    today = timezone.localdate(now)
    n = 0
    ids = list(Job.objects.filter(~live_q(now), status__in=OPEN).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=pk)
            if job.status not in OPEN:
                continue
            if job.valid_until <= now:
                _transition(job, JobStatus.EXPIRED, None, _("已过有效期"))
                n += 1
            elif job.end_date is not None and job.end_date < today:
                _transition(job, JobStatus.EXPIRED, None, _("工作日期已过"))
                n += 1
    return n


def jobs_close_filled() -> int:
    """Mark published postings filled once their accepted engagements reach the headcount."""
    from suzhaohuo.jobs.selectors import jobs_filled_ids

    n = 0
    for pk in jobs_filled_ids():
        job = job_mark_filled(job=Job(pk=pk))
        n += int(job.status == JobStatus.FILLED)
    return n

"""Training reads: course lists, a worker's training and badges, badge progress from platform records,
demand-led suggestions (per township and per worker), and the training figures for the KPI module.

Region scope is applied with ``kernel.policy`` (``scoped`` for staff, ``scoped_by_prefix`` for a place)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import NotFound
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.states import DONE_STATES, EngagementStatus
from suzhaohuo.training import rules
from suzhaohuo.training.choices import SEATED, BadgeStatus, EnrolmentStatus, ProviderStatus
from suzhaohuo.training.models import (
    BadgeGrant,
    Certificate,
    Course,
    Enrolment,
    Provider,
    Session,
    SubsidyClaim,
    UpheldComplaint,
)

# --- courses --------------------------------------------------------------------------------------------

def courses_public(*, township: str = "", category: str = "", upcoming_only: bool = True) -> QuerySet[Course]:
    """Published courses of verified providers, with their next session; filtered by place and category."""
    now = timezone.now()
    qs = Course.objects.filter(is_published=True, provider__status=ProviderStatus.VERIFIED).select_related(
        "provider", "category", "category__parent", "carrier", "township").annotate(
        next_session=Min("sessions__starts_at", filter=Q(sessions__starts_at__gt=now)),
        first_session=Min("sessions__starts_at"))
    if township:
        qs = policy.scoped_by_prefix(qs, township, "township_id")
    if category:
        qs = qs.filter(Q(category__code=category) | Q(category__parent__code=category))
    if upcoming_only:
        qs = qs.filter(first_session__gt=now)
    return qs.order_by("first_session", "id")


def course_get_public(pk: int) -> Course:
    course = Course.objects.filter(pk=pk, provider__status=ProviderStatus.VERIFIED).select_related(
        "provider", "category", "carrier", "township").first()
    if course is None:
        raise NotFound("课程不存在或已下线。")
    return course


def course_sessions(course: Course) -> list[Session]:
    return list(course.sessions.select_related("carrier").order_by("starts_at"))


def course_seat_counts(course: Course) -> dict[str, int]:
    from suzhaohuo.training.services import course_capacity

    agg = course.enrolments.aggregate(
        enrolled=Count("id", filter=Q(status=EnrolmentStatus.ENROLLED)),
        waitlisted=Count("id", filter=Q(status=EnrolmentStatus.WAITLISTED)))
    cap = course_capacity(course)
    return {"capacity": cap, "enrolled": agg["enrolled"], "waitlisted": agg["waitlisted"],
            "left": max(cap - agg["enrolled"], 0)}


def enrolment_of(user: Any, course: Course) -> Enrolment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(course=course, worker=user).first()


def provider_of(user: Any) -> Provider | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Provider.objects.filter(owner=user).select_related("township").first()


def provider_courses(provider: Provider) -> QuerySet[Course]:
    return provider.courses.select_related("category", "carrier", "township").annotate(
        first_session=Min("sessions__starts_at"),
        n_enrolled=Count("enrolments", filter=Q(enrolments__status__in=list(SEATED)), distinct=True),
        n_passed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.PASSED), distinct=True),
    ).order_by("-created_at")


def course_enrolments(course: Course) -> list[dict[str, Any]]:
    total = course.sessions.count()
    rows = []
    for e in course.enrolments.select_related("worker").annotate(n=Count("attendances")).order_by("created_at", "id"):
        rows.append({"e": e, "attended": e.n, "total": total})
    return rows


def providers_for_staff(*, actor: User) -> QuerySet[Provider]:
    return policy.scoped(Provider.objects.select_related("owner", "township"), actor, "township_id").order_by(
        "status", "-created_at")


def claims_of(provider: Provider) -> QuerySet[SubsidyClaim]:
    return provider.claims.annotate(n=Count("lines")).order_by("-period")


def claim_lines(claim: SubsidyClaim) -> list[Any]:
    return list(claim.lines.select_related("enrolment", "enrolment__worker", "enrolment__course",
                                           "enrolment__certificate").order_by("id"))


def courses_at_carrier(carrier: Any, *, limit: int = 6) -> list[Course]:
    return list(courses_public().filter(Q(carrier=carrier) | Q(sessions__carrier=carrier)).distinct()[:limit])


# --- a worker's training and certifications ------------------------------------------------------------

def my_enrolments(user: Any) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(worker=user).select_related(
        "course", "course__provider", "course__category").annotate(n=Count("attendances")).order_by("-created_at")


def my_certificates(user: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(worker=user).select_related("course").defer("pdf")


def active_badges(user: Any) -> list[str]:
    """Names of the worker's active badges (for applications, applicant lists and the public card)."""
    if user is None or not getattr(user, "pk", None):
        return []
    names = []
    for code in BadgeGrant.objects.filter(worker=user, status=BadgeStatus.ACTIVE).values_list("badge", flat=True):
        b = rules.badge_by_code(code)
        names.append(b.name if b else code)
    return names


def badge_grants(user: Any) -> QuerySet[BadgeGrant]:
    return BadgeGrant.objects.filter(worker=user).order_by("badge")


def worker_record(user: Any, badge: rules.Badge, criteria: rules.BadgeCriteria, *, now: datetime) -> rules.WorkerRecord:
    """Facts from the platform's records for ``badge`` over the criteria's window."""
    from suzhaohuo.gigs.models import Engagement, Rating

    since = now - timedelta(days=30 * criteria.months)
    prefix = badge.category_prefix + "."
    in_cat = Engagement.objects.filter(worker=user, job__category__code__startswith=prefix)
    done = in_cat.filter(status__in=list(DONE_STATES), completed_at__gte=since, completed_at__lte=now)
    due = in_cat.filter(Q(status__in=list(DONE_STATES), completed_at__gte=since, completed_at__lte=now)
                        | Q(status=EngagementStatus.NO_SHOW, updated_at__gte=since, updated_at__lte=now))
    on_time = 0
    for checked_in_at, work_start in due.filter(checked_in_at__isnull=False).values_list("checked_in_at", "work_start"):
        if work_start is None or timezone.localtime(checked_in_at).date() <= work_start:
            on_time += 1
    r = Rating.objects.filter(ratee=user, rater_party="employer", engagement__in=done).aggregate(
        s=Sum("score"), n=Count("id"))
    complaints = UpheldComplaint.objects.filter(worker=user, upheld_at__gte=since).count()
    has_cert = bool(criteria.certificate_category_prefix) and Certificate.objects.filter(
        worker=user, category_code__startswith=criteria.certificate_category_prefix + ".").exists()
    return rules.WorkerRecord(completed=done.count(), rating_sum=r["s"] or 0, rating_count=r["n"] or 0,
                              checkins_on_time=on_time, checkins_due=due.count(), upheld_complaints=complaints,
                              has_certificate=has_cert)


def worker_badge_progress(user: Any, *, now: datetime | None = None) -> list[rules.BadgeProgress]:
    now = now or timezone.now()
    out = []
    for badge in rules.badges():
        criteria = badge.criteria_on(timezone.localtime(now).date())
        if criteria is None:
            continue
        out.append(rules.evaluate_badge(badge, criteria, worker_record(user, badge, criteria, now=now)))
    return out


def certified_workers(*, badge: str = "", township: str = "") -> list[tuple[Any, list[str]]]:
    """Workers holding an active badge (for employers to filter and invite), with their badge names."""
    qs = BadgeGrant.objects.filter(status=BadgeStatus.ACTIVE).select_related("worker")
    if badge:
        qs = qs.filter(badge=badge)
    if township:
        qs = policy.scoped_by_prefix(qs, township, "region_code")
    seen: dict[int, tuple[Any, list[str]]] = {}
    for g in qs.order_by("-granted_at"):
        b = rules.badge_by_code(g.badge)
        seen.setdefault(g.worker_id, (g.worker, []))[1].append(b.name if b else g.badge)
    return list(seen.values())


# --- demand-led suggestions ----------------------------------------------------------------------------

def open_postings(*, category_prefix: str, area_prefix: str) -> int:
    """Open postings in a top-level category (e.g. ``domestic``) whose township lies under ``area_prefix``."""
    from suzhaohuo.jobs.selectors import jobs_public

    qs = jobs_public().filter(Q(category__code__startswith=category_prefix + ".") | Q(category__code=category_prefix))
    return policy.scoped_by_prefix(qs, area_prefix, "township_id").count()


@dataclass
class CourseSuggestion:
    course: Course
    category_name: str
    open_postings: int
    same_township: bool


def courses_for_job(job: Any, user: Any = None, *, limit: int = 3) -> tuple[int, list[CourseSuggestion]]:
    """「学这门课，能报更多这类岗位」: upcoming courses in the job's category in its county, the worker's own
    township first, and how many open postings of that kind there are in the county."""
    top = job.category.code.split(".")[0]
    county = job.township_id[:6]
    count = open_postings(category_prefix=top, area_prefix=county)
    home = home_township(user)
    courses = list(courses_public(township=county, category=top)[:20])
    courses.sort(key=lambda c: (c.township_id != home, getattr(c, "first_session", None) or timezone.now()))
    name = job.category.parent.name if job.category.parent else job.category.name
    return count, [CourseSuggestion(c, name, count, c.township_id == home) for c in courses[:limit]]


def home_township(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    from suzhaohuo.workers.models import WorkerProfile

    p = WorkerProfile.objects.filter(user=user).first()
    return p.home_township_id or "" if p else ""


def suggestions_for_worker(user: Any, *, limit: int = 5) -> list[CourseSuggestion]:
    """Courses near the worker in categories with open postings in the worker's county, for which the worker
    holds no certificate yet; most open postings first."""
    home = home_township(user)
    if not home:
        return []
    county = home[:6]
    have = {c.split(".")[0] for c in Certificate.objects.filter(worker=user).values_list("category_code", flat=True)}
    enrolled = set(Enrolment.objects.filter(worker=user).exclude(status=EnrolmentStatus.CANCELLED)
                   .values_list("course_id", flat=True))
    out: list[CourseSuggestion] = []
    counts: dict[str, int] = {}
    for course in courses_public(township=county)[:50]:
        top = course.category.code.split(".")[0]
        if top in have or course.pk in enrolled:
            continue
        if top not in counts:
            counts[top] = open_postings(category_prefix=top, area_prefix=county)
        if counts[top]:
            parent = course.category.parent.name if course.category.parent else course.category.name
            out.append(CourseSuggestion(course, parent, counts[top], course.township_id == home))
    out.sort(key=lambda s: (-s.open_postings, not s.same_township))
    return out[:limit]


@dataclass
class TownshipDemand:
    code: str
    name: str
    open_postings: int
    qualified_workers: int
    courses: int

    @property
    def gap(self) -> int:
        return self.open_postings - self.qualified_workers


def township_demand(township_code: str) -> list[TownshipDemand]:
    """For one township: per top category, open postings vs workers living there with a certificate or badge in
    it, and upcoming courses in the county; the biggest gaps first."""
    from suzhaohuo.jobs.models import JobCategory
    from suzhaohuo.jobs.selectors import jobs_public
    from suzhaohuo.workers.models import WorkerProfile

    jobs = policy.scoped_by_prefix(jobs_public(), township_code, "township_id")
    by_top: dict[str, int] = {}
    for code, n in jobs.values_list("category__code").annotate(n=Count("id")):
        top = code.split(".")[0]
        by_top[top] = by_top.get(top, 0) + n
    residents = list(WorkerProfile.objects.filter(home_township_id=township_code).values_list("user_id", flat=True))
    names = dict(JobCategory.objects.filter(parent__isnull=True).values_list("code", "name"))
    out = []
    for top, n in by_top.items():
        certified = set(Certificate.objects.filter(worker_id__in=residents, category_code__startswith=top + ".")
                        .values_list("worker_id", flat=True))
        badge_codes = [b.code for b in rules.badges() if b.category_prefix == top]
        certified |= set(BadgeGrant.objects.filter(worker_id__in=residents, badge__in=badge_codes,
                                                   status=BadgeStatus.ACTIVE).values_list("worker_id", flat=True))
        courses = courses_public(township=township_code[:6], category=top).count()
        out.append(TownshipDemand(top, names.get(top, top), n, len(certified), courses))
    out.sort(key=lambda d: (-d.gap, d.code))
    return out


# --- figures for the KPI module (kernel.indicators) and GET /api/v1/kpi/training -----------------------

def _in_period(qs: QuerySet[Any], field: str, start: date, end: date) -> QuerySet[Any]:
    tz = timezone.get_current_timezone()
    a = datetime(start.year, start.month, start.day, tzinfo=tz)
    b = datetime(end.year, end.month, end.day, tzinfo=tz)
    return qs.filter(**{f"{field}__gte": a, f"{field}__lt": b})


def training_figures(*, start: date, end: date, region_prefix: str | None) -> dict[str, Any]:
    """人次 enrolled and completed in [start, end), certified workers (active badges at the end), subsidy-eligible
    completions, and breakdowns by category, provider, county and badge."""
    enrolled = _in_period(Enrolment.objects.filter(status__in=list(SEATED)), "created_at", start, end)
    completed = _in_period(Enrolment.objects.filter(status=EnrolmentStatus.PASSED), "completed_at", start, end)
    enrolled = policy.scoped_by_prefix(enrolled, region_prefix, "region_code")
    completed = policy.scoped_by_prefix(completed, region_prefix, "region_code")
    badges = policy.scoped_by_prefix(BadgeGrant.objects.filter(status=BadgeStatus.ACTIVE), region_prefix,
                                     "region_code")
    by_category: dict[str, dict[str, int]] = {}
    for code, n in enrolled.values_list("course__category__parent__code").annotate(n=Count("id")):
        by_category.setdefault(code or "", {"enrolled": 0, "completed": 0})["enrolled"] = n
    for code, n in completed.values_list("course__category__parent__code").annotate(n=Count("id")):
        by_category.setdefault(code or "", {"enrolled": 0, "completed": 0})["completed"] = n
    by_provider = {name: n for name, n in completed.values_list("course__provider__name").annotate(n=Count("id"))}
    by_county: dict[str, int] = {}
    for code, n in completed.values_list("region_code").annotate(n=Count("id")):
        by_county[code[:6]] = by_county.get(code[:6], 0) + n
    by_badge: dict[str, int] = {}
    for code, n in badges.values_list("badge").annotate(n=Count("id")):
        b = rules.badge_by_code(code)
        by_badge[b.name if b else code] = n
    return {
        "enrolled": enrolled.count(), "completed": completed.count(),
        "certified": badges.values("worker_id").distinct().count(),
        "subsidy_eligible": completed.filter(subsidy_eligible=True).count(),
        "by_category": by_category, "by_provider": by_provider, "by_county": by_county, "by_badge": by_badge,
    }

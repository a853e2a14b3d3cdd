"""Job reads: what workers may see, what posters and staff may see, and the scoped review queue.

    jobs_public() -> QuerySet[Job]        published and still valid: what workers may see
    job_get_public(pk) -> Job             or NotFound
    review_queue(actor) -> QuerySet[Job]  pending_review postings inside the actor's region scope
    job_get_for_viewer(pk, user)          public, or finished/unpublished but visible to its poster and staff
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import STAFF_ROLES
from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import NotFound
from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.jobs.models import Job, JobCategory
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action, in_scope, scoped
from suzhaohuo.kernel.states import HOLDING_STATES
from suzhaohuo.regions.choices import RegionLevel
from suzhaohuo.regions.models import Region

# Engagement states that take up a place on the posting (gigs app); used to auto-close filled postings.
FILLING_ENGAGEMENT_STATES = tuple(HOLDING_STATES)


def live_q(now: datetime | None = None) -> Q:
    """The one test that a posting is still current at ``now``: before its 有效期 and its work period not already
    over. Applies to ``Job`` and to search's index rows (same column names), so searches, nearby and
    recommendations exclude a posting whose work date has passed at query time, before the expiry task runs."""
    now = now or timezone.now()
    return Q(valid_until__gt=now) & (Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate(now)))


def job_is_open(job: Job, now: datetime | None = None) -> bool:
    """What ``jobs_public()`` would say about a posting already loaded (published and ``live_q``), without
    asking the database again."""
    now = now or timezone.now()
    return (job.status == JobStatus.PUBLISHED and job.valid_until > now
            and (job.end_date is None or job.end_date >= timezone.localdate(now)))


def jobs_public() -> QuerySet[Job]:
    """What workers may see: published, still valid, and whose work period has not already ended."""
    return Job.objects.filter(live_q(), status=JobStatus.PUBLISHED).select_related("employer", "category", "township")


def job_get_public(pk: int) -> Job:
    job = jobs_public().filter(pk=pk).first()
    if job is None or not policy.standing(None, Action.JOB_SHOW, target=job):
        raise NotFound(_("这个岗位不存在或已结束招聘，请看看其他岗位。"))
    return job


def review_queue(actor: User) -> QuerySet[Job]:
    qs = Job.objects.filter(status=JobStatus.PENDING_REVIEW).select_related("employer", "category", "township")
    return scoped(qs, actor, "township__code").order_by("created_at")


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or user.role in STAFF_ROLES)


def job_visible_to_manager(job: Job, user: Any) -> bool:
    """The posting's own employer account, its poster, and staff whose scope covers its township."""
    if not getattr(user, "is_authenticated", False):
        return False
    if job.employer.owner_id == user.pk or job.posted_by_id == user.pk:
        return True
    return _is_staff(user) and in_scope(user, job.township_id)


def job_get_for_viewer(pk: int, user: Any) -> tuple[Job, bool]:
    """(job, is_public). Workers only get live postings; managers see every state. Else NotFound."""
    job = Job.objects.select_related("employer", "category__parent", "township__parent").filter(pk=pk).first()
    if job is None:
        raise NotFound(_("这个岗位不存在或已结束招聘，请看看其他岗位。"))
    is_public = (job.status == JobStatus.PUBLISHED and job.valid_until > timezone.now()
                 and policy.standing(None, Action.JOB_SHOW, target=job).allowed)
    if not is_public and not job_visible_to_manager(job, user):
        raise NotFound(_("这个岗位不存在或已结束招聘，请看看其他岗位。"))
    return job, is_public


def job_get_managed(pk: int, user: Any) -> Job:
    """A posting the user may manage (edit/close/repost); NotFound otherwise, so ids are not probed."""
    job = Job.objects.select_related("employer", "category", "township").filter(pk=pk).first()
    if job is None or not job_visible_to_manager(job, user):
        raise NotFound(_("找不到这个岗位，请从「我的岗位」进入。"))
    return job


def job_get_for_review(pk: int, actor: User) -> Job:
    qs = scoped(Job.objects.select_related("employer", "category", "township", "posted_by"), actor, "township__code")
    job = qs.filter(pk=pk).first()
    if job is None:
        raise NotFound(_("这个岗位不在您的审核范围内。"))
    return job


def jobs_of_employer(employer: Any, *, status: str | None = None) -> QuerySet[Job]:
    qs = Job.objects.filter(employer=employer).select_related("category", "township").order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return qs


def job_status_history(job: Job) -> QuerySet[Any]:
    return job.status_changes.select_related("actor").order_by("created_at", "id")


def categories_grouped() -> list[tuple[JobCategory, list[JobCategory]]]:
    """Top-level categories with their leaves, in sort order (for grouped selects)."""
    cats = list(JobCategory.objects.order_by("sort_order", "code"))
    tops = [c for c in cats if c.parent_id is None]
    return [(t, [c for c in cats if c.parent_id == t.pk]) for t in tops]


def townships_grouped() -> list[tuple[Region, list[Region]]]:
    """Counties with their townships (for a select grouped by county)."""
    regions = list(Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWNSHIP)).order_by("code"))
    counties = [r for r in regions if r.level == RegionLevel.COUNTY]
    return [(c, [t for t in regions if t.parent_id == c.code]) for c in counties]


def jobs_filled_ids() -> list[int]:
    """Published postings whose engaged workers have reached the headcount."""
    return list(Job.objects.filter(status=JobStatus.PUBLISHED)
                .annotate(taken=Count("engagements", filter=Q(engagements__status__in=FILLING_ENGAGEMENT_STATES)))
                .filter(taken__gte=F("headcount")).values_list("pk", flat=True))


def jobs_published_between(start: Any, end: Any) -> QuerySet[Job]:
    """Postings published at least once in [start, end): a status change to 招聘中 inside it, or a first
    publication time inside it (the plan's "jobs posted"; duplicates are links, never postings)."""
    from suzhaohuo.jobs.models import JobStatusChange

    changed = JobStatusChange.objects.filter(to_status=JobStatus.PUBLISHED, created_at__gte=start,
                                             created_at__lt=end).values("job_id")
    return Job.objects.filter(Q(pk__in=changed) | Q(published_at__gte=start, published_at__lt=end))

"""就业援助 reads. The one place region scope is applied (kernel.policy.scoped on township codes) and sensitive
details are read; employers have no path here at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.assistance.choices import PersonStatus, PlacementStatus, PostStatus
from suzhaohuo.assistance.models import Attendance, DifficultyPerson, FollowUp, Placement, WelfarePost
from suzhaohuo.core.errors import NotFound
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action


def can_manage(user: Any) -> bool:
    return bool(policy.decide(user, Action.ASSISTANCE_MANAGE))


def persons_for_staff(*, actor: User, status: str | None = None) -> QuerySet[DifficultyPerson]:
    qs = DifficultyPerson.objects.select_related("user__identity", "category", "assigned_staff")
    if status:
        qs = qs.filter(status=status)
    return policy.scoped(qs, actor, "township_code").order_by("-identified_at")


def person_for_staff(*, actor: User, pk: int) -> DifficultyPerson:
    person = persons_for_staff(actor=actor).filter(pk=pk).first() if can_manage(actor) else None
    if person is None:
        raise NotFound(_("找不到这位人员，或不在您负责的地区。"))
    return person


def persons_of_user(user: Any) -> QuerySet[DifficultyPerson]:
    """The person's own identifications (what they can see and withdraw)."""
    return DifficultyPerson.objects.filter(user=user).select_related("category").order_by("-identified_at")


def recommended_jobs(person: DifficultyPerson, *, limit: int = 10) -> list[Any]:
    """Open jobs for the person: their county first, matching the categories they want, newest first.
    (The priority is in who staff push to, bounded per day — see README — not a hidden ranking for others.)"""
    from suzhaohuo.jobs.selectors import jobs_public
    from suzhaohuo.workers.models import WorkerProfile

    qs = jobs_public().select_related("employer", "township", "category")
    county = person.township_code[:6]
    profile = WorkerProfile.objects.filter(user=person.user).first()
    wanted = list(profile.categories.values_list("code", flat=True)) if profile and hasattr(
        profile, "categories") else []
    local = list(policy.scoped_by_prefix(qs, county, "township_id").order_by("-published_at")[:100])
    if wanted:
        local.sort(key=lambda j: j.category.code not in wanted)
    pushed = set(person.recommendations.values_list("job_id", flat=True))
    return [j for j in local if j.pk not in pushed][:limit]


def posts_for_staff(*, actor: User, status: str | None = None) -> QuerySet[WelfarePost]:
    qs = WelfarePost.objects.select_related("township").annotate(
        filled=Count("placements", filter=Q(placements__status=PlacementStatus.ACTIVE)))
    if status:
        qs = qs.filter(status=status)
    return policy.scoped(qs, actor, "township_id").order_by("status", "-created_at")


def post_for_staff(*, actor: User, pk: int) -> WelfarePost:
    post = posts_for_staff(actor=actor).filter(pk=pk).first() if can_manage(actor) else None
    if post is None:
        raise NotFound(_("找不到这个公益性岗位，或不在您负责的地区。"))
    return post


def placements_for_staff(*, actor: User, active_only: bool = False) -> QuerySet[Placement]:
    qs = Placement.objects.select_related("post", "person__user__identity", "person__category")
    if active_only:
        qs = qs.filter(status=PlacementStatus.ACTIVE)
    return policy.scoped(qs, actor, "township_code")


def placement_for_staff(*, actor: User, pk: int) -> Placement:
    p = placements_for_staff(actor=actor).filter(pk=pk).first() if can_manage(actor) else None
    if p is None:
        raise NotFound(_("找不到这条安置记录，或不在您负责的地区。"))
    return p


def placements_of_user(user: Any) -> QuerySet[Placement]:
    return Placement.objects.filter(person__user=user).select_related("post__township").order_by("-start_date")


def attendance_of(placement: Placement) -> QuerySet[Attendance]:
    return placement.attendance.order_by("month")


def attendance_for_export(*, actor: User, month: date | None = None,
                          post: WelfarePost | None = None) -> QuerySet[Attendance]:
    qs = Attendance.objects.select_related("placement__post__township", "placement__person__user__identity")
    qs = policy.scoped(qs, actor, "placement__township_code")
    if month is not None:
        qs = qs.filter(month=month.replace(day=1))
    if post is not None:
        qs = qs.filter(placement__post=post)
    return qs.order_by("placement__post__township_id", "placement__post_id", "month", "placement_id")


def follow_ups_due(*, actor: User, on: date | None = None) -> QuerySet[FollowUp]:
    on = on or timezone.localdate()
    qs = FollowUp.objects.filter(done_on__isnull=True, due_on__lte=on + timedelta(days=7)).select_related(
        "person__user__identity")
    return policy.scoped(qs, actor, "person__township_code").order_by("due_on")


def terms_ending(*, actor: User, within_days: int = 60) -> QuerySet[Placement]:
    horizon = timezone.localdate() + timedelta(days=within_days)
    return placements_for_staff(actor=actor, active_only=True).filter(end_date__lte=horizon).order_by("end_date")


# --- figures --------------------------------------------------------------------------------------

@dataclass
class AssistanceFigures:
    identified: int
    assisted: int
    employed: int
    employed_30: int
    employed_90: int
    posts_open: int
    posts_filled: int


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.min, tz)


def figures(*, start: date, end: date, region_prefix: str | None) -> AssistanceFigures:
    """identified: identified in [start, end); assisted: of those, with a contact, push or placement;
    employed: of those, employed (within 30 / 90 days of identification for the two sub-counts);
    posts: vacant places on open public-welfare posts now / placements that started in the period."""
    a, b = _bounds(start, end)
    persons = policy.scoped_by_prefix(
        DifficultyPerson.objects.filter(identified_at__gte=a, identified_at__lt=b), region_prefix, "township_code")
    rows = list(persons.prefetch_related("placements", "contacts", "recommendations"))
    assisted = sum(1 for p in rows if p.contacts.all() or p.placements.all()
                   or any(r.pushed_at for r in p.recommendations.all()))
    # days from identification to first work (an outcome recorded or a public-welfare placement)
    waits: list[int] = []
    for p in rows:
        dates = [d for d in [p.employed_on, *(pl.start_date for pl in p.placements.all())] if d]
        if dates:
            waits.append((min(dates) - timezone.localtime(p.identified_at).date()).days)
    posts = policy.scoped_by_prefix(WelfarePost.objects.filter(status=PostStatus.OPEN), region_prefix, "township_id")
    active = Count("placements", filter=Q(placements__status=PlacementStatus.ACTIVE))
    vacancies = sum(max(0, p.slots - p.active) for p in posts.annotate(active=active))
    filled = policy.scoped_by_prefix(Placement.objects.filter(start_date__gte=start, start_date__lt=end),
                                     region_prefix, "township_code").count()
    return AssistanceFigures(identified=len(rows), assisted=assisted, employed=len(waits),
                             employed_30=sum(1 for w in waits if w <= 30), employed_90=sum(1 for w in waits if w <= 90),
                             posts_open=vacancies, posts_filled=filled)


def status_label(status: str) -> str:
    return str(PersonStatus(status).label) if status in PersonStatus.values else status

"""Reads of the gig transaction: each side's lists, staff queues (region-scoped) and reliability figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import NotFound
from suzhaohuo.gigs.choices import DONE_STATES, HOLDING_STATES, EngagementStatus, Party, WageAlertStatus
from suzhaohuo.gigs.models import Dispute, Engagement, Rating, WageAlert
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import scoped

if TYPE_CHECKING:
    from suzhaohuo.agreements.models import Agreement

S = EngagementStatus
PAID_STATES = frozenset({S.PAID, S.CONFIRMED, S.RATED})


def _base() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("job", "job__township", "employer", "worker")


def engagements_of_worker(user: Any, *, statuses: list[str] | None = None) -> QuerySet[Engagement]:
    qs = _base().filter(worker=user)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs


def engagements_of_employer(user: Any) -> QuerySet[Engagement]:
    return _base().filter(employer__owner=user)


def engagement_for_user(user: Any, pk: int) -> Engagement:
    """An engagement visible to ``user``: either side, or staff whose scope covers its township."""
    eng = _base().filter(pk=pk).first()
    if eng is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_not_found())
    if eng.worker_id == user.pk or eng.employer.owner_id == user.pk:
        return eng
    if policy.in_scope(user, eng.township_code):
        return eng
    raise NotFound(_not_found())


def _not_found() -> str:
    from django.utils.translation import gettext as _

    return _("找不到这条用工记录，请从“我的报名”或“用工管理”进入。")


def engagement_of_worker_for_job(user: Any, job: Any) -> Engagement | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Engagement.objects.filter(worker=user, job=job).first()


def applicants_for_job(job: Any) -> QuerySet[Engagement]:
    return _base().filter(job=job).order_by("created_at")


def jobs_of_employer(user: Any) -> QuerySet[Any]:
    from suzhaohuo.jobs.models import Job

    return (Job.objects.filter(employer__owner=user)
            .annotate(n_applied=Count("engagements", filter=Q(engagements__status=S.APPLIED)),
                      n_taken=Count("engagements", filter=Q(engagements__status__in=list(HOLDING_STATES))))
            .select_related("township").order_by("-created_at"))


def worker_earnings(user: Any) -> dict[str, Any]:
    qs = engagements_of_worker(user, statuses=list(DONE_STATES)).order_by("-completed_at")
    agg = qs.aggregate(total=Sum("pay_amount"), hours=Sum("hours"))
    return {"rows": qs, "total": agg["total"] or Decimal("0"), "hours": agg["hours"] or Decimal("0"),
            "count": qs.count(), "unpaid": qs.filter(status=S.COMPLETED).count()}


def events_of(engagement: Engagement) -> QuerySet[Any]:
    return engagement.events.select_related("actor").order_by("created_at", "id")


def disputes_of(engagement: Engagement) -> QuerySet[Dispute]:
    return engagement.disputes.all()


@dataclass
class EmployerStats:
    rating_avg: float | None
    rating_count: int
    completed: int
    paid_count: int
    paid_on_time: int
    overdue: int
    late_cancellations: int

    @property
    def paid_on_time_rate(self) -> float | None:
        """Share of payments due so far that were recorded on time (None: no record yet)."""
        base = self.paid_count + self.overdue
        return round(self.paid_on_time / base, 3) if base else None

    @property
    def paid_on_time_percent(self) -> int | None:
        rate = self.paid_on_time_rate
        return None if rate is None else round(rate * 100)


def employer_stats(employer: Any) -> EmployerStats:
    """Reliability for the job page. ``overdue`` = unpaid past the settlement period (a 欠薪 alert was raised)."""
    qs = Engagement.objects.filter(employer=employer)
    r = Rating.objects.filter(engagement__employer=employer, rater_party=Party.WORKER).aggregate(
        avg=Avg("score"), n=Count("id"))
    agg = qs.aggregate(
        completed=Count("id", filter=Q(status__in=list(DONE_STATES))),
        paid=Count("id", filter=Q(status__in=list(PAID_STATES))),
        on_time=Count("id", filter=Q(status__in=list(PAID_STATES), paid_at__lte=F("payment_due_at"))),
        overdue=Count("id", filter=Q(status=S.COMPLETED, wage_alert__isnull=False)),
        late=Count("id", filter=Q(late_cancellation=True)),
    )
    return EmployerStats(rating_avg=round(r["avg"], 1) if r["avg"] is not None else None, rating_count=r["n"],
                         completed=agg["completed"], paid_count=agg["paid"], paid_on_time=agg["on_time"],
                         overdue=agg["overdue"], late_cancellations=agg["late"])


@dataclass
class WorkerStats:
    rating_avg: float | None
    rating_count: int
    completed: int
    no_shows: int
    cancellations: int
    certifications: list[str]


def worker_stats(user: Any) -> WorkerStats:
    qs = Engagement.objects.filter(worker=user)
    r = Rating.objects.filter(ratee=user, rater_party=Party.EMPLOYER).aggregate(avg=Avg("score"), n=Count("id"))
    agg = qs.aggregate(
        completed=Count("id", filter=Q(status__in=list(DONE_STATES))),
        no_shows=Count("id", filter=Q(status=S.NO_SHOW)),
        cancellations=Count("id", filter=Q(status=S.CANCELLED, ended_by=Party.WORKER)),
    )
    return WorkerStats(rating_avg=round(r["avg"], 1) if r["avg"] is not None else None, rating_count=r["n"],
                       completed=agg["completed"], no_shows=agg["no_shows"], cancellations=agg["cancellations"],
                       certifications=[])  # artisan certifications: no source yet


def wage_alerts_for_staff(*, actor: User, status: str | None = WageAlertStatus.OPEN) -> QuerySet[WageAlert]:
    qs = WageAlert.objects.select_related("engagement", "engagement__job", "engagement__employer",
                                          "engagement__worker")
    if status:
        qs = qs.filter(status=status)
    return scoped(qs, actor, "township_code").order_by("status", "due_at")


def disputes_for_staff(*, actor: User) -> QuerySet[Dispute]:
    qs = Dispute.objects.select_related("engagement", "engagement__job", "engagement__employer")
    return scoped(qs, actor, "engagement__township_code")


def agreement_of(engagement: Engagement) -> Agreement | None:
    """The engagement's agreement (None until one is created)."""
    from suzhaohuo.agreements.selectors import agreement_for_engagement

    return agreement_for_engagement(engagement)


def agreement_awaits(agreement: Agreement | None, party: str | None) -> bool:
    """Whether ``party`` still has to sign the engagement's pending agreement (their next step)."""
    if agreement is None or not party or agreement.is_sealed:
        return False
    from suzhaohuo.agreements.selectors import signed_roles

    return party not in signed_roles(agreement)


def agreement_ids_of(engagements: list[Engagement]) -> dict[int, int]:
    """{engagement id: its agreement's id} for a list of engagements, in one query (lists show the link)."""
    from suzhaohuo.agreements.selectors import agreement_ids_by_engagement

    return agreement_ids_by_engagement([e.pk for e in engagements])

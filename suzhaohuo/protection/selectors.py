"""Protection reads: a worker's cover, claims visible to each party, the insurer/staff queues (region scope
through kernel.policy), and coverage figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import NotFound
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.states import HOLDING_STATES
from suzhaohuo.protection.adapters import adapter_available
from suzhaohuo.protection.choices import ClaimStatus, EnrolmentStatus, ProductKind
from suzhaohuo.protection.models import Claim, Enrolment, InsuranceProduct


def enrolments_of_worker(user: Any) -> QuerySet[Enrolment]:
    return (Enrolment.objects.filter(worker=user).select_related("product", "engagement__job")
            .order_by("-cover_start", "-id"))


def enrolment_of_engagement(engagement_id: int) -> Enrolment | None:
    return Enrolment.objects.filter(engagement_id=engagement_id).select_related("product").first()


def claims_of_engagement(engagement_id: int) -> QuerySet[Claim]:
    return Claim.objects.filter(enrolment__engagement_id=engagement_id).order_by("-created_at")


def claims_of_worker(user: Any) -> QuerySet[Claim]:
    return Claim.objects.filter(worker=user).select_related("enrolment__product", "enrolment__engagement__job")


def job_cover(job: Any) -> InsuranceProduct | None:
    """The cover an accepted worker will really be enrolled in (product active and its insurer reachable by an
    adapter), for the job page's 「含意外险」; None otherwise."""
    from suzhaohuo.protection.services import cover_for_job

    product = cover_for_job(job)
    if product is None or not adapter_available(product.adapter):
        return None
    return product


def claims_for_staff(*, actor: User, status: str | None = None) -> QuerySet[Claim]:
    qs = Claim.objects.select_related("enrolment__product", "enrolment__engagement__job", "worker")
    if status:
        qs = qs.filter(status=status)
    return policy.scoped(qs, actor, "township_code").order_by("status", "-created_at")


def enrolments_failing_for_staff(*, actor: User) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(status__in=[EnrolmentStatus.FAILED, EnrolmentStatus.GAVE_UP])
    return policy.scoped(qs.select_related("product", "engagement__job"), actor, "township_code")


def claim_for_user(user: Any, pk: int) -> tuple[Claim, str]:
    """The claim and the viewer's part in it (worker / employer / handler); NotFound otherwise."""
    claim = (Claim.objects.select_related("enrolment__product", "enrolment__engagement__job",
                                          "enrolment__engagement__employer", "worker").filter(pk=pk).first())
    if claim is not None and getattr(user, "is_authenticated", False):
        if claim.worker_id == user.pk:
            return claim, "worker"
        if claim.enrolment.engagement.employer.owner_id == user.pk:
            return claim, "employer"
        if policy.decide(user, Action.INSURANCE_HANDLE, region_code=claim.township_code):
            return claim, "handler"
    raise NotFound(_("找不到这个报案，请从“我的保障”或用工记录进入。"))


# --- coverage figures ------------------------------------------------------------------------------

@dataclass
class Coverage:
    engagements: int = 0
    insured: int = 0
    claims: int = 0
    claims_by_status: dict[str, int] = field(default_factory=dict)
    approved_amount: Decimal = Decimal("0")
    by_category: list[dict[str, Any]] = field(default_factory=list)
    by_county: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claims_by_status_labels(self) -> list[tuple[str, int]]:
        """(Chinese status label, count), in the order of the claim's states, for pages."""
        return [(str(label), self.claims_by_status[value]) for value, label in ClaimStatus.choices
                if self.claims_by_status.get(value)]

    @property
    def insured_rate(self) -> Decimal | None:
        if not self.engagements:
            return None
        return (Decimal(self.insured) / Decimal(self.engagements)).quantize(Decimal("0.0001"))


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.min, tz)


def coverage(*, start: date, end: date, region_prefix: str | None) -> Coverage:
    """Engagements accepted in [start, end) that hold a place, how many were insured (active cover), by
    category and county; claims reported in the period and their outcomes."""
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.jobs.models import JobCategory

    a, b = _bounds(start, end)
    engs = Engagement.objects.filter(accepted_at__gte=a, accepted_at__lt=b, status__in=list(HOLDING_STATES))
    engs = policy.scoped_by_prefix(engs, region_prefix, "township_code")
    insured_q = Q(enrolment__status=EnrolmentStatus.ACTIVE)
    out = Coverage(engagements=engs.count(), insured=engs.filter(insured_q).count())
    names = dict(JobCategory.objects.values_list("code", "name"))
    for row in (engs.values("job__category__code").annotate(n=Count("id"), ins=Count("id", filter=insured_q))
                .order_by("-n")):
        code = row["job__category__code"]
        out.by_category.append({"code": code, "name": names.get(code, code), "engagements": row["n"],
                                "insured": row["ins"]})
    counties: dict[str, dict[str, Any]] = {}
    for town in engs.values("township_code").annotate(n=Count("id"), ins=Count("id", filter=insured_q)):
        c = counties.setdefault((town["township_code"] or "")[:6], {"engagements": 0, "insured": 0})
        c["engagements"] += town["n"]
        c["insured"] += town["ins"]
    from suzhaohuo.regions.models import Region

    county_names = dict(Region.objects.filter(code__in=list(counties)).values_list("code", "name"))
    out.by_county = [{"code": k, "name": county_names.get(k, k), **v} for k, v in sorted(counties.items())]
    claims = policy.scoped_by_prefix(Claim.objects.filter(created_at__gte=a, created_at__lt=b), region_prefix,
                                     "township_code")
    out.claims = claims.count()
    out.claims_by_status = {r["status"]: r["n"] for r in claims.values("status").annotate(n=Count("id"))}
    out.approved_amount = claims.filter(status=ClaimStatus.APPROVED).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return out


def products_summary() -> list[InsuranceProduct]:
    return list(InsuranceProduct.objects.filter(active=True).order_by("kind", "code"))


def is_occupational(product: InsuranceProduct) -> bool:
    return product.kind == ProductKind.OCCUPATIONAL_INJURY

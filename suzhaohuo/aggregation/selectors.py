"""Aggregation reads: sources visible to a user, the KPI, the dashboard figures, provenance of a job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.selectors import user_scope_prefix
from suzhaohuo.aggregation.choices import SCREENING_CATEGORY_LABELS, THIRD_PARTY_KINDS, LinkState, Outcome
from suzhaohuo.aggregation.models import ImportBatch, Posting, RawRecord, Source, SourceLink, SourceOperator
from suzhaohuo.regions.selectors import filter_by_scope

DASHBOARD_ROLES = (Role.REGULATOR, Role.ADMIN, Role.STATION_STAFF, Role.DEPARTMENT_OPERATOR, Role.AGENCY_OPERATOR)


def can_see_dashboard(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or user.role in DASHBOARD_ROLES)


def sources_for(user: Any) -> QuerySet[Source]:
    """Operators see their own source; other staff see sources serving their region (and city-wide ones)."""
    qs = Source.objects.select_related("region").order_by("kind", "name")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role in (Role.DEPARTMENT_OPERATOR, Role.AGENCY_OPERATOR) and not user.is_superuser:
        return qs.filter(operators__user=user)
    prefix = user_scope_prefix(user)
    if prefix is None:
        return qs
    return qs.filter(Q(region__isnull=True) | Q(region_id__startswith=prefix[:6]) | Q(region_id__startswith=prefix))


def operator_source_of(user: Any) -> Source | None:
    user_pk = getattr(user, "pk", None)
    if user_pk is None:
        return None
    link = SourceOperator.objects.select_related("source").filter(user_id=user_pk).first()
    return link.source if link else None


def batch_for(user: Any, pk: int) -> ImportBatch | None:
    batch = ImportBatch.objects.select_related("source").filter(pk=pk).first()
    if batch is None:
        return None
    if batch.actor_id == getattr(user, "pk", None) or sources_for(user).filter(pk=batch.source_id).exists():
        return batch
    return None


def batch_records(batch: ImportBatch) -> QuerySet[RawRecord]:
    return RawRecord.objects.filter(batch=batch).order_by("row_number", "id")


def batch_problem_records(batch: ImportBatch) -> QuerySet[RawRecord]:
    return batch_records(batch).filter(outcome__in=[Outcome.REJECTED, Outcome.BLOCKED, Outcome.HELD])


def third_party_kinds() -> tuple[str, ...]:
    """Source kinds whose first-brought postings count as third-party (``KPI_THIRD_PARTY_SOURCE_KINDS``)."""
    from django.conf import settings

    return tuple(getattr(settings, "KPI_THIRD_PARTY_SOURCE_KINDS", tuple(THIRD_PARTY_KINDS)))


def kpi_aggregation(*, scope_prefix: str | None = None, start: Any = None, end: Any = None) -> dict[str, Any]:
    """The plan's third-party share: of every posting published at least once (in [start, end), default
    all time; distinct after de-duplication, whoever brought it), the share first brought by a third party.
    ``distinct_jobs``/``by_source`` count the imported ones by their first source."""
    from suzhaohuo.jobs.selectors import jobs_published_between

    start = start or datetime(2000, 1, 1, tzinfo=UTC)
    end = end or timezone.now() + timedelta(days=1)
    qs = jobs_published_between(start, end)
    if scope_prefix:
        qs = filter_by_scope(qs, scope_prefix, "township_id")
    published = qs.count()
    kinds = set(third_party_kinds())
    rows = list(qs.filter(aggregation_posting__isnull=False).order_by()
                .values("aggregation_posting__first_source_id", "aggregation_posting__first_source__name",
                        "aggregation_posting__first_source__kind").annotate(n=Count("pk"))
                .order_by("-n", "aggregation_posting__first_source__name"))
    distinct = sum(r["n"] for r in rows)
    third = sum(r["n"] for r in rows if r["aggregation_posting__first_source__kind"] in kinds)
    return {
        "distinct_jobs": distinct, "third_party_jobs": third, "published_jobs": published,
        "third_party_rate": round(third / published, 4) if published else 0.0, "third_party_kinds": sorted(kinds),
        "by_source": [{"source_id": r["aggregation_posting__first_source_id"],
                       "source": r["aggregation_posting__first_source__name"],
                       "kind": r["aggregation_posting__first_source__kind"], "distinct_jobs": r["n"],
                       "share": round(r["n"] / published, 4) if published else 0.0} for r in rows],
    }


@dataclass
class SourceStats:
    source: Source
    received: int = 0
    created: int = 0
    held: int = 0
    duplicates: int = 0
    updated: int = 0
    rejected: int = 0
    blocked: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    blocked_by_category: dict[str, int] = field(default_factory=dict)
    last_received: datetime | None = None
    active_links: int = 0
    fresh_links: int = 0
    weeks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new_items(self) -> int:
        """Items that were new to this source (not re-sends or updates)."""
        return self.created + self.held + self.duplicates + self.rejected + self.blocked

    @property
    def duplicate_rate(self) -> float:
        accepted = self.created + self.held + self.duplicates
        return self.duplicates / accepted if accepted else 0.0

    @property
    def rejection_rate(self) -> float:
        return (self.rejected + self.blocked) / self.new_items if self.new_items else 0.0

    def category_rates(self) -> list[tuple[str, str, int, float]]:
        n = self.new_items or 1
        return [(cat, str(SCREENING_CATEGORY_LABELS.get(cat, cat)), count, count / n)
                for cat, count in sorted(self.blocked_by_category.items())]

    @property
    def freshness(self) -> float:
        return self.fresh_links / self.active_links if self.active_links else 0.0


def source_stats(sources: list[Source], *, weeks: int = 8, fresh_days: int = 7) -> list[SourceStats]:
    ids = [s.pk for s in sources]
    stats = {s.pk: SourceStats(source=s) for s in sources}
    rows = (RawRecord.objects.filter(source_id__in=ids).values("source_id", "outcome")
            .annotate(n=Count("id"), last=Max("received_at")))
    for r in rows:
        st = stats[r["source_id"]]
        setattr(st, "duplicates" if r["outcome"] == Outcome.DUPLICATE else r["outcome"], r["n"])
        st.received += r["n"]
        if st.last_received is None or (r["last"] and r["last"] > st.last_received):
            st.last_received = r["last"]
    for source_id, cats in (RawRecord.objects.filter(source_id__in=ids, outcome=Outcome.BLOCKED)
                            .values_list("source_id", "screening_categories")):
        for cat in cats or ["other"]:
            stats[source_id].blocked_by_category[cat] = stats[source_id].blocked_by_category.get(cat, 0) + 1
    since = timezone.now() - timedelta(days=fresh_days)
    for link_row in (SourceLink.objects.filter(source_id__in=ids).exclude(state=LinkState.WITHDRAWN)
                     .values("source_id").annotate(n=Count("id"), fresh=Count("id", filter=Q(last_seen_at__gte=since)))):
        stats[link_row["source_id"]].active_links = link_row["n"]
        stats[link_row["source_id"]].fresh_links = link_row["fresh"]
    start = timezone.now() - timedelta(weeks=weeks)
    weekly = (RawRecord.objects.filter(source_id__in=ids, received_at__gte=start)
              .annotate(week=TruncWeek("received_at")).values("source_id", "week", "outcome").annotate(n=Count("id"))
              .order_by("week"))
    table: dict[tuple[int, Any], dict[str, Any]] = {}
    for w in weekly:
        cell = table.setdefault((w["source_id"], w["week"]), {"week": w["week"], "received": 0, "created": 0,
                                                              "duplicates": 0, "rejected": 0})
        cell["received"] += w["n"]
        if w["outcome"] in (Outcome.CREATED, Outcome.HELD):
            cell["created"] += w["n"]
        elif w["outcome"] == Outcome.DUPLICATE:
            cell["duplicates"] += w["n"]
        elif w["outcome"] in (Outcome.REJECTED, Outcome.BLOCKED):
            cell["rejected"] += w["n"]
    for (source_id, _week), cell in table.items():
        stats[source_id].weeks.append(cell)
    return [stats[s.pk] for s in sources]


def held_postings(user: Any) -> QuerySet[Posting]:
    """Postings held for a person to check (unknown employer, uncertain values), inside the user's scope."""
    qs = (Posting.objects.filter(job__status="draft").exclude(review_reasons=[])
          .select_related("job", "first_source").order_by("first_seen_at"))
    if getattr(user, "role", "") in (Role.DEPARTMENT_OPERATOR, Role.AGENCY_OPERATOR) and not user.is_superuser:
        return qs.filter(first_source__operators__user=user)
    return filter_by_scope(qs, user_scope_prefix(user), "township_code")


@dataclass
class JobProvenance:
    first_source: Source | None
    sources: list[SourceLink]
    original_source: str
    employer_name: str
    held_reasons: list[str]


def job_provenance(job: Any) -> JobProvenance | None:
    job_pk = getattr(job, "pk", None)
    if job_pk is None:
        return None
    posting = Posting.objects.select_related("first_source").filter(job_id=job_pk).first()
    if posting is None:
        return None
    links = list(SourceLink.objects.filter(posting=posting).exclude(state=LinkState.WITHDRAWN)
                 .select_related("source").order_by("first_seen_at", "id"))
    return JobProvenance(first_source=posting.first_source, sources=links,
                         original_source=getattr(job, "original_source", ""), employer_name=posting.employer_name,
                         held_reasons=list(posting.review_reasons or []))

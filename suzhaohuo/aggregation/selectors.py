"""Aggregation reads: sources visible to a user, the KPI, the dashboard figures, provenance of a job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from suzhaohuo.aggregation.choices import (
    SCREENING_CATEGORY_LABELS,
    THIRD_PARTY_KINDS,
    ConfirmationStatus,
    LinkState,
    Outcome,
    SourceStatus,
)
from suzhaohuo.aggregation.models import (
    EmployerConfirmation,
    ImportBatch,
    Posting,
    RawRecord,
    Source,
    SourceAuthorization,
    SourceLink,
    SourceOperator,
)
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import ACTION_ROLES, Action, scoped
from suzhaohuo.kernel.states import JobStatus


def can_see_dashboard(user: Any) -> bool:
    return policy.role_allows(user, Action.SOURCE_VIEW)


def sources_for(user: Any) -> QuerySet[Source]:
    """Operators see their own source; other staff see sources serving their region (and city-wide ones)."""
    qs = Source.objects.select_related("region").order_by("kind", "name")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role in ACTION_ROLES[Action.JOB_IMPORT] and not user.is_superuser:
        return qs.filter(operators__user=user)
    prefix = policy.scope_prefix(user)
    if prefix is None:
        return qs
    # city-wide sources, and those of the staff member's county (a township's staff see the county's sources)
    return qs.filter(Q(region__isnull=True) | policy.prefix_q(prefix[:6], "region_id", Source))


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


# What the file API says: the batch status and a row's outcome in the words of the API contract.
_API_STATUS = {"queued": "queued", "running": "running", "done": "finished", "failed": "failed"}
_API_OUTCOME: dict[str, str] = {Outcome.BLOCKED.value: "rejected", Outcome.WITHDRAWN.value: "updated"}
API_OUTCOMES = ("created", "held", "duplicate", "unchanged", "updated", "rejected", "skipped")


def batch_api_status(batch: ImportBatch) -> str:
    return _API_STATUS.get(batch.status, batch.status)


def batch_api_view(batch: ImportBatch) -> dict[str, Any]:
    """{"status", "counts", "rows": [{"row", "outcome", "job_id"?, "valid_until"?, "issues"}]} for the file API."""
    from suzhaohuo.aggregation.spreadsheet import SKIP_REASONS

    rows: list[dict[str, Any]] = []
    counts = dict.fromkeys(API_OUTCOMES, 0)
    if batch.status == "failed":
        rows.append({"row": 0, "outcome": "rejected",
                     "issues": [{"column": "文件", "severity": "error", "message": batch.error_message}]})
    for rec in batch_records(batch).select_related("posting__job"):
        outcome = _API_OUTCOME.get(rec.outcome, rec.outcome)
        line: dict[str, Any] = {"row": rec.row_number or 0, "outcome": outcome,
                                "issues": [{"column": str(i.get("column", "")), "severity": str(i.get("severity", "")),
                                            "message": str(i.get("message", ""))} for i in rec.issues or []]}
        job = rec.posting.job if rec.posting is not None else None
        if job is not None:
            line["job_id"] = job.pk
            line["valid_until"] = timezone.localtime(job.valid_until).date().isoformat() if job.valid_until else None
        rows.append(line)
        counts[outcome] = counts.get(outcome, 0) + 1
    for number, reason in (batch.counts or {}).get("skipped_rows", []):
        rows.append({"row": number, "outcome": "skipped",
                     "issues": [{"column": "", "severity": "note", "message": str(SKIP_REASONS.get(reason, reason))}]})
        counts["skipped"] += 1
    rows.sort(key=lambda r: r["row"])
    return {"status": batch_api_status(batch), "counts": counts, "rows": rows}


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
        qs = policy.scoped_by_prefix(qs, scope_prefix, "township_id")
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
    pull_refused: list[RawRecord] = field(default_factory=list)

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
    for rec in pull_refused(ids):
        stats[rec.source_id].pull_refused.append(rec)
    return [stats[s.pk] for s in sources]


def pull_refused(source_ids: list[int], *, limit: int = 50) -> list[RawRecord]:
    """Pulled items whose latest record was refused: they are pulled again each run and listed until fixed."""
    latest = (RawRecord.objects.filter(source_id__in=source_ids, channel="pull").values("source_id", "external_id")
              .annotate(last=Max("id")).values_list("last", flat=True))
    return list(RawRecord.objects.filter(id__in=list(latest), outcome__in=[Outcome.REJECTED, Outcome.BLOCKED])
                .order_by("-received_at", "-id")[:limit])


def held_postings(user: Any) -> QuerySet[Posting]:
    """Postings held for a person to check (unknown employer, uncertain values), inside the user's scope."""
    qs = (Posting.objects.filter(job__status=JobStatus.DRAFT).exclude(review_reasons=[])
          .select_related("job", "first_source").order_by("first_seen_at"))
    if getattr(user, "role", "") in ACTION_ROLES[Action.JOB_IMPORT] and not user.is_superuser:
        return qs.filter(first_source__operators__user=user)
    return scoped(qs, user, "township_code")


@dataclass
class JobProvenance:
    first_source: Source | None
    sources: list[SourceLink]
    original_source: str
    employer_name: str
    held_reasons: list[str]
    proxy_employer: Any = None  # 「来源单位代录」: the source is responsible for the information


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
                         held_reasons=list(posting.review_reasons or []),
                         proxy_employer=posting.proxy_employer if posting.proxy_employer_id else None)


# --- authorisations and confirmations (who may publish under an employer's name) -----------------------

def authorization_active(*, source: Source, employer: Any) -> bool:
    return SourceAuthorization.objects.filter(source=source, employer=employer, revoked_at__isnull=True).exists()


def employer_of(user: Any) -> Any:
    """The employer record the signed-in account owns, or None."""
    from suzhaohuo.identity.models import Employer

    return Employer.objects.filter(owner_id=getattr(user, "pk", None)).first() if getattr(
        user, "is_authenticated", False) else None


def authorizations_of(employer: Any) -> QuerySet[SourceAuthorization]:
    return (SourceAuthorization.objects.filter(employer=employer, revoked_at__isnull=True)
            .select_related("source", "granted_by").order_by("-granted_at", "-id"))


def confirmations_pending(employer: Any) -> QuerySet[EmployerConfirmation]:
    return (EmployerConfirmation.objects.filter(employer=employer, status=ConfirmationStatus.PENDING)
            .select_related("source", "posting__job__township").order_by("-requested_at", "-id"))


def confirmation_for(user: Any, pk: int) -> EmployerConfirmation | None:
    """A confirmation request addressed to the user's own employer record (None for anyone else)."""
    employer = employer_of(user)
    if employer is None:
        return None
    return (EmployerConfirmation.objects.select_related("source", "employer", "posting__job__township",
                                                        "posting__job__category")
            .filter(pk=pk, employer=employer).first())


def sources_to_authorize() -> QuerySet[Source]:
    """Sources an employer may authorise: active ones."""
    return Source.objects.filter(status=SourceStatus.ACTIVE).order_by("kind", "name")


def authorizations_recorded_in_scope(user: Any) -> QuerySet[SourceAuthorization]:
    """Standing authorisations of employers inside a station staff member's area (newest first)."""
    qs = SourceAuthorization.objects.select_related("source", "employer", "granted_by").order_by("-granted_at", "-id")
    return scoped(qs, user, "employer__township__code")


def employer_by_uscc(value: str) -> Any:
    from suzhaohuo.core.validators import normalize_uscc
    from suzhaohuo.identity.models import Employer

    uscc = normalize_uscc(value)
    return Employer.objects.filter(uscc=uscc).first() if uscc else None

"""Search index, hidden jobs/employers, and dispatch writes.

    job_index_refresh(job_id)   — (re)index one posting after create/update/status change; jobs.services
                                  calls it via transaction.on_commit. Cheap and idempotent.
    job_index_refresh_many(ids) — the same for many postings at once (bulk imports).
    dispatch_on_publish(job_id) — enqueue the dispatch task (on commit); the task runs dispatch_run().
    dispatch_run(job_id)        — choose and notify matching workers in tiers (daily cap, quiet hours).
    search_reindex_all()        — rebuild every SearchDoc (demo, after bulk imports).
    job_hide / job_unhide / employer_hide / employer_unhide — a worker's 「不再显示」.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from time import time_ns
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.core.services import audit_record
from suzhaohuo.jobs.choices import JobStatus, PayUnit
from suzhaohuo.jobs.models import Job
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.search import geo, text
from suzhaohuo.search.choices import DispatchStatus, DispatchTier
from suzhaohuo.search.models import DispatchRecord, HiddenEmployer, HiddenJob, SearchDoc

WORKDAYS_PER_MONTH = Decimal(26)
DEFAULT_DAILY_HOURS = Decimal(8)


# --- index ----------------------------------------------------------------------------------------

def pay_daily_of(job: Any) -> Decimal | None:
    """The posting's lower pay bound as a day's pay, for the 「日薪不低于」 filter. Piece rates: unknown."""
    amount = job.pay_min if job.pay_min is not None else job.pay_max
    if amount is None:
        return None
    amount = Decimal(amount)
    if job.pay_unit == PayUnit.DAY:
        return amount
    if job.pay_unit == PayUnit.HOUR:
        return (amount * Decimal(job.daily_hours or DEFAULT_DAILY_HOURS)).quantize(Decimal("0.01"))
    if job.pay_unit == PayUnit.MONTH:
        return (amount / WORKDAYS_PER_MONTH).quantize(Decimal("0.01"))
    return None


def recency_of(published_at: datetime, job_id: int) -> int:
    """The newest-first sort key: publish time in whole seconds, then job id (ties in one second)."""
    return int(published_at.timestamp()) * 1_000_000_000 + int(job_id)


def doc_for(job: Job, *, employer_name: str | None = None, category_names: tuple[str, ...] | None = None,
            township_name: str | None = None, reliability: dict[str, Any] | None = None) -> SearchDoc:
    """An unsaved SearchDoc for a published posting (names may be passed in by bulk loaders).

    ``reliability`` ({"rating", "on_time"}) is the employer's record; left empty, the periodic
    employer_reliability_refresh task fills it in.
    """
    if category_names is None:
        cat = job.category
        category_names = (cat.name, cat.parent.name if cat.parent_id and cat.parent else "")
    if employer_name is None:
        employer_name = job.employer.name
    if township_name is None:
        township_name = job.township.name
    published_at = job.published_at or job.created_at or timezone.now()
    reliability = reliability or {}
    return SearchDoc(
        job_id=job.pk,
        tokens=text.index_tokens(job.title, job.description, employer_name, *category_names, township_name),
        published_at=published_at,
        recency=recency_of(published_at, job.pk),
        employer_rating=reliability.get("rating"),
        employer_on_time=reliability.get("on_time"),
        valid_until=job.valid_until,
        settlement=job.settlement,
        category_code=job.category.code,
        township_code=job.township_id,
        county_code=job.township_id[:6],
        employer_id=job.employer_id,
        lat=job.lat if job.lng is not None else None,
        lng=job.lng if job.lat is not None else None,
        cell=geo.cell_of(job.lat, job.lng),
        pay_daily=pay_daily_of(job),
        start_date=job.start_date,
        end_date=job.end_date,
    )


INDEX_VERSION_KEY = "search:index-version"  # part of the anonymous search cache key (search.api)


def index_version_bump() -> None:
    """Invalidate cached anonymous search results after the index changed (called on commit)."""
    from django.core.cache import cache

    cache.set(INDEX_VERSION_KEY, time_ns(), None)


def job_index_refresh(job_id: int) -> None:
    """Index the posting when it is published, drop it otherwise. Safe to call any number of times."""
    job_index_refresh_many([job_id])


def job_index_refresh_many(job_ids: list[int]) -> None:
    """``job_index_refresh`` for many postings (bulk imports): per 500 ids one query loads them, one
    delete drops the unpublished, one upsert writes the rest (the FTS5 triggers / tsvector column follow)."""
    from suzhaohuo.search.selectors import employer_reliability

    index_version_bump()  # now, and again on commit (a reader may cache the old rows in between)
    transaction.on_commit(index_version_bump)
    ids = list(dict.fromkeys(job_ids))
    fields = [f.name for f in SearchDoc._meta.concrete_fields if f.name != "job"]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        jobs = list(Job.objects.select_related("employer", "category__parent", "township")
                    .filter(pk__in=chunk, status=JobStatus.PUBLISHED))
        shown = {emp.pk: policy.standing(None, Action.JOB_SHOW, target=emp).allowed  # sanctions hide an employer
                 for emp in {job.employer_id: job.employer for job in jobs}.values()}
        jobs = [job for job in jobs if shown[job.employer_id]]
        live = {job.pk for job in jobs}
        gone = [pk for pk in chunk if pk not in live]
        if gone:
            SearchDoc.objects.filter(job_id__in=gone).delete()
        if not jobs:
            continue
        reliability = employer_reliability(sorted({job.employer_id for job in jobs}))
        docs = [doc_for(job, reliability=reliability.get(job.employer_id)) for job in jobs]
        SearchDoc.objects.bulk_create(docs, update_conflicts=True, unique_fields=["job"], update_fields=fields)


def employer_reliability_refresh(*, employer_ids: list[int] | None = None) -> int:
    """Copy each employer's rating and on-time pay rate into its index rows. Returns rows changed.

    Run periodically (tasks.py) and whenever a posting is indexed, so recommendations read it for free.
    Idempotent: only rows whose values differ are written.
    """
    from suzhaohuo.search.selectors import employer_reliability

    if employer_ids is None:
        # employers with any engagement (others have no record yet), plus rows that still carry one
        ids = set(SearchDoc.objects.filter(Q(employer_rating__isnull=False) | Q(employer_on_time__isnull=False))
                  .values_list("employer_id", flat=True).distinct().order_by())
        try:
            from suzhaohuo.gigs.models import Engagement

            ids |= set(Engagement.objects.values_list("employer_id", flat=True).distinct().order_by())
        except ImportError:
            pass
        employer_ids = sorted(ids)
    changed = 0
    for start in range(0, len(employer_ids), 500):
        chunk = employer_ids[start:start + 500]
        rel = employer_reliability(chunk, use_cache=False)
        for emp_id in chunk:
            info = rel.get(emp_id) or {}
            rating, on_time = info.get("rating"), info.get("on_time")
            changed += (SearchDoc.objects.filter(employer_id=emp_id)
                        .exclude(employer_rating=rating, employer_on_time=on_time)
                        .update(employer_rating=rating, employer_on_time=on_time))
    return changed


def search_reindex_all(*, batch: int = 1000) -> int:
    """Rebuild the whole index from published postings. Returns how many documents were written."""
    n = 0
    with transaction.atomic():
        SearchDoc.objects.all().delete()
        qs = Job.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "category__parent",
                                                                           "township").order_by("pk")
        docs: list[SearchDoc] = []
        shown: dict[int, bool] = {}
        for job in qs.iterator(chunk_size=batch):
            if job.employer_id not in shown:
                shown[job.employer_id] = policy.standing(None, Action.JOB_SHOW, target=job.employer).allowed
            if not shown[job.employer_id]:
                continue
            docs.append(doc_for(job))
            if len(docs) >= batch:
                SearchDoc.objects.bulk_create(docs)
                n += len(docs)
                docs = []
        SearchDoc.objects.bulk_create(docs)
        n += len(docs)
        index_version_bump()
        transaction.on_commit(index_version_bump)
    return n


def search_paged(*, user: Any, page: int) -> None:
    """Tell the regulators' risk model (event) when a signed-in user pages deeper than normal (scraping)."""
    if getattr(user, "is_authenticated", False) and page > int(getattr(settings, "SEARCH_DEEP_PAGE", 10)):
        from suzhaohuo.kernel import events
        from suzhaohuo.kernel.events import EventName

        events.emit(EventName.SEARCH_DEEP_PAGE, user_id=user.pk, page=page)


# --- hide -----------------------------------------------------------------------------------------

@transaction.atomic
def job_hide(*, user: Any, job: Job) -> HiddenJob:
    hidden, _created = HiddenJob.objects.get_or_create(user=user, job=job)
    audit_record(actor=user, action="search.job_hide", target=job, region_code=job.township_id)
    return hidden


@transaction.atomic
def job_unhide(*, user: Any, job: Job) -> None:
    HiddenJob.objects.filter(user=user, job=job).delete()
    audit_record(actor=user, action="search.job_unhide", target=job, region_code=job.township_id)


@transaction.atomic
def employer_hide(*, user: Any, employer: Any) -> HiddenEmployer:
    hidden, _created = HiddenEmployer.objects.get_or_create(user=user, employer=employer)
    audit_record(actor=user, action="search.employer_hide", target=employer)
    return hidden


@transaction.atomic
def employer_unhide(*, user: Any, employer: Any) -> None:
    HiddenEmployer.objects.filter(user=user, employer=employer).delete()
    audit_record(actor=user, action="search.employer_unhide", target=employer)


# --- dispatch -------------------------------------------------------------------------------------

def dispatch_on_publish(job_id: int) -> None:
    """Enqueue the dispatch task after the surrounding transaction commits."""
    from suzhaohuo.search.tasks import dispatch_job

    transaction.on_commit(lambda: dispatch_job.enqueue(job_id))


def job_url(job_id: int) -> str:
    for name in ("jobs:detail", "jobs:job_detail"):
        try:
            return reverse(name, args=[job_id])
        except NoReverseMatch:
            continue
    return f"/jobs/{job_id}/"


def _quiet(now: datetime) -> bool:
    start, end = getattr(settings, "SEARCH_QUIET_HOURS", (22, 7))
    hour = timezone.localtime(now).hour
    return hour >= start or hour < end if start > end else start <= hour < end


def _sent_today(worker_id: int, now: datetime) -> int:
    midnight = timezone.make_aware(datetime.combine(timezone.localtime(now).date(), time.min))
    return DispatchRecord.objects.filter(worker_id=worker_id, status=DispatchStatus.SENT,
                                         sent_at__gte=midnight).count()


@dataclass
class Candidate:
    user: Any
    tier: int
    reasons: list[str]


def _employer_ratings_of(employer: Any, worker_ids: list[int]) -> dict[int, float]:
    """{worker id: average score this employer gave them}, when the gigs app records ratings."""
    try:
        from django.db.models import Avg

        from suzhaohuo.gigs.models import Rating
    except ImportError:
        return {}
    rows = (Rating.objects.filter(engagement__employer=employer, ratee_id__in=worker_ids, rater_party="employer")
            .values("ratee_id").annotate(avg=Avg("score")))
    return {r["ratee_id"]: float(r["avg"]) for r in rows}


def dispatch_candidates(job: Job) -> list[Candidate]:
    """Tiered list: hired-before-and-rated-well, certified/top-rated nearby, all matching nearby."""
    from suzhaohuo.search.selectors import DONE_STATUSES, match_workers_for_job, worker_quality
    from suzhaohuo.workers.models import WorkerProfile

    out: list[Candidate] = []
    seen: set[int] = {job.employer.owner_id}
    try:
        from suzhaohuo.gigs.models import Engagement

        hired = list(Engagement.objects.filter(employer=job.employer, status__in=DONE_STATUSES)
                     .values_list("worker_id", flat=True).distinct()[:500])
        no_show = set(Engagement.objects.filter(employer=job.employer, status="no_show")
                      .values_list("worker_id", flat=True))
    except ImportError:
        hired, no_show = [], set()
    ratings = _employer_ratings_of(job.employer, hired)
    from suzhaohuo.accounts.models import User

    for user in User.objects.filter(pk__in=hired, is_active=True).order_by("pk"):
        rating = ratings.get(user.pk)
        if user.pk in no_show or (rating is not None and rating < 4.0):
            continue
        reasons = [_("曾为该用工主体完工")]
        if rating is not None:
            reasons.append(_("该雇主给你的评分%(r).1f") % {"r": rating})
        out.append(Candidate(user=user, tier=DispatchTier.HIRED_BEFORE, reasons=reasons))
        seen.add(user.pk)
    matches = match_workers_for_job(job, limit=500, nearby_only=True)
    mq = worker_quality([h.user.pk for h in matches])
    tier2: list[Candidate] = []
    tier3: list[Candidate] = []
    for h in matches:
        if h.user.pk in seen:
            continue
        q = mq.get(h.user.pk) or {}
        top = q.get("certified") or (q.get("rating") is not None and q["rating"] >= 4.5)
        (tier2 if top else tier3).append(Candidate(
            user=h.user, tier=DispatchTier.TOP_NEARBY if top else DispatchTier.MATCHING_NEARBY, reasons=h.reasons))
        seen.add(h.user.pk)
    out += tier2 + tier3
    # workers who switched pushes off are never told
    off = set(WorkerProfile.objects.filter(user_id__in=[c.user.pk for c in out], receive_pushes=False)
              .values_list("user_id", flat=True))
    blocked = set(HiddenEmployer.objects.filter(employer=job.employer).values_list("user_id", flat=True))
    return [c for c in out if c.user.pk not in off and c.user.pk not in blocked]


def _notify(record: DispatchRecord, job: Job) -> None:
    from suzhaohuo.notifications.services import notify

    notify(user=record.worker, event="job_recommended", title=_("新岗位：%(t)s") % {"t": job.title},
           body=" · ".join(record.reasons), url=job_url(job.pk))


def dispatch_run(job_id: int, *, now: datetime | None = None) -> list[DispatchRecord]:
    """Decide and notify for one published posting. Idempotent: a worker is recorded once per job."""
    now = now or timezone.now()
    job = Job.objects.select_related("employer", "category", "township__parent").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.PUBLISHED:
        return []
    per_job = int(getattr(settings, "SEARCH_DISPATCH_MAX_PER_JOB", 30))
    cap = int(getattr(settings, "SEARCH_DISPATCH_DAILY_CAP", 3))
    quiet = _quiet(now)
    done = set(DispatchRecord.objects.filter(job=job).values_list("worker_id", flat=True))
    created: list[DispatchRecord] = []
    with transaction.atomic():
        for cand in dispatch_candidates(job):
            if len(done) + len(created) >= per_job:
                break
            if cand.user.pk in done:
                continue
            if quiet:
                status = DispatchStatus.DEFERRED
            elif _sent_today(cand.user.pk, now) >= cap:
                status = DispatchStatus.CAPPED
            else:
                status = DispatchStatus.SENT
            rec = DispatchRecord.objects.create(job=job, worker=cand.user, tier=cand.tier, reasons=cand.reasons,
                                                status=status, sent_at=now if status == DispatchStatus.SENT else None)
            if status == DispatchStatus.SENT:
                _notify(rec, job)
            created.append(rec)
        audit_record(actor=None, action="search.dispatch", target=job, region_code=job.township_id,
                     data={"recorded": len(created),
                           "sent": sum(1 for r in created if r.status == DispatchStatus.SENT)})
    return created


def dispatch_flush_deferred(*, now: datetime | None = None) -> int:
    """Send the pushes held back by quiet hours, once they are over. Returns how many were sent."""
    now = now or timezone.now()
    if _quiet(now):
        return 0
    cap = int(getattr(settings, "SEARCH_DISPATCH_DAILY_CAP", 3))
    sent = 0
    for rec in DispatchRecord.objects.filter(status=DispatchStatus.DEFERRED).select_related("job", "worker")[:2000]:
        with transaction.atomic():
            if rec.job.status != JobStatus.PUBLISHED or rec.job.valid_until <= now:
                rec.status = DispatchStatus.DROPPED
            elif _sent_today(rec.worker_id, now) >= cap:
                rec.status = DispatchStatus.CAPPED
            else:
                rec.status, rec.sent_at = DispatchStatus.SENT, now
                _notify(rec, rec.job)
                sent += 1
            rec.save(update_fields=["status", "sent_at"])
    return sent

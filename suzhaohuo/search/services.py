"""Search index and hidden jobs/employers (dispatch and pushes live in ``suzhaohuo.matching``).

    job_index_refresh(job_id)   — (re)index one posting after create/update/status change; the job.changed
                                  handler (search.handlers) calls it after commit. Cheap and idempotent.
    job_index_refresh_many(ids) — the same for many postings at once (bulk imports).
    search_reindex_all()        — rebuild every SearchDoc (demo, after bulk imports).
    job_hide / job_unhide / employer_hide / employer_unhide — a worker's 「不再显示」.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from time import time_ns
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from suzhaohuo.core.services import audit_record
from suzhaohuo.jobs.choices import JobStatus, PayUnit
from suzhaohuo.jobs.models import Job
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.search import geo, text
from suzhaohuo.search.models import HiddenEmployer, HiddenJob, SearchDoc

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
    return SearchDoc(**doc_values(job, employer_name=employer_name, category_names=category_names,
                                  township_name=township_name, reliability=reliability))


def doc_values(job: Job, *, employer_name: str | None = None, category_names: tuple[str, ...] | None = None,
               township_name: str | None = None, reliability: dict[str, Any] | None = None) -> dict[str, Any]:
    """The index row of a published posting, as field values (``doc_for``; ``job_index_add`` writes them raw)."""
    if category_names is None:
        cat = job.category
        category_names = (cat.name, cat.parent.name if cat.parent_id and cat.parent else "")
    if employer_name is None:
        employer_name = job.employer.name
    if township_name is None:
        township_name = job.township.name
    published_at = job.published_at or job.created_at or timezone.now()
    reliability = reliability or {}
    return dict(
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


RELIABILITY_FIELDS = ("employer_rating", "employer_on_time")
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
    index_version_bump()  # now, and again on commit (a reader may cache the old rows in between)
    transaction.on_commit(index_version_bump)
    ids = list(dict.fromkeys(job_ids))
    # the employer's record (rating, on-time pay) is matching's: it fills those columns on job.changed
    fields = [f.name for f in SearchDoc._meta.concrete_fields if f.name not in ("job", *RELIABILITY_FIELDS)]
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
        docs = [doc_for(job) for job in jobs]
        SearchDoc.objects.bulk_create(docs, update_conflicts=True, unique_fields=["job"], update_fields=fields)


def job_index_add(jobs: list[Job], *, shown: dict[int, bool] | None = None) -> int:
    """Index rows for postings created in this transaction, built from the Job objects in hand (their
    employer, category and township already loaded, as ``jobs_create_bulk`` returns them) and written raw
    (core.bulk) — no reload, no model instances. The same rows ``job_index_refresh_many`` would write: only
    published postings of employers shown in search (``shown``: employer id → the JOB_SHOW standing, a cache
    the caller may keep across calls). The creating call's ``job.changed`` event must say ``indexed=True``
    (``jobs_create_bulk(indexed=True)``) so the handler does not index them a second time. Returns how many
    rows were written."""
    from suzhaohuo.core.bulk import insert_rows

    index_version_bump()
    transaction.on_commit(index_version_bump)
    shown = {} if shown is None else shown
    names = [f.attname for f in SearchDoc._meta.concrete_fields if f.name not in (*RELIABILITY_FIELDS, "indexed_at")]
    rows = []
    for job in jobs:
        if job.status != JobStatus.PUBLISHED:
            continue
        if job.employer_id not in shown:
            shown[job.employer_id] = policy.standing(None, Action.JOB_SHOW, target=job.employer).allowed
        if shown[job.employer_id]:
            values = doc_values(job)
            rows.append(tuple(values[n] for n in names))
    insert_rows(SearchDoc, names, rows)
    return len(rows)


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

HIDDEN_CACHE_SECONDS = 600  # a user's hidden sets in the cache (search.selectors.hidden_for); dropped on change


def hidden_key(user_id: int) -> str:
    return f"search:hidden:{user_id}"


def hidden_changed(user_id: int) -> None:
    """Drop the user's cached hidden sets: now, and again on commit (a reader may cache the old rows between)."""
    from django.core.cache import cache

    key = hidden_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


@transaction.atomic
def job_hide(*, user: Any, job: Job) -> HiddenJob:
    hidden, _created = HiddenJob.objects.get_or_create(user=user, job=job)
    hidden_changed(user.pk)
    audit_record(actor=user, action="search.job_hide", target=job, region_code=job.township_id)
    return hidden


@transaction.atomic
def job_unhide(*, user: Any, job: Job) -> None:
    HiddenJob.objects.filter(user=user, job=job).delete()
    hidden_changed(user.pk)
    audit_record(actor=user, action="search.job_unhide", target=job, region_code=job.township_id)


@transaction.atomic
def employer_hide(*, user: Any, employer: Any) -> HiddenEmployer:
    hidden, _created = HiddenEmployer.objects.get_or_create(user=user, employer=employer)
    hidden_changed(user.pk)
    audit_record(actor=user, action="search.employer_hide", target=employer)
    return hidden


@transaction.atomic
def employer_unhide(*, user: Any, employer: Any) -> None:
    HiddenEmployer.objects.filter(user=user, employer=employer).delete()
    hidden_changed(user.pk)
    audit_record(actor=user, action="search.employer_unhide", target=employer)


def job_url(job_id: int) -> str:
    for name in ("jobs:detail", "jobs:job_detail"):
        try:
            return reverse(name, args=[job_id])
        except NoReverseMatch:
            continue
    return f"/jobs/{job_id}/"

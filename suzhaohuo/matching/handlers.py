"""matching reacts to postings (ADR 0008/0009): a published posting is dispatched; a (re)indexed posting gets
its employer's record in the index row."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.JOB_PUBLISHED)
def dispatch(event: Event) -> None:
    from suzhaohuo.matching import services

    services.dispatch_on_publish(int(event["job_id"]))


@events.on(EventName.JOB_CHANGED)
def employer_records(event: Event) -> None:
    """After search re-indexed the postings (its handler runs first: INSTALLED_APPS order), copy their
    employers' records into the index rows (cached; only differing rows are written)."""
    from suzhaohuo.matching import services
    from suzhaohuo.search.handlers import changed_job_ids
    from suzhaohuo.search.models import SearchDoc

    ids = changed_job_ids(event)
    employer_ids = sorted(set(SearchDoc.objects.filter(job_id__in=ids).values_list("employer_id", flat=True)))
    if employer_ids:
        services.employer_reliability_refresh(employer_ids=employer_ids, use_cache=True)

"""search reacts to postings changing: the index follows every ``job.changed`` (ADR 0008)."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


def changed_job_ids(event: Event) -> list[int]:
    ids = event.payload.get("job_ids")
    return [int(pk) for pk in ids] if ids is not None else [int(event["job_id"])]


@events.on(EventName.JOB_CHANGED)
def reindex(event: Event) -> None:
    from suzhaohuo.search import services

    ids = changed_job_ids(event)
    if len(ids) == 1:
        services.job_index_refresh(ids[0])
    else:
        services.job_index_refresh_many(ids)

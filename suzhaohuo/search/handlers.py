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

    if event.payload.get("indexed"):  # the creating service wrote the rows in its transaction (job_index_add)
        return
    ids = changed_job_ids(event)
    if len(ids) == 1:
        services.job_index_refresh(ids[0])
    else:
        services.job_index_refresh_many(ids)


@events.on(EventName.SANCTION_CHANGED)
def reindex_sanctioned_employer(event: Event) -> None:
    """A sanction on an employer (or its account) was imposed or lifted: re-index its published postings, so
    a suspended employer's postings leave search at once and come back when the suspension ends."""
    from suzhaohuo.jobs.choices import JobStatus
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.search.services import job_index_refresh_many

    subject_type, subject_id = event["subject_type"], event["subject_id"]
    if subject_type == "employer":
        jobs = Job.objects.filter(employer_id=subject_id, status=JobStatus.PUBLISHED)
    elif subject_type == "user":
        jobs = Job.objects.filter(employer__owner_id=subject_id, status=JobStatus.PUBLISHED)
    else:
        return
    ids = list(jobs.values_list("pk", flat=True))
    if ids:
        job_index_refresh_many(ids)

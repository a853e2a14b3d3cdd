"""Background work for matching: dispatch after publish, deferred pushes after quiet hours, employers' records."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@task()
def dispatch_job(job_id: int) -> int:
    from suzhaohuo.matching.services import dispatch_run

    return len(dispatch_run(job_id))


@task()
def dispatch_flush() -> int:
    from suzhaohuo.matching.services import dispatch_flush_deferred

    return dispatch_flush_deferred()


periodic(every_seconds=600)(dispatch_flush)


@task()
def employer_reliability_refresh() -> int:
    """Copy employers' rating and on-time pay rate into the search index (recommendations read it there)."""
    from suzhaohuo.matching.services import employer_reliability_refresh as refresh

    return refresh()


periodic(every_seconds=900)(employer_reliability_refresh)

"""Background work: run an uploaded file through the pipeline; pull sources periodically."""

from __future__ import annotations

import logging

from django.tasks import task

from suzhaohuo.core.scheduler import periodic

log = logging.getLogger(__name__)


@task()
def aggregation_run_batch(batch_id: int) -> str:
    """Idempotent: a finished batch is left alone; an interrupted one resumes after its last committed row."""
    from suzhaohuo.aggregation.services import batch_run

    return batch_run(batch_id=batch_id).status


@periodic(every_seconds=300)
@task()
def aggregation_requeue_stale() -> int:
    """The reaper: batches whose worker was killed are queued again and resume where they stopped."""
    from suzhaohuo.aggregation.services import batches_requeue_stale

    return len(batches_requeue_stale())


@periodic(every_seconds=1800)
@task()
def aggregation_pull_all() -> int:
    """Pull every active source that has a pull address. Idempotent (cursor + content hash)."""
    from suzhaohuo.aggregation.choices import SourceStatus
    from suzhaohuo.aggregation.models import Source
    from suzhaohuo.aggregation.services import pull_run
    from suzhaohuo.core.errors import AppError

    n = 0
    for source in Source.objects.filter(status=SourceStatus.ACTIVE).exclude(pull_format="").exclude(pull_url=""):
        try:
            pull_run(source=source)
            n += 1
        except AppError:
            log.warning("aggregation: pull of source %s failed", source.pk)
    return n


@task()
def aggregation_dispatch(job_ids: list[int]) -> int:
    """Dispatch the postings one imported chunk published (one queued task per chunk, not per posting).
    Idempotent: dispatch_run records each worker once per posting."""
    from suzhaohuo.matching.services import dispatch_run

    return sum(len(dispatch_run(pk)) for pk in job_ids)

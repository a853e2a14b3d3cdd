"""Periodic job maintenance: expire postings past valid_until, close postings whose headcount is filled."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=300)
@task()
def jobs_expire_task() -> int:
    from suzhaohuo.jobs.services import jobs_expire

    return jobs_expire()


@periodic(every_seconds=600)
@task()
def jobs_close_filled_task() -> int:
    from suzhaohuo.jobs.services import jobs_close_filled

    return jobs_close_filled()

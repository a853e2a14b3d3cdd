"""Core background work: retrying SMS that a real gateway did not accept."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=30)
@task()
def sms_retry_task() -> int:
    from suzhaohuo.core.sms import sms_retry

    return sms_retry()

"""Core background work: retrying SMS that a real gateway did not accept; expired rate-limit hits; log
partitions and retention."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=30)
@task()
def sms_retry_task() -> int:
    from suzhaohuo.core.sms import sms_retry

    return sms_retry()


@periodic(every_seconds=3600)
@task()
def ratelimit_purge_task() -> int:
    from suzhaohuo.core.ratelimit import purge_expired

    return purge_expired()


@periodic(every_seconds=86400)
@task()
def logs_maintain_task() -> dict[str, object]:
    from suzhaohuo.core.partitions import logs_maintain

    return logs_maintain()

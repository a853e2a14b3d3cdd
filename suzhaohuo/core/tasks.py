"""Platform housekeeping: expired rate-limit hits."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=3600)
@task()
def ratelimit_purge_task() -> int:
    from suzhaohuo.core.ratelimit import purge_expired

    return purge_expired()

"""Timed training work: session reminders and the nightly certification run. Both idempotent."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic
from suzhaohuo.training import services


@periodic(every_seconds=3600)
@task()
def training_reminders() -> int:
    """Remind enrolled students of sessions in the next 24 hours (once per session)."""
    return services.reminders_send()


@periodic(every_seconds=86400)
@task()
def training_badges_nightly() -> dict[str, int]:
    """Grant, renew and revoke certification badges by the criteria in force."""
    return services.badges_nightly()

"""Timed steps: statutory-clock reminders and unpaid agreements/awards. Both idempotent."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic
from suzhaohuo.disputes import services


@periodic(every_seconds=3600)
@task()
def disputes_clock_reminders() -> int:
    """Notify handlers once when a mediation, arbitration or payment deadline is near and once when passed."""
    return services.reminders_send()


@periodic(every_seconds=3600)
@task()
def disputes_awards_unpaid() -> int:
    """Flag employers who have not paid an agreed or awarded sum by its due date."""
    return services.awards_unpaid_flag()

"""Timed steps of the transaction: auto-complete, 欠薪 alerts, check-in reminders. All idempotent."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic
from suzhaohuo.gigs import services


@periodic(every_seconds=900)
@task()
def gigs_auto_complete() -> int:
    """Complete checked-in engagements the employer left unconfirmed (GIG_AUTO_COMPLETE_HOURS)."""
    return services.engagements_auto_complete()


@periodic(every_seconds=900)
@task()
def gigs_wage_alerts() -> int:
    """Raise a 欠薪 alert for payments overdue past the settlement period (GIG_SETTLEMENT_DAYS)."""
    return services.wage_alerts_raise()


@periodic(every_seconds=3600)
@task()
def gigs_checkin_reminders() -> int:
    """Remind signed workers of tomorrow's (or today's) work once."""
    return services.checkin_reminders_send()

"""Periodic work: sanctions lifted at their end date, re-verification reminders, overdue referrals, risk scan."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=300)
@task()
def regulation_sanctions_expire() -> int:
    from suzhaohuo.regulation.services import sanctions_expire

    return sanctions_expire()


@periodic(every_seconds=3600)
@task()
def regulation_reverification_remind() -> int:
    from suzhaohuo.regulation.services import reverification_remind

    return reverification_remind()


@periodic(every_seconds=3600)
@task()
def regulation_referrals_overdue() -> int:
    from suzhaohuo.regulation.services import referrals_flag_overdue

    return referrals_flag_overdue()


@periodic(every_seconds=1800)
@task()
def regulation_risk_scan() -> int:
    from suzhaohuo.regulation.risk import risk_scan

    return risk_scan()

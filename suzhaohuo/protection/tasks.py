"""Periodic protection work: retry failed enrolments, forward claims the insurer missed, fetch decisions."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic
from suzhaohuo.protection import services


@periodic(every_seconds=300)
@task()
def protection_enrolments_retry() -> int:
    return services.enrolments_retry()


@periodic(every_seconds=600)
@task()
def protection_claims_forward() -> int:
    return services.claims_forward_pending() + services.claims_sync()

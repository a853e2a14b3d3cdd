"""Periodic 就业援助 work: alerts before a public-welfare term ends (idempotent: once per term)."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.assistance import services
from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=6 * 3600)
@task()
def assistance_term_alerts() -> int:
    return services.placements_alert_term_end()

"""Background work: the daily snapshot (re-taken hourly, so the stored day is the day's last state) and
the monthly 联席会议 report on the 1st."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=3600)
@task()
def kpi_snapshot_today() -> int:
    from suzhaohuo.kpi.services import snapshot_take

    return snapshot_take()


@periodic(every_seconds=3600)
@task()
def kpi_monthly_report() -> int:
    """Idempotent: makes the previous month's city report once (on the 1st, or the first run after it)."""
    from suzhaohuo.kpi.services import report_due

    return 1 if report_due() is not None else 0


@periodic(every_seconds=240)
@task()
def kpi_warm_live_figures() -> int:
    """Keep the city's and counties' live figures in the cache (kept ``KPI_LIVE_CACHE_SECONDS``, 300 s)."""
    from suzhaohuo.kpi.selectors import warm_live_figures

    return warm_live_figures()

"""Demo: dispatch a few published postings, so the push log has records."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.matching import services


def seed(ctx: DemoContext) -> None:
    jobs: list[Any] = [j for j in ctx.shared.get("jobs") or [] if j.status == JobStatus.PUBLISHED]
    # dispatch as if published at 10:00 today (outside quiet hours) so the log has sent records
    ten = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    recorded = 0
    for job in jobs[:40]:
        recorded += len(services.dispatch_run(job.pk, now=ten))
    ctx.log(f"  dispatch records: {recorded}")

"""Demo: index every published posting, hide a few for a demo worker, dispatch a few postings."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.search import services


def seed(ctx: DemoContext) -> None:
    n = services.search_reindex_all()
    ctx.log(f"  indexed {n} published postings")
    jobs: list[Any] = [j for j in ctx.shared.get("jobs") or [] if j.status == JobStatus.PUBLISHED]
    workers: list[Any] = [w for w in ctx.shared.get("workers") or [] if getattr(w, "role", "worker") == "worker"]
    if workers and len(jobs) >= 3:
        demo_worker = workers[0]
        for job in ctx.rng.sample(jobs, 2):
            services.job_hide(user=demo_worker, job=job)
        other = next((j for j in jobs if j.employer_id != jobs[0].employer_id), None)
        if other is not None:
            services.employer_hide(user=demo_worker, employer=other.employer)
    # dispatch as if published at 10:00 today (outside quiet hours) so the log has sent records
    ten = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    recorded = 0
    for job in jobs[:40]:
        recorded += len(services.dispatch_run(job.pk, now=ten))
    ctx.log(f"  dispatch records: {recorded}")

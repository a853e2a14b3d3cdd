"""Demo: index every published posting, hide a few for a demo worker (dispatch: matching.demo)."""

from __future__ import annotations

from typing import Any

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

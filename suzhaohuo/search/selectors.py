"""Search, nearby and recommendation reads. INTERFACE SKELETON: the search issue (#5) replaces the bodies.

    SearchParams                                   parsed query parameters
    search_jobs(params, user=None) -> SearchPage   ranked results, each with distance or reason
    recommend_for_worker(user, limit=20) -> list[JobHit]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.selectors import jobs_public


@dataclass
class SearchParams:
    q: str = ""
    lat: float | None = None
    lng: float | None = None
    coord: str = "wgs84"
    radius_km: float | None = None
    category: str = ""
    settlement: str = ""
    pay_min: Decimal | None = None
    township: str = ""
    page: int = 1
    page_size: int = 20


@dataclass
class JobHit:
    job: Job
    distance_km: float | None = None
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass
class SearchPage:
    hits: list[JobHit]
    total: int
    page: int
    pages: int


def search_jobs(params: SearchParams, user: Any = None) -> SearchPage:
    qs = jobs_public().order_by("-published_at", "-id")
    if params.settlement:
        qs = qs.filter(settlement=params.settlement)
    if params.category:
        qs = qs.filter(category__code__startswith=params.category)
    if params.township:
        qs = qs.filter(township_id=params.township)
    if params.q:
        qs = qs.filter(title__icontains=params.q)
    total = qs.count()
    start = (params.page - 1) * params.page_size
    hits = [JobHit(job=j) for j in qs[start:start + params.page_size]]
    return SearchPage(hits=hits, total=total, page=params.page, pages=max(1, -(-total // params.page_size)))


def recommend_for_worker(user: Any, limit: int = 20) -> list[JobHit]:
    return [JobHit(job=j) for j in jobs_public().order_by("-published_at")[:limit]]


@dataclass
class WorkerHit:
    user: Any
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    distance_km: float | None = None


def match_workers_for_job(job: Job, *, limit: int = 20, region_prefix: str | None = None) -> list[WorkerHit]:
    """为岗位找人: workers who fit ``job``, best first, each with plain-Chinese reasons."""
    from suzhaohuo.workers.models import WorkerProfile

    qs = WorkerProfile.objects.select_related("user").filter(categories=job.category)
    if region_prefix:
        qs = qs.filter(home_township_id__startswith=region_prefix)
    return [WorkerHit(user=p.user) for p in qs[:limit]]

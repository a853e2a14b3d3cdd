"""Search endpoints. Mounted before the jobs router so /jobs/search is not read as /jobs/{id}."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from suzhaohuo.kernel.pay import pay_text
from suzhaohuo.search import selectors, services
from suzhaohuo.search.forms import search_params_from
from suzhaohuo.search.services import job_url

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str | None = None
    lat: str | None = None
    lng: str | None = None
    coord: str | None = None
    radius_km: str | None = None
    category: str | None = None
    settlement: str | None = None
    pay_min: str | None = None
    township: str | None = None
    date: str | None = None
    page: str | None = None
    page_size: str | None = None


class JobHitOut(Schema):
    id: int
    title: str
    url: str
    employer_name: str
    employer_verified: bool
    category_code: str
    category_name: str
    settlement: str
    settlement_label: str
    pay_min: float | None
    pay_max: float | None
    pay_unit: str
    pay_unit_label: str
    pay_negotiable: bool
    pay_text: str
    township_code: str
    township_name: str
    published_at: Any
    valid_until: Any
    distance_km: float | None
    reasons: list[str]
    reason: str


class SearchOut(Schema):
    total: int
    total_capped: bool
    page: int
    pages: int
    results: list[JobHitOut]


def employer_verified(employer: Any) -> bool:
    value = getattr(employer, "is_verified", False)
    return bool(value() if callable(value) else value)


@lru_cache(maxsize=8)
def _labels(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """(settlement labels, pay unit labels) in one language, translated once per process."""
    from suzhaohuo.jobs.choices import PayUnit, Settlement

    return ({k: str(v) for k, v in Settlement.choices}, {k: str(v) for k, v in PayUnit.choices})


@lru_cache(maxsize=1)
def _job_url_template() -> tuple[str, str]:
    """A posting's URL as (prefix, suffix) around its id: reversed once, not once per result."""
    marker = 987654321987
    url = job_url(marker)
    prefix, _sep, suffix = url.partition(str(marker))
    return prefix, suffix


def hit_out(hit: selectors.JobHit) -> dict[str, Any]:
    job = hit.job
    settlement_labels, unit_labels = _labels(get_language() or "")
    prefix, suffix = _job_url_template()
    return {
        "id": job.pk, "title": job.title, "url": f"{prefix}{job.pk}{suffix}",
        "employer_name": job.employer.name, "employer_verified": employer_verified(job.employer),
        "category_code": job.category.code, "category_name": job.category.name,
        "settlement": job.settlement, "settlement_label": settlement_labels.get(job.settlement, job.settlement),
        "pay_min": float(job.pay_min) if job.pay_min is not None else None,
        "pay_max": float(job.pay_max) if job.pay_max is not None else None,
        "pay_unit": job.pay_unit, "pay_unit_label": unit_labels.get(job.pay_unit, job.pay_unit),
        "pay_negotiable": job.pay_negotiable, "pay_text": pay_text(job),
        "township_code": job.township_id, "township_name": job.township.name,
        "published_at": job.published_at, "valid_until": job.valid_until,
        "distance_km": hit.distance_km, "reasons": hit.reasons, "reason": hit.reason_text,
    }


def _anon_cache_key(request: HttpRequest) -> str | None:
    """Cache key of an anonymous search, or None when not cached (signed-in users see personal results).

    The key carries the index version (bumped by services.job_index_refresh), so a posting that is
    published, edited or closed is never served stale; only expiry can lag, by at most the TTL.
    """
    ttl = int(getattr(settings, "SEARCH_ANON_CACHE_SECONDS", 30))
    if ttl <= 0 or getattr(request.user, "is_authenticated", False):
        return None
    from suzhaohuo.search.services import INDEX_VERSION_KEY

    version = cache.get(INDEX_VERSION_KEY, 0)
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return f"search:api:{version}:{get_language()}:{hashlib.sha1(query.encode()).hexdigest()}"


@router.get("/jobs/search", response=SearchOut,
            summary="搜索岗位：关键词（中文分词、同义词）、附近（wgs84/gcj02）、类别、结算方式、日薪、乡镇、日期；每条带距离或排序理由")
def jobs_search(request: HttpRequest, query: Query[SearchQuery]) -> HttpResponse:
    key = _anon_cache_key(request)
    body = cache.get(key) if key else None
    if body is None:
        params = search_params_from(query.dict())
        services.search_paged(user=request.user, page=params.page)
        plan = selectors.search_plan(params, user=request.user)
        # a page served unchanged from a shared entry is the same JSON for everyone with that entry (anonymous
        # or signed in): its rendering is shared too, under the entry's key (index version included)
        body = plan.shared_body
        if body is None:
            result = plan.load()
            # hit_out builds exactly SearchOut's fields; encoding directly skips re-validating every result
            # (the schema still documents the response)
            body = json.dumps({"total": result.total, "total_capped": result.total_capped, "page": result.page,
                               "pages": result.pages, "results": [hit_out(h) for h in result.hits]},
                              cls=NinjaJSONEncoder, ensure_ascii=False)
            if plan.body_key:
                cache.set(plan.body_key, body, int(getattr(settings, "SEARCH_CANDIDATE_CACHE_SECONDS", 0)))
        if key:
            cache.set(key, body, int(getattr(settings, "SEARCH_ANON_CACHE_SECONDS", 30)))
    return HttpResponse(body, content_type="application/json; charset=utf-8")

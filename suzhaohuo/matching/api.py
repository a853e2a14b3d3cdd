"""/api/v1 endpoints of matching: the signed-in worker's recommendations (same result shape as search)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.core.errors import AppError
from suzhaohuo.matching import selectors
from suzhaohuo.search import selectors as search_selectors
from suzhaohuo.search.api import JobHitOut, hit_out
from suzhaohuo.search.errors import SearchErrorCode
from suzhaohuo.search.forms import search_params_from

router = Router(tags=["search"])


class RecommendationsOut(Schema):
    results: list[JobHitOut]


@router.get("/workers/me/recommendations", auth=django_auth, response=RecommendationsOut,
            summary="为当前零工推荐的岗位（工种、距离、工资、结算、雇主信誉、做过的活），每条带中文理由")
def my_recommendations(request: HttpRequest, lat: str | None = None, lng: str | None = None,
                       coord: str = "wgs84", limit: int = 20) -> dict[str, Any]:
    if limit < 1 or limit > search_selectors.MAX_PAGE_SIZE:
        raise AppError(SearchErrorCode.BAD_PAGE,
                       _("请把条数设在1到%(n)d之间。") % {"n": search_selectors.MAX_PAGE_SIZE}, "limit", status=400)
    params = search_params_from({"lat": lat, "lng": lng, "coord": coord})
    search_selectors.check_point(params.lat, params.lng, params.coord)
    hits = selectors.recommend_for_worker(request.user, limit=limit, lat=params.lat, lng=params.lng,
                                          coord=params.coord)
    return {"results": [hit_out(h) for h in hits]}

"""Aggregation API (mounted at /api/v1): the push contract agencies build against, and the KPI.

    POST   /api/v1/ingest/jobs/bulk            X-Api-Key; {"items": [...]} ≤ 1000; one result per item
    DELETE /api/v1/ingest/jobs/{external_id}   X-Api-Key; withdraw a posting

/api/v1/kpi/aggregation is served by the kpi app (one definition with the plan's scoreboard).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Header, Router, Schema

from suzhaohuo.aggregation import services
from suzhaohuo.aggregation.pipeline import summarize

router = Router(tags=["aggregation"])


class IssueOut(Schema):
    field: str
    column: str
    message: str
    severity: str


class ItemResultOut(Schema):
    index: int
    external_id: str
    outcome: str = Field(..., description="created | updated | duplicate | held | blocked | rejected | unchanged | withdrawn")
    job_id: int | None = None
    job_status: str = ""
    duplicate_of_source: str = ""
    issues: list[IssueOut] = []
    screening: list[str] = []


class BulkIn(Schema):
    items: list[dict[str, Any]] = Field(..., description="每项一个岗位：external_id（必填）、idempotency_key（选填）、"
                                                         "title、description、employer_name、pay、headcount、township…")


class BulkOut(Schema):
    source: str
    counts: dict[str, int]
    results: list[ItemResultOut]


@router.post("/ingest/jobs/bulk", response=BulkOut, auth=None, summary="批量推送岗位（每项单独返回结果）")
def ingest_bulk(request: HttpRequest, payload: BulkIn, x_api_key: str = Header("", alias="X-Api-Key")) -> Any:
    source = services.source_authenticate(x_api_key)
    results = services.ingest_items(source=source, items=payload.items)
    return {"source": source.name, "counts": summarize(results), "results": [r.as_dict() for r in results]}


@router.delete("/ingest/jobs/{path:external_id}", response=ItemResultOut, auth=None, summary="按来源岗位编号撤回岗位")
def ingest_withdraw(request: HttpRequest, external_id: str, x_api_key: str = Header("", alias="X-Api-Key")) -> Any:
    source = services.source_authenticate(x_api_key)
    return services.ingest_withdraw(source=source, external_id=external_id).as_dict()

"""Aggregation API (mounted at /api/v1): the push contract agencies build against, and the KPI.

    POST   /api/v1/ingest/jobs/bulk            X-Api-Key; {"items": [...]} ≤ 1000; one result per item
    DELETE /api/v1/ingest/jobs/{external_id}   X-Api-Key; withdraw a posting
    POST   /api/v1/ingest/files                X-Api-Key or staff session; multipart `file` → {"batch_id", "status"}
    GET    /api/v1/ingest/batches/{id}         the batch's status, counts and one line per row

/api/v1/kpi/aggregation is served by the kpi app (one definition with the plan's scoreboard).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader, django_auth

from suzhaohuo.aggregation import selectors, services
from suzhaohuo.aggregation.models import ImportBatch, Source
from suzhaohuo.aggregation.pipeline import summarize
from suzhaohuo.core.errors import PermissionDenied

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


# --- file intake: the same pipeline as the web upload -----------------------------------------------------

class SourceKey(APIKeyHeader):
    """A source's own key in X-Api-Key (a wrong key is a 401 with the reason; no key falls through to the session)."""

    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Source | None:
        return services.source_authenticate(key) if key else None


FILE_AUTH = [SourceKey(), django_auth]


class FileAcceptedOut(Schema):
    batch_id: int
    status: str = Field(..., description="queued | running | finished | failed")


class RowIssueOut(Schema):
    column: str
    severity: str = Field(..., description="error | review | note | block")
    message: str


class RowOut(Schema):
    row: int
    outcome: str = Field(..., description="created | held | duplicate | unchanged | updated | rejected | skipped")
    job_id: int | None = None
    valid_until: str | None = None
    issues: list[RowIssueOut] = []


class BatchOut(Schema):
    status: str = Field(..., description="queued | running | finished | failed")
    counts: dict[str, int]
    rows: list[RowOut]


def _file_source(request: HttpRequest, source_id: int | None) -> tuple[Source, Any]:
    """(source, acting user): the key's source; an operator's own source; or the one a regulator/admin names."""
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, Source):
        return auth, None
    user = auth
    own = selectors.operator_source_of(user)
    if own is not None:
        return own, user
    if source_id is not None and selectors.can_see_dashboard(user):
        source = selectors.sources_for(user).filter(pk=source_id).first()
        if source is not None:
            return source, user
    raise PermissionDenied(_("您的账号没有关联数据源；请使用数据源的接口密钥（X-Api-Key），或在 source_id 中指明您管辖的数据源。"))


def _batch_visible(request: HttpRequest, batch_id: int) -> ImportBatch:
    auth = request.auth  # type: ignore[attr-defined]
    batch = (ImportBatch.objects.filter(pk=batch_id, source=auth).first() if isinstance(auth, Source)
             else selectors.batch_for(auth, batch_id))
    if batch is None:
        raise PermissionDenied(_("没有找到这个导入批次，或您无权查看。"))
    return batch


@router.post("/ingest/files", response={202: FileAcceptedOut}, auth=FILE_AUTH,
             summary="上传岗位表格（.xlsx/.xls/.csv），与网页上传走同一导入流程")
def ingest_file(request: HttpRequest, file: File[UploadedFile], source_id: Form[int | None] = None) -> Any:
    source, actor = _file_source(request, source_id)
    accepted = services.upload_accept(actor=actor, fileobj=file, file_name=file.name or "upload", source=source)
    batch = ImportBatch.objects.get(pk=accepted.batch.pk)
    return Status(202, {"batch_id": batch.pk, "status": selectors.batch_api_status(batch)})


@router.get("/ingest/batches/{batch_id}", response=BatchOut, auth=FILE_AUTH, exclude_none=True,
            summary="导入批次的状态与逐行结果")
def ingest_batch(request: HttpRequest, batch_id: int) -> Any:
    return selectors.batch_api_view(_batch_visible(request, batch_id))

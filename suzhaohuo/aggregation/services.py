"""Aggregation writes: sources and their credentials, uploads, pushes, withdrawals, pulls, held postings.

Every write takes the acting user (None for a source's own API key or the scheduler), runs in one
transaction and writes an audit record. The per-item work is ``pipeline.Pipeline``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.models import User
from suzhaohuo.aggregation.choices import (
    AuthorizationVia,
    BatchStatus,
    Channel,
    ConfirmationStatus,
    LinkState,
    Outcome,
    SourceKind,
    SourceStatus,
)
from suzhaohuo.aggregation.errors import AggregationErrorCode as Code
from suzhaohuo.aggregation.models import (
    EmployerConfirmation,
    ImportBatch,
    Posting,
    ProxyEmployer,
    RawRecord,
    Source,
    SourceAuthorization,
    SourceLink,
    SourceOperator,
)
from suzhaohuo.aggregation.pipeline import ItemResult, Pipeline, summarize
from suzhaohuo.core import ratelimit
from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError, PermissionDenied, RateLimited
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import ACTION_ROLES, Action

log = logging.getLogger(__name__)

MAX_BULK_ITEMS = 1000
CHUNK_ROWS = 200
OPERATOR_ROLES = ACTION_ROLES[Action.JOB_IMPORT]  # department and agency operators


def max_upload_bytes() -> int:
    return int(getattr(settings, "AGGREGATION_MAX_UPLOAD_BYTES", 30 * 1024 * 1024))


# --- sources ----------------------------------------------------------------------------------------

@dataclass
class SourceInput:
    name: str
    kind: str
    organization: str
    sector: str = ""
    region_code: str | None = None
    organization_employer: Any = None
    contract_number: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    contract_target_jobs: int | None = None
    contract_contact_name: str = ""
    contract_contact_mobile: str = ""
    pull_format: str = ""
    pull_url: str = ""


def _validate_source(data: SourceInput) -> None:
    if not data.name.strip():
        raise AppError(Code.BAD_NAME, _("请填写数据源名称。"), "name")
    if data.kind not in SourceKind.values:
        raise AppError(Code.BAD_NAME, _("请选择数据源类型。"), "kind")
    if not data.organization.strip():
        raise AppError(Code.BAD_NAME, _("请填写所属单位。"), "organization")
    if data.contract_start and data.contract_end and data.contract_end < data.contract_start:
        raise AppError(Code.BAD_CONTRACT, _("合同结束日期不能早于开始日期，请修改。"), "contract_end")


@transaction.atomic
def source_create(*, actor: User, data: SourceInput) -> Source:
    from suzhaohuo.regions.selectors import region_get

    _validate_source(data)
    if Source.objects.filter(name=data.name.strip()).exists():
        raise AppError(Code.BAD_NAME, _("已有同名数据源，请换一个名称。"), "name")
    region = region_get(data.region_code, field="region_code") if data.region_code else None
    source = Source.objects.create(
        name=data.name.strip(), kind=data.kind, sector=data.sector, organization=data.organization.strip(),
        organization_employer=data.organization_employer, region=region, contract_number=data.contract_number,
        contract_start=data.contract_start, contract_end=data.contract_end,
        contract_target_jobs=data.contract_target_jobs, contract_contact_name=data.contract_contact_name,
        contract_contact_mobile=data.contract_contact_mobile, pull_format=data.pull_format, pull_url=data.pull_url)
    audit_record(actor=actor, action="aggregation.source_create", target=source,
                 region_code=region.code if region else "", data={"kind": data.kind})
    return source


def _key_hash(key: str) -> str:
    return keyed_hash(f"agg-api-key:{key}")


@transaction.atomic
def source_api_key_issue(*, actor: User | None, source: Source) -> str:
    """Create (or replace) the source's API key. Returns the key: it is shown once and never stored."""
    prefix = secrets.token_hex(4)
    key = f"szh_{prefix}_{secrets.token_urlsafe(24)}"
    source.api_key_prefix, source.api_key_hash = prefix, _key_hash(key)
    source.api_key_created_at = timezone.now()
    source.save(update_fields=["api_key_prefix", "api_key_hash", "api_key_created_at", "updated_at"])
    audit_record(actor=actor, action="aggregation.api_key_issue", target=source)
    return key


def source_authenticate(api_key: str) -> Source:
    """The source owning this key. Suspended sources are refused with the regulator's reason."""
    parts = (api_key or "").strip().split("_")
    source = None
    if len(parts) >= 3 and parts[0] == "szh":
        source = Source.objects.filter(api_key_prefix=parts[1]).first()
    if source is None or not source.api_key_hash or not hmac.compare_digest(source.api_key_hash,
                                                                             _key_hash(api_key.strip())):
        raise AppError(Code.BAD_API_KEY, _("接口密钥不正确，请在请求头 X-Api-Key 中填写平台发给贵单位的密钥。"),
                       "X-Api-Key", status=401)
    require_active(source)
    return source


def require_active(source: Source) -> None:
    decision = policy.standing(None, Action.JOB_IMPORT, target=source)  # a 暂停数据源 sanction (regulation)
    if not decision.allowed:
        raise AppError(decision.code, decision.message, None, status=403)
    if source.status == SourceStatus.SUSPENDED:
        raise AppError(Code.SOURCE_SUSPENDED, _("该数据源已被监管部门暂停接入，原因：%(r)s。请联系主管部门整改后恢复。")
                       % {"r": source.suspended_reason or "-"}, None, status=403,
                       extra={"reason": source.suspended_reason})


@transaction.atomic
def source_suspend(*, actor: User, source: Source, reason: str) -> Source:
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", "") in (Role.REGULATOR, Role.ADMIN)):
        raise PermissionDenied(_("只有监管人员可以暂停数据源。"))
    if not reason.strip():
        raise AppError(Code.NO_REASON, _("请填写暂停原因，数据源会看到这个原因。"), "reason")
    source.status, source.suspended_reason = SourceStatus.SUSPENDED, reason.strip()[:300]
    source.suspended_at, source.suspended_by = timezone.now(), actor
    source.save()
    audit_record(actor=actor, action="aggregation.source_suspend", target=source, reason=reason)
    return source


@transaction.atomic
def source_resume(*, actor: User, source: Source, reason: str = "") -> Source:
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", "") in (Role.REGULATOR, Role.ADMIN)):
        raise PermissionDenied(_("只有监管人员可以恢复数据源。"))
    source.status, source.suspended_reason, source.suspended_at = SourceStatus.ACTIVE, "", None
    source.save()
    audit_record(actor=actor, action="aggregation.source_resume", target=source, reason=reason)
    return source


@transaction.atomic
def source_operator_link(*, actor: User, source: Source, user: Any) -> SourceOperator:
    if user.role not in OPERATOR_ROLES:
        raise AppError(Code.NOT_OPERATOR, _("只能关联部门岗位征集员或第三方机构操作员账号。"), "user")
    link, _created = SourceOperator.objects.update_or_create(user=user, defaults={"source": source})
    audit_record(actor=actor, action="aggregation.operator_link", target=source, data={"user": user.pk})
    return link


def operator_source(user: Any) -> Source:
    """The source an operator account works for, or PermissionDenied."""
    user_pk = getattr(user, "pk", None)
    link = (SourceOperator.objects.select_related("source").filter(user_id=user_pk).first()
            if user_pk is not None else None)
    if link is None:
        raise PermissionDenied(_("您的账号还没有关联数据源，请联系平台管理员。"))
    return link.source


# --- push API ---------------------------------------------------------------------------------------

def _rate_limit(source: Source, cost: int = 1) -> None:
    per_minute = int(getattr(settings, "AGGREGATION_PUSH_CALLS_PER_MINUTE", 60))
    if not ratelimit.hit(f"agg-push:{source.pk}", per_minute, 60):
        raise RateLimited(_("推送太频繁了：每分钟最多%(n)s次调用，请稍后再试。") % {"n": per_minute})


def ingest_items(*, source: Source, items: list[Any], channel: str = Channel.API, actor: User | None = None) -> list[ItemResult]:
    """Push: every item gets its own result; nothing is all-or-nothing."""
    require_active(source)
    if not items:
        raise AppError(Code.NO_ITEMS, _("请在 items 中提供至少一个岗位。"), "items")
    if len(items) > MAX_BULK_ITEMS:
        raise AppError(Code.TOO_MANY_ITEMS, _("每次最多推送%(n)s个岗位，请分批推送。") % {"n": MAX_BULK_ITEMS}, "items",
                       status=413)
    _rate_limit(source)
    pipeline = Pipeline(source=source, channel=channel, actor=actor)
    with transaction.atomic():
        results = pipeline.ingest_many((i, None, item) for i, item in enumerate(items))
        audit_record(actor=actor, action="aggregation.push", target=source, data=summarize(results))
    return results


def ingest_withdraw(*, source: Source, external_id: str, actor: User | None = None, reason: str = "") -> ItemResult:
    require_active(source)
    _rate_limit(source)
    with transaction.atomic():
        result = Pipeline(source=source, channel=Channel.API, actor=actor).withdraw(external_id, reason=reason)
        audit_record(actor=actor, action="aggregation.withdraw", target=source, data={"external_id": external_id})
    return result


# --- uploads ----------------------------------------------------------------------------------------

@dataclass
class UploadAccepted:
    batch: ImportBatch
    already: bool


def _digest_and_size(fileobj: Any) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    fileobj.seek(0)
    for chunk in fileobj.chunks() if hasattr(fileobj, "chunks") else iter(lambda: fileobj.read(1 << 20), b""):
        h.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return h.hexdigest(), size


def upload_accept(*, actor: User, fileobj: Any, file_name: str, source: Source | None = None) -> UploadAccepted:
    """Store an uploaded file and queue its import. The same file again returns the earlier batch.

    ``source`` is given by the file API (the source's key, or a staff member choosing one); otherwise the
    operator's own source."""
    source = source or operator_source(actor)
    require_active(source)
    digest, size = _digest_and_size(fileobj)
    if size > max_upload_bytes():
        raise AppError(Code.FILE_TOO_LARGE, _("文件太大（%(s)s MB），每个文件最大%(m)s MB，请拆分成几个文件上传。")
                       % {"s": size // (1024 * 1024), "m": max_upload_bytes() // (1024 * 1024)}, "file")
    if size == 0:
        raise AppError(Code.FILE_EMPTY, _("文件是空的，请在模板中填写岗位后再上传。"), "file")
    with transaction.atomic():
        existing = ImportBatch.objects.filter(source=source, channel=Channel.UPLOAD, file_hash=digest).first()
        if existing is not None:
            if existing.status in (BatchStatus.QUEUED, BatchStatus.RUNNING):
                _enqueue(existing.pk)
            audit_record(actor=existing.actor if actor is None else actor, action="aggregation.upload_again",
                         target=existing)
            return UploadAccepted(batch=existing, already=True)
        batch = ImportBatch(source=source, channel=Channel.UPLOAD,
                            actor=actor if getattr(actor, "is_authenticated", False) else None, file_name=file_name[:200],
                            file_hash=digest, file_size=size)
        suffix = Path(file_name).suffix.lower()[:6] or ".dat"
        batch.file.save(f"{digest[:16]}{suffix}", File(fileobj), save=False)
        batch.save()
        audit_record(actor=batch.actor, action="aggregation.upload", target=batch,
                     data={"size": size, "name": file_name})
        _enqueue(batch.pk)
    return UploadAccepted(batch=batch, already=False)


def _enqueue(batch_id: int) -> None:
    def run() -> None:
        from suzhaohuo.aggregation.tasks import aggregation_run_batch

        aggregation_run_batch.enqueue(batch_id)

    transaction.on_commit(run)


def _save_progress(batch_id: int, last_row: int) -> None:
    """Record the last committed row, in the chunk's own transaction (a resumed run starts after it).
    Tests make this seam fail to simulate a worker killed mid-import."""
    ImportBatch.objects.filter(pk=batch_id).update(processed_rows=last_row, updated_at=timezone.now())


def batch_counts(batch: ImportBatch) -> dict[str, int]:
    """Records per outcome, plus ``skipped``: title, 填报单位, note and 合计 rows (not records, not errors)."""
    counts = {o.value: 0 for o in Outcome}
    for row in RawRecord.objects.filter(batch=batch).values("outcome").annotate(n=Count("id")):
        counts[row["outcome"]] = row["n"]
    counts["skipped"] = len((batch.counts or {}).get("skipped_rows", []))
    return counts


def _batch_fail(batch: ImportBatch, exc: Exception) -> ImportBatch:
    """Mark a batch failed with a reason a person can act on; rows committed so far are kept."""
    import csv

    log.warning("import batch %s failed", batch.pk, exc_info=exc)
    batch.refresh_from_db()
    after = batch.processed_rows
    if isinstance(exc, csv.Error):
        reason = _("第%(n)s行之后有单元格太长或格式有误，无法继续读取。前%(n)s行已导入；请修改该行后重新上传。") % {"n": after}
    else:
        reason = _("导入在第%(n)s行之后中断（%(e)s）。已导入的行保留；请检查文件后重新上传。") % {
            "n": after, "e": type(exc).__name__}
    counts = batch_counts(batch)
    batch.counts = {**batch.counts, **counts}
    batch.status, batch.error_message, batch.finished_at = BatchStatus.FAILED, reason[:500], timezone.now()
    batch.save(update_fields=["status", "error_message", "finished_at", "counts", "updated_at"])
    audit_record(actor=batch.actor, action="aggregation.upload_failed", target=batch, reason=reason[:500])
    return batch


STALE_BATCH_SECONDS = 600


def batches_requeue_stale(*, older_than_seconds: int = STALE_BATCH_SECONDS) -> list[int]:
    """Re-queue upload batches whose worker died (queued or running, no progress for a while): they resume
    after their last committed row by themselves."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(ImportBatch.objects.filter(channel=Channel.UPLOAD, status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING],
                                          updated_at__lt=cutoff).values_list("pk", flat=True))
    for pk in ids:
        ImportBatch.objects.filter(pk=pk).update(updated_at=timezone.now())  # one re-queue per stale period
        _enqueue(pk)
    return ids


def batch_run(*, batch_id: int) -> ImportBatch:
    """Import an uploaded file, in committed chunks, resuming after the last committed row.

    Idempotent: a finished batch is left alone; a batch interrupted midway restarts after
    ``processed_rows`` (committed in the same transaction as the rows themselves)."""
    from suzhaohuo.aggregation.spreadsheet import SKIP_KEY, FileProblem, open_sheet

    batch = ImportBatch.objects.select_related("source", "actor").get(pk=batch_id)
    if batch.is_finished:
        return batch
    batch.status, batch.started_at = BatchStatus.RUNNING, batch.started_at or timezone.now()
    batch.save(update_fields=["status", "started_at", "updated_at"])
    try:
        sheet, handle = open_sheet(Path(batch.file.path), start_after=batch.processed_rows)
    except FileProblem as problem:
        batch.status, batch.error_message, batch.finished_at = BatchStatus.FAILED, problem.message, timezone.now()
        batch.save(update_fields=["status", "error_message", "finished_at", "updated_at"])
        return batch
    try:
        if sheet.ignored and not batch.counts.get("ignored_columns"):
            batch.counts = {**batch.counts, "ignored_columns": sheet.ignored}
        if not batch.counts.get("skipped_rows"):
            batch.counts = {**batch.counts, "header_row": sheet.header_row,
                            "skipped_rows": [[n, reason] for n, reason in sheet.skipped]}
        batch.total_rows = max(sheet.total_rows, batch.processed_rows)
        batch.save(update_fields=["total_rows", "counts", "updated_at"])
        pipeline = Pipeline(source=batch.source, channel=Channel.UPLOAD, actor=batch.actor, batch=batch)
        chunk: list[tuple[int, dict[str, Any]]] = []
        last_row = batch.processed_rows

        def flush() -> None:
            with transaction.atomic():
                skipped = [[number, record[SKIP_KEY]] for number, record in chunk if SKIP_KEY in record]
                pipeline.ingest_many((number, number, record) for number, record in chunk if SKIP_KEY not in record)
                if skipped:  # title, note and 合计 rows: reported as skipped, never as errors
                    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
                    seen = {tuple(r) for r in locked.counts.get("skipped_rows", [])}
                    rows = locked.counts.get("skipped_rows", []) + [r for r in skipped if tuple(r) not in seen]
                    ImportBatch.objects.filter(pk=batch.pk).update(counts={**locked.counts, "skipped_rows": rows})
                _save_progress(batch.pk, last_row)
            chunk.clear()

        try:
            for number, record in sheet.rows:
                chunk.append((number, record))
                last_row = number
                if len(chunk) >= CHUNK_ROWS:
                    flush()
            if chunk:
                flush()
        except Exception as exc:  # noqa: BLE001 - any failure ends in a failed batch with its reason, rows kept
            return _batch_fail(batch, exc)
    finally:
        handle.close()
    batch.refresh_from_db()
    counts = batch_counts(batch)
    batch.counts = {**batch.counts, **counts}
    batch.total_rows = sum(v for k, v in counts.items() if k != "skipped")
    batch.processed_rows = max(batch.processed_rows, batch.total_rows)
    batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
    batch.save()
    audit_record(actor=batch.actor, action="aggregation.upload_done", target=batch, data=counts)
    return batch


# --- pull adapters ----------------------------------------------------------------------------------

def pull_run(*, source: Source, actor: User | None = None, fetch: Any = None) -> dict[str, Any]:
    """Fetch new and changed postings since the source's cursor; store the new cursor with the items."""
    from suzhaohuo.aggregation.adapters import PullError, adapter_for, cursor_key, parse_modified

    require_active(source)
    adapter = adapter_for(source, fetch=fetch)
    pipeline = Pipeline(source=source, channel=Channel.PULL, actor=actor)
    results: list[ItemResult] = []
    start = parse_modified(source.pull_cursor)
    newest: tuple[Any, str] | None = (start, "") if start else None
    oldest_refused: Any = None  # the cursor never passes a refused item: it is fetched again until fixed
    try:
        for page in adapter.pages(since=start):
            with transaction.atomic():
                got = pipeline.ingest_many((len(results) + i, None, record) for i, record in enumerate(page.records))
                results += got
                for record, result in zip(page.records, got, strict=True):
                    key = cursor_key(record)
                    if key is None:
                        continue
                    if result.outcome in (Outcome.REJECTED, Outcome.BLOCKED):
                        oldest_refused = key[0] if oldest_refused is None else min(oldest_refused, key[0])
                    elif newest is None or key > newest:
                        newest = key
                cursor = newest[0] if newest else None
                if cursor is not None and oldest_refused is not None:
                    cursor = min(cursor, oldest_refused)
                Source.objects.filter(pk=source.pk).update(pull_cursor=cursor.isoformat() if cursor else "",
                                                           pulled_at=timezone.now())
    except PullError as exc:
        audit_record(actor=actor, action="aggregation.pull_failed", target=source, reason=str(exc))
        raise AppError(Code.PULL_FAILED, _("拉取失败：%(e)s。已导入的部分保留，下次从断点继续。") % {"e": exc}) from exc
    source.refresh_from_db()
    counts = summarize(results)
    audit_record(actor=actor, action="aggregation.pull", target=source, data=counts)
    return {"counts": counts, "cursor": source.pull_cursor, "results": results}


# --- held postings (unknown employer / uncertain values) ---------------------------------------------

@transaction.atomic
def posting_release(*, actor: User, posting: Posting) -> Posting:
    """A reviewer has checked the held posting: submit it to the normal publishing rules."""
    from suzhaohuo.jobs.services import job_submit

    if EmployerConfirmation.objects.filter(posting=posting, status=ConfirmationStatus.PENDING).exists():
        raise AppError(Code.BAD_STATE, _("这个岗位以已登记用工单位的名义导入，须由用工单位确认，或到站点登记该单位的书面授权后才能发布。"),
                       "posting", status=409)
    job_submit(actor=actor, job=posting.job)
    posting.review_reasons = []
    posting.save(update_fields=["review_reasons"])
    SourceLink.objects.filter(posting=posting, state=LinkState.HELD).update(state=LinkState.ACTIVE)
    audit_record(actor=actor, action="aggregation.posting_release", target=posting, region_code=posting.township_code)
    return posting


@transaction.atomic
def posting_discard(*, actor: User, posting: Posting, reason: str) -> Posting:
    from suzhaohuo.jobs.services import job_close

    if not reason.strip():
        raise AppError(Code.NO_REASON, _("请填写不发布的原因，数据源会看到这个原因。"), "reason")
    job_close(actor=actor, job=posting.job, reason=reason)
    SourceLink.objects.filter(posting=posting).update(state=LinkState.WITHDRAWN)
    audit_record(actor=actor, action="aggregation.posting_discard", target=posting, reason=reason,
                 region_code=posting.township_code)
    return posting


# --- authorisations: who may publish under an employer's name (issue #11, docs/adr/0015) -------------------

def claims_record(*, source: Source, claims: list[tuple[Posting, str, Any, str, str]]) -> None:
    """Called by the pipeline once a run's postings are written. claims: (posting, kind, employer, name, USCC)
    with kind ``confirm`` (a registered employer named without authorisation: ask it) or ``proxy`` (an
    unregistered employer: a 「来源单位代录」 record of the source)."""
    now = timezone.now()
    confirmations = [EmployerConfirmation(posting=p, source=source, employer=emp, requested_at=now)
                     for p, kind, emp, _name, _uscc in claims if kind == "confirm"]
    if confirmations:
        made = EmployerConfirmation.objects.bulk_create(confirmations, batch_size=500)
        events.emit(EventName.SOURCE_CONFIRMATION_REQUESTED, confirmation_ids=[c.pk for c in made])
    proxies: dict[tuple[str, str], list[int]] = {}
    for p, kind, _emp, name, uscc in claims:
        if kind == "proxy":
            proxies.setdefault((name[:128], uscc[:18]), []).append(p.pk)
    for (name, uscc), posting_ids in proxies.items():
        proxy, _created = ProxyEmployer.objects.get_or_create(source=source, name=name, uscc=uscc)
        Posting.objects.filter(pk__in=posting_ids).update(proxy_employer=proxy)


def _own_employer(actor: Any) -> Any:
    from suzhaohuo.aggregation.selectors import employer_of

    policy.require(actor, Action.SOURCE_AUTHORIZE)
    employer = employer_of(actor)
    if employer is None:
        raise PermissionDenied(_("请先登记用工单位信息，再授权数据源代为发布。"))
    return employer


def _grant(*, actor: Any, source: Source, employer: Any, via: str, evidence: str) -> SourceAuthorization:
    existing = SourceAuthorization.objects.select_for_update().filter(source=source, employer=employer,
                                                                      revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    auth = SourceAuthorization.objects.create(source=source, employer=employer, via=via, evidence=evidence[:300],
                                              granted_by=actor, granted_at=timezone.now())
    audit_record(actor=actor, action="aggregation.authorization_grant", target=auth,
                 region_code=getattr(employer, "township_id", "") or "",
                 data={"source": source.pk, "employer": employer.pk, "via": via, "evidence": evidence[:300]})
    return auth


@transaction.atomic
def authorization_grant(*, actor: Any, source: Source) -> SourceAuthorization:
    """The employer itself authorises ``source`` to publish under its name; its held postings from that source
    are confirmed at once (each through the normal publish decision)."""
    employer = _own_employer(actor)
    if not source.is_active:
        raise AppError(Code.SOURCE_SUSPENDED, _("这个数据源已暂停，不能授权。"), "source")
    auth = _grant(actor=actor, source=source, employer=employer, via=AuthorizationVia.EMPLOYER, evidence="")
    for conf in EmployerConfirmation.objects.filter(source=source, employer=employer,
                                                    status=ConfirmationStatus.PENDING):
        _confirm(actor=actor, conf=conf, note=_("用工单位已授权“%(s)s”代为发布") % {"s": source.name})
    return auth


@transaction.atomic
def authorization_record(*, actor: Any, source: Source, employer: Any, evidence: str) -> SourceAuthorization:
    """Station staff record an employer's written authorisation of ``source`` (the evidence note names the
    document: its number, date and where the original is kept). Audited; the employer is told."""
    from suzhaohuo.notifications.services import notify

    policy.require(actor, Action.SOURCE_AUTHORIZE_RECORD, region_code=employer.township_id or "")
    evidence = (evidence or "").strip()
    if len(evidence) < 4:
        raise AppError(Code.NO_REASON, _("请写明书面授权材料：授权书编号或日期、原件存放在哪里。"), "evidence")
    auth = _grant(actor=actor, source=source, employer=employer, via=AuthorizationVia.STATION, evidence=evidence)
    notify(user=employer.owner, event="source_confirm",
           title=_("已登记您单位授权“%(s)s”代为发布岗位") % {"s": source.name},
           body=_("如非本单位授权，请在「代发授权」中撤销。"), url="/aggregation/authorizations/")
    return auth


@transaction.atomic
def authorization_revoke(*, actor: Any, authorization: SourceAuthorization, reason: str = "") -> SourceAuthorization:
    """The employer, or station staff whose area covers it, ends a standing authorisation. Postings already
    published stay; the source's next postings under this employer's name are held for confirmation again."""
    auth = SourceAuthorization.objects.select_for_update().select_related("employer").get(pk=authorization.pk)
    employer = auth.employer
    own = getattr(actor, "pk", None) == employer.owner_id
    if not own:
        policy.require(actor, Action.SOURCE_AUTHORIZE_RECORD, region_code=employer.township_id or "")
    if auth.revoked_at is not None:
        return auth
    auth.revoked_at, auth.revoked_by, auth.revoke_reason = timezone.now(), actor, (reason or "").strip()[:300]
    auth.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(actor=actor, action="aggregation.authorization_revoke", target=auth,
                 region_code=employer.township_id or "", reason=auth.revoke_reason)
    return auth


def _confirm(*, actor: Any, conf: EmployerConfirmation, note: str) -> EmployerConfirmation:
    from suzhaohuo.jobs.services import job_assign_employer, job_submit

    posting = conf.posting
    job = job_assign_employer(actor=actor, job=posting.job, employer=conf.employer,
                              authorization_note=_("由%(s)s归集，%(n)s") % {"s": conf.source.name, "n": note})
    posting.review_reasons = [r for r in posting.review_reasons or [] if conf.employer.name not in r]
    posting.save(update_fields=["review_reasons"])
    conf.status, conf.decided_at, conf.decided_by = ConfirmationStatus.CONFIRMED, timezone.now(), actor
    conf.save(update_fields=["status", "decided_at", "decided_by"])
    if not posting.review_reasons:  # other doubts (place, headcount…) still wait for a reviewer
        job_submit(actor=actor, job=job)
        SourceLink.objects.filter(posting=posting, state=LinkState.HELD).update(state=LinkState.ACTIVE)
    audit_record(actor=actor, action="aggregation.confirmation_confirm", target=conf,
                 region_code=posting.township_code)
    return conf


@transaction.atomic
def confirmation_decide(*, actor: Any, confirmation: EmployerConfirmation, decision: str,
                        reason: str = "") -> EmployerConfirmation:
    """The named employer answers a held posting: ``confirm`` (this one), ``authorize`` (this one and a standing
    authorisation of the source), or ``refuse`` (not ours: the posting is closed and never published)."""
    from suzhaohuo.jobs.services import job_close

    employer = _own_employer(actor)
    conf = EmployerConfirmation.objects.select_for_update().select_related("posting__job", "source", "employer").get(
        pk=confirmation.pk)
    if conf.employer_id != employer.pk:
        raise PermissionDenied(_("只能处理以本单位名义导入的岗位。"))
    if conf.status != ConfirmationStatus.PENDING:
        raise AppError(Code.BAD_STATE, _("这个岗位已经处理过了。"), "decision", status=409)
    if decision == "confirm":
        return _confirm(actor=actor, conf=conf, note=_("用工单位已确认本岗位"))
    if decision == "authorize":
        authorization_grant(actor=actor, source=conf.source)
        conf.refresh_from_db()
        return conf
    if decision != "refuse":
        raise AppError(Code.BAD_STATE, _("请选择：确认发布、长期授权或不是本单位岗位。"), "decision")
    reason = (reason or "").strip()[:300] or _("用工单位表示不是本单位岗位")
    job_close(actor=None, job=conf.posting.job, reason=_("用工单位拒绝：%(r)s") % {"r": reason})
    SourceLink.objects.filter(posting=conf.posting).update(state=LinkState.WITHDRAWN)
    conf.status, conf.decided_at, conf.decided_by, conf.reason = (ConfirmationStatus.REFUSED, timezone.now(), actor,
                                                                   reason)
    conf.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    audit_record(actor=actor, action="aggregation.confirmation_refuse", target=conf, reason=reason,
                 region_code=conf.posting.township_code)
    return conf

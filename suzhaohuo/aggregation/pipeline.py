"""The one import pipeline every channel feeds (upload, push API, pull adapters).

For each incoming item: keep the raw record unchanged → normalise → screen (the postings rules) →
de-duplicate → publish, hold for review, or refuse; and say exactly what happened (``ItemResult``).

New items go through together (``ingest_many``): each is normalised, screened and de-duplicated
(against stored postings and the run's earlier items), then the run's jobs, postings, raw records
and source links are written with bulk inserts in one savepoint; if the database refuses the run,
its items are retried one by one, so one bad item never undoes the others, and the raw record, the
job, the posting and the source link of an item are written together or not at all. Re-sends and
updates go one by one. Callers choose the outer transaction (a chunk of upload rows, one API call),
which is what makes a killed import safe to run again: committed items are recognised by (source,
external id, content hash).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.aggregation import dedup
from suzhaohuo.aggregation.choices import JOB_ORIGIN_FOR_KIND, Channel, LinkState, Outcome
from suzhaohuo.aggregation.models import ImportBatch, Posting, RawRecord, Source, SourceLink
from suzhaohuo.aggregation.normalize import (
    ERROR,
    REVIEW,
    CategoryIndex,
    Issue,
    Lookups,
    Normalized,
    RegionIndex,
    normalize,
)
from suzhaohuo.aggregation.selectors import authorization_active
from suzhaohuo.core.bulk import insert_objects, insert_rows
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.text import bad_text_message, bad_text_path
from suzhaohuo.jobs.choices import ScreeningStatus
from suzhaohuo.jobs.screening.types import Severity
from suzhaohuo.jobs.screening_bridge import Screened, StoredFinding, is_blocking
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action, in_scope
from suzhaohuo.kernel.states import JobStatus
from suzhaohuo.search.services import job_index_add

log = logging.getLogger(__name__)

OPEN_JOB_STATES = (JobStatus.DRAFT, JobStatus.PENDING_REVIEW, JobStatus.PUBLISHED)
RAW_FIELDS = ("source_id", "batch_id", "channel", "external_id", "idempotency_key", "content_hash", "row_number",
              "payload", "received_at", "outcome", "issues", "screening_categories", "posting_id")
LINK_FIELDS = ("posting_id", "source_id", "external_id", "is_first", "state", "url", "first_seen_at", "last_seen_at",
               "last_record_id")


def _clean_id(value: Any) -> str:
    text = str(value or "").strip()[:128]
    return "" if bad_text_path(text) else text


@dataclass
class ItemResult:
    index: int
    external_id: str
    outcome: str
    job_id: int | None = None
    job_status: str = ""
    duplicate_of_source: str = ""
    issues: list[dict[str, str]] = field(default_factory=list)
    screening: list[str] = field(default_factory=list)
    row_number: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "external_id": self.external_id, "outcome": self.outcome,
                "job_id": self.job_id, "job_status": self.job_status, "duplicate_of_source": self.duplicate_of_source,
                "issues": self.issues, "screening": self.screening}


class _Blocked(Exception):
    """Raised inside an item's savepoint to roll back a job the postings rules blocked."""

    def __init__(self, findings: list[StoredFinding]) -> None:
        super().__init__("blocked")
        self.findings = findings


def jsonable(value: Any) -> Any:
    """The payload as JSON can store it, without changing what it says (dates → ISO text, Decimal → text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def content_hash(payload: dict[str, Any]) -> str:
    body = {k: v for k, v in payload.items() if k not in ("idempotency_key",)}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def build_lookups() -> Lookups:
    from suzhaohuo.jobs.models import JobCategory
    from suzhaohuo.regions.models import Region

    regions = list(Region.objects.exclude(level="village").values_list("code", "name", "level", "parent_id", "lat",
                                                                         "lng"))
    cats = list(JobCategory.objects.values_list("code", "name", "parent__code", "keywords"))
    now = timezone.now()
    return Lookups(regions=RegionIndex.build(regions, region_aliases()), categories=CategoryIndex.build(cats),
                   today=timezone.localdate(now), now=now)


def region_aliases() -> list[tuple[str, str, str]]:
    """The deployment's place aliases (settings.SZH_REGION_ALIASES: alias,township_code,kind[,note]): what 县城 and
    开发区 mean in each county, and other names people write for a township-level unit."""
    import csv
    from pathlib import Path

    from django.conf import settings

    path = Path(getattr(settings, "SZH_REGION_ALIASES", "") or "")
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [(r["alias"].strip(), r["township_code"].strip(), (r.get("kind") or "alias").strip())
                for r in csv.DictReader(fh) if r.get("township_code")]


def _screen(norm: Normalized) -> Screened:
    """The postings screening rules (jobs app), as a dry run: (findings, rules version). The findings are
    handed to the jobs bulk service with the job, so a posting is screened once."""
    from suzhaohuo.jobs import screening_bridge

    return screening_bridge.screen_fields(
        title=norm.title, description=norm.description, requirements=norm.requirements, benefits=norm.benefits,
        pay_min=norm.pay_min, pay_max=norm.pay_max, pay_unit=norm.pay_unit, pay_negotiable=norm.pay_negotiable,
        daily_hours=norm.daily_hours, township_code=norm.township_code, headcount=norm.headcount,
        address=norm.address, valid_until=norm.valid_until, employer_name=norm.employer_name, check_missing=True)


def _app_issue(exc: AppError) -> dict[str, str]:
    return {"field": exc.field or "", "column": exc.field or "", "message": exc.message, "severity": ERROR}


def _final_issues(result: ItemResult, norm: Normalized) -> None:
    """What the report shows: the errors of a record that could not be read; otherwise the review notes
    in front of what happened to it."""
    if norm.errors:
        result.outcome = Outcome.REJECTED
        result.issues = [i.as_dict() for i in norm.errors]
    elif result.outcome not in (Outcome.BLOCKED, Outcome.REJECTED):
        result.issues = [i.as_dict() for i in norm.reviews + norm.notes] + result.issues


def _queue_dispatch(job_ids: list[int]) -> None:
    """Dispatch of newly published imported postings: one background task for the lot, after commit."""
    if not job_ids:
        return

    def enqueue() -> None:
        from suzhaohuo.aggregation.tasks import aggregation_dispatch

        aggregation_dispatch.enqueue(job_ids)

    transaction.on_commit(enqueue)


@dataclass(eq=False)
class _Item:
    """One incoming item on its way through ``Pipeline.ingest_many``."""

    index: int
    row_number: int | None
    payload: dict[str, Any]
    digest: str
    external_id: str
    idem: str
    result: ItemResult = field(init=False)
    norm: Normalized | None = None
    screened: Screened | None = None
    sig: Any = None
    bands: list[int] = field(default_factory=list)
    emp_key: str = ""
    reviews: list[str] = field(default_factory=list)
    job_item: Any = None
    job: Any = None
    posting: Posting | None = None
    dup_posting_id: int | None = None
    dup_item: _Item | None = None

    def __post_init__(self) -> None:
        self.reset()

    def keys(self) -> set[tuple[str, str]]:
        return {("e", self.external_id)} | ({("i", self.idem)} if self.idem else set())

    def reset(self) -> None:
        self.result = ItemResult(index=self.index, external_id=self.external_id, outcome=Outcome.REJECTED,
                                 row_number=self.row_number)
        self.norm, self.screened, self.job_item, self.job, self.posting = None, None, None, None, None
        self.dup_posting_id, self.dup_item, self.reviews = None, None, []

    def save_failed(self) -> ItemResult:
        return ItemResult(index=self.index, external_id=self.external_id, outcome=Outcome.REJECTED,
                          row_number=self.row_number,
                          issues=[Issue("external_id", _("保存时出错，请稍后重新发送这一条。")).as_dict()])


def _blocking(findings: list[StoredFinding]) -> list[StoredFinding]:
    return [f for f in findings if is_blocking(f)]


def _finding_issues(findings: list[StoredFinding]) -> list[dict[str, str]]:
    return [{"field": str(f.get("field") or "description"), "column": _("检测"), "message": str(f.get("message", "")),
             "severity": Severity.BLOCK.value, "category": str(f.get("category", ""))} for f in findings]


class Pipeline:
    """One pipeline instance per batch / API call / pull run (lookups and employer matches are cached)."""

    def __init__(self, *, source: Source, channel: str, actor: User | None = None, batch: ImportBatch | None = None) -> None:
        self.source = source
        self.channel = channel
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.batch = batch
        self.lk = build_lookups()
        self._employers: dict[tuple[str, str], tuple[Any, str]] = {}
        self._standing: dict[tuple[Any, str], Any] = {}  # (employer pk, row USCC) → policy decision, per batch
        self._claims: dict[tuple[str, str], tuple[str, Any]] = {}  # (USCC, name) → ("confirm", employer) | ("proxy", None)
        self._shown: dict[int, bool] = {}  # employer pk → shown in search (JOB_SHOW standing), per batch
        self._lookups: Any = None  # jobs' validation look-ups and standing decisions, per batch

    # --- public ---------------------------------------------------------------------------------

    def ingest(self, item: Any, *, index: int = 0, row_number: int | None = None) -> ItemResult:
        return self.ingest_many([(index, row_number, item)])[0]

    def ingest_many(self, entries: Iterable[tuple[int, int | None, Any]]) -> list[ItemResult]:
        """Many items (index, row number, item), in order, one result each.

        Items never seen before (no earlier record or link under their external id or idempotency key)
        go through the pipeline together: screened and de-duplicated one by one, then written with bulk
        inserts. Re-sends, updates and corrections of refused items are handled one at a time, in order."""
        slots: list[ItemResult | _Item] = []
        items: list[_Item] = []
        for index, row_number, obj in entries:
            if not isinstance(obj, dict):
                slots.append(ItemResult(index=index, external_id="", outcome=Outcome.REJECTED, row_number=row_number,
                                        issues=[Issue("external_id", _("每一项都应是一个岗位对象。")).as_dict()]))
                continue
            bad = bad_text_path(obj)
            if bad is not None:  # NUL bytes / lone surrogates: refused per item; only a safe note is stored
                slots.append(self._reject_bad_text(index, row_number, obj, bad))
                continue
            payload = jsonable(obj)
            digest = content_hash(payload)
            external_id = str(payload.get("external_id") or "").strip()[:128] or f"h:{digest[:32]}"
            idem = str(payload.get("idempotency_key") or "").strip()[:128]
            it = _Item(index=index, row_number=row_number, payload=payload, digest=digest, external_id=external_id,
                       idem=idem)
            items.append(it)
            slots.append(it)
        known = self._known(items)
        run: list[_Item] = []
        run_keys: set[tuple[str, str]] = set()
        for it in items:
            keys = it.keys()
            if keys & known or keys & run_keys:
                self._create_many(run)
                known |= run_keys
                run, run_keys = [], set()
                self._ingest_known(it)
            else:
                run.append(it)
                run_keys |= keys
        self._create_many(run)
        return [s.result if isinstance(s, _Item) else s for s in slots]

    def _reject_bad_text(self, index: int, row_number: int | None, obj: dict[str, Any], bad: str) -> ItemResult:
        field = bad.split(".")[0] if not bad_text_path(bad) else "-"
        external_id = _clean_id(obj.get("external_id")) or f"row:{row_number if row_number is not None else index}"
        issues = [Issue(field, bad_text_message(field)).as_dict()]
        payload = {"rejected": "invalid_text", "field": field}
        RawRecord.objects.create(source=self.source, batch=self.batch, channel=self.channel, external_id=external_id,
                                 content_hash=content_hash({**payload, "external_id": external_id, "index": index}),
                                 row_number=row_number, payload=payload, received_at=timezone.now(),
                                 outcome=Outcome.REJECTED, issues=issues)
        return ItemResult(index=index, external_id=external_id, outcome=Outcome.REJECTED, row_number=row_number,
                          issues=issues)

    def withdraw(self, external_id: str, *, reason: str = "") -> ItemResult:
        from suzhaohuo.jobs.services import job_close

        with transaction.atomic():
            link = (SourceLink.objects.select_for_update().select_related("posting__job")
                    .filter(source=self.source, external_id=external_id).first())
            if link is None:
                raise AppError("unknown_external_id", _("没有找到编号为“%(id)s”的岗位，请核对岗位编号。") % {"id": external_id},
                               "external_id", status=404)
            job = link.posting.job
            if link.state == LinkState.WITHDRAWN:
                return ItemResult(index=0, external_id=external_id, outcome=Outcome.UNCHANGED, job_id=job.pk,
                                  job_status=job.status)
            now = timezone.now()
            raw = RawRecord.objects.create(
                source=self.source, batch=self.batch, channel=self.channel, external_id=external_id,
                content_hash=content_hash({"withdraw": external_id}), payload={"withdraw": True, "reason": reason},
                received_at=now, outcome=Outcome.WITHDRAWN, posting=link.posting)
            link.state, link.last_seen_at, link.last_record = LinkState.WITHDRAWN, now, raw
            link.save(update_fields=["state", "last_seen_at", "last_record"])
            still_listed = SourceLink.objects.filter(posting=link.posting).exclude(state=LinkState.WITHDRAWN).exists()
            if not still_listed and job.status in OPEN_JOB_STATES:
                job = job_close(actor=self.actor, job=job, reason=reason or _("来源“%(s)s”已撤回") % {"s": self.source.name})
            return ItemResult(index=0, external_id=external_id, outcome=Outcome.WITHDRAWN, job_id=job.pk,
                              job_status=job.status)

    # --- steps ----------------------------------------------------------------------------------

    def _known(self, items: list[_Item]) -> set[tuple[str, str]]:
        """The external ids and idempotency keys among these that this source has sent before."""
        known: set[tuple[str, str]] = set()
        exts = sorted({it.external_id for it in items})
        idems = sorted({it.idem for it in items if it.idem})
        for start in range(0, len(exts), 500):
            part = exts[start:start + 500]
            for model in (RawRecord, SourceLink):
                known |= {("e", e) for e in model.objects.filter(source=self.source, external_id__in=part)
                          .order_by().values_list("external_id", flat=True)}
        for start in range(0, len(idems), 500):
            known |= {("i", k) for k in RawRecord.objects.filter(source=self.source,
                                                                idempotency_key__in=idems[start:start + 500])
                      .order_by().values_list("idempotency_key", flat=True)}
        return known

    def _ingest_known(self, it: _Item) -> None:
        try:
            with transaction.atomic():
                self._ingest_one(it)
        except DatabaseError:
            log.exception("aggregation: database error on item %s of source %s", it.external_id, self.source.pk)
            it.result = it.save_failed()

    def _ingest_one(self, it: _Item) -> None:
        """An item this source sent before: unchanged (a receipt), an update, or a corrected re-send."""
        external_id, idem, digest, payload = it.external_id, it.idem, it.digest, it.payload
        result = it.result = ItemResult(index=it.index, external_id=external_id, outcome=Outcome.REJECTED,
                                        row_number=it.row_number)
        previous = self._previous(external_id, idem)
        link = SourceLink.objects.select_related("posting__job").filter(source=self.source,
                                                                         external_id=external_id).first()
        same = previous is not None and (previous.content_hash == digest or bool(idem and previous.idempotency_key == idem))
        if same and self.channel == Channel.PULL and previous is not None and \
                previous.outcome in (Outcome.REJECTED, Outcome.BLOCKED) and link is None:
            same = False  # a refused pulled item is tried again on every pull (employer registered, place added…)
        if same and (link is None or link.state != LinkState.WITHDRAWN):
            result.outcome = Outcome.UNCHANGED
            result.issues = list(previous.issues) if previous is not None else []
            now = timezone.now()
            # a receipt, not a copy: the payload is the earlier record's (same content hash)
            RawRecord.objects.create(
                source=self.source, batch=self.batch, channel=self.channel, external_id=external_id,
                idempotency_key=idem, content_hash=previous.content_hash if previous else digest,
                row_number=it.row_number, payload={"same_as_record": previous.pk if previous else None},
                received_at=now, outcome=Outcome.UNCHANGED, issues=result.issues,
                posting=link.posting if link is not None else None)
            if link is not None:
                result.job_id, result.job_status = link.posting.job_id, link.posting.job.status
                SourceLink.objects.filter(pk=link.pk).update(last_seen_at=now)
            return
        if link is None:  # refused before, sent again changed: a new posting, through the same path as new items
            self._create_many([it])
            return
        norm = normalize(payload, self.lk)
        posting: Posting | None = None
        if link.state == LinkState.WITHDRAWN:
            norm.error("external_id", _("这个岗位编号已撤回，重新发布请使用新的岗位编号。"))
        if not norm.errors:
            blocks = _blocking(_screen(norm)[0])
            if blocks:
                result.outcome = Outcome.BLOCKED
                result.screening = sorted({str(f.get("category", "")) for f in blocks})
                result.issues = _finding_issues(blocks)
        if not norm.errors and result.outcome != Outcome.BLOCKED:
            try:
                with transaction.atomic():
                    posting = self._update(link, norm, result)
            except _Blocked as blocked:
                posting = None
                result.outcome = Outcome.BLOCKED
                result.screening = sorted({str(f.get("category", "")) for f in blocked.findings})
                result.issues = _finding_issues(blocked.findings)
            except AppError as exc:
                posting = None
                result.outcome = Outcome.REJECTED
                result.issues.append(_app_issue(exc))
        _final_issues(result, norm)
        now = timezone.now()
        raw = RawRecord.objects.create(
            source=self.source, batch=self.batch, channel=self.channel, external_id=external_id, idempotency_key=idem,
            content_hash=digest, row_number=it.row_number, payload=payload, received_at=now, outcome=result.outcome,
            issues=result.issues, screening_categories=result.screening, posting=posting)
        if posting is not None:
            link.last_seen_at, link.last_record, link.url = now, raw, norm.url or link.url
            link.save()

    def _create_many(self, run: list[_Item]) -> None:
        """New items: normalise, screen, de-duplicate, create (jobs in bulk), store — in one savepoint.
        A database error undoes the savepoint; the items are then tried one by one, so one bad item
        never undoes the others."""
        if not run:
            return
        try:
            with transaction.atomic():
                self._create_run(run)
        except DatabaseError:
            if len(run) > 1:
                for it in run:
                    self._create_many([it])
                return
            log.exception("aggregation: database error on item %s of source %s", run[0].external_id,
                          self.source.pk)
            run[0].result = run[0].save_failed()

    def _create_run(self, run: list[_Item]) -> None:
        now = timezone.now()
        live: list[_Item] = []
        for it in run:
            it.reset()
            it.norm = norm = normalize(it.payload, self.lk)
            if norm.errors:
                continue
            findings, version = _screen(norm)
            blocks = _blocking(findings)
            if blocks:
                it.result.outcome = Outcome.BLOCKED
                it.result.screening = sorted({str(f.get("category", "")) for f in blocks})
                it.result.issues = _finding_issues(blocks)
                continue
            it.screened = (findings, version)
            it.sig, it.bands, it.emp_key = self._signature(norm)
            live.append(it)
        todo = live
        while todo:  # items whose duplicate-of-this-run was refused go round again (fewer each time)
            todo = self._match_and_create(todo, now)
        for it in run:
            assert it.norm is not None
            _final_issues(it.result, it.norm)
        # raw inserts (core.bulk): the same rows bulk_create wrote, without the ORM's per-value work
        batch_id = self.batch.pk if self.batch is not None else None
        raw_ids = insert_rows(RawRecord, RAW_FIELDS, [
            (self.source.pk, batch_id, self.channel, it.external_id, it.idem, it.digest, it.row_number, it.payload, now,
             it.result.outcome, it.result.issues, it.result.screening, it.posting.pk if it.posting else None)
            for it in run], returning=True)
        insert_rows(SourceLink, LINK_FIELDS, [
            (it.posting.pk, self.source.pk, it.external_id, it.result.outcome in (Outcome.CREATED, Outcome.HELD),
             LinkState.HELD if it.result.outcome == Outcome.HELD else LinkState.ACTIVE, it.norm.url if it.norm else "",
             now, now, raw_id)
            for it, raw_id in zip(run, raw_ids, strict=True) if it.posting is not None])

    def _match_and_create(self, live: list[_Item], now: Any) -> list[_Item]:
        """De-duplicate against open postings and against this run's earlier items, create the rest's jobs
        in one bulk call and their postings. Returns the items to match again (their match was refused)."""
        from suzhaohuo.jobs.services import BulkJobItem, ValidationLookups, jobs_create_bulk

        if self._lookups is None:
            self._lookups = ValidationLookups()

        stored = self._band_candidates(live)
        pending: dict[tuple[int, int], list[_Item]] = {}
        creators: list[_Item] = []
        for it in live:
            norm = it.norm
            assert norm is not None
            it.dup_posting_id, it.dup_item = None, None
            options: dict[int, dedup.Candidate] = {}
            others: list[_Item] = []
            for band, key in enumerate(it.bands):
                for township, cand in stored.get((band, key), ()):
                    if township == norm.township_code:
                        options[cand.posting_id] = cand
                for other in pending.get((band, key), ()):
                    if other not in others:
                        others.append(other)
            for i, other in enumerate(others):  # this run's new postings: negative ids
                o = other.norm
                assert o is not None
                if o.township_code == norm.township_code:
                    options[-1 - i] = dedup.Candidate(-1 - i, other.sig, other.emp_key, o.pay_unit, o.pay_min, o.pay_max)
            best, _sim = dedup.best_match(it.sig, it.emp_key, norm.pay_unit, norm.pay_min, norm.pay_max,
                                          [options[k] for k in sorted(options, key=lambda k: (k < 0, abs(k)))])
            if best is not None:
                if best > 0:
                    it.dup_posting_id = best
                else:
                    it.dup_item = others[-1 - best]
                continue
            try:
                self._check_scope(norm)
                employer, held_reason = self._employer(norm)
                named = self._claims.get((norm.employer_uscc, norm.employer_name), ("", employer))[1] or employer
                skey = (getattr(named, "pk", None), norm.employer_uscc)
                if skey not in self._standing:  # sanctions, 异常名录 of the named employer (kernel.policy checks)
                    standing = policy.standing(self.actor, Action.JOB_POST, target=named)
                    if standing.allowed and norm.employer_uscc:  # the row's USCC, even if not on the platform
                        standing = policy.standing(self.actor, Action.IDENTITY_REGISTER,
                                                   target={"uscc": norm.employer_uscc})
                    self._standing[skey] = standing
                standing = self._standing[skey]
                if not standing.allowed:
                    raise AppError(standing.code, standing.message, "employer_name")
            except AppError as exc:
                it.result.issues.append(_app_issue(exc))
                continue
            it.reviews = [i.message for i in norm.reviews] + ([held_reason] if held_reason else [])
            if held_reason:
                it.result.issues.append(Issue("employer_name", held_reason, REVIEW).as_dict())
            note = (_("用工单位：%(e)s（由%(s)s归集，待核实）") % {"e": norm.employer_name, "s": self.source.name}
                    if held_reason else _("由%(s)s归集") % {"s": self.source.name})
            original = norm.original_source or (f"{self.source.name} {norm.url}".strip())
            it.job_item = BulkJobItem(
                employer=employer, data=self._job_input(norm), origin=JOB_ORIGIN_FOR_KIND.get(self.source.kind, "employer"),
                source_name=self.source.name, original_source=original, authorization_note=note,
                submit=not it.reviews, screened=it.screened)
            creators.append(it)
            for band, key in enumerate(it.bands):
                pending.setdefault((band, key), []).append(it)
        jobs = (jobs_create_bulk(actor=self.actor, items=[it.job_item for it in creators], same_employer_check=False,
                                 queue_dispatch=False, indexed=True, lookups=self._lookups) if creators else [])
        made: list[_Item] = []
        for it, job in zip(creators, jobs, strict=True):
            if isinstance(job, AppError):
                it.result.issues.append(_app_issue(job))
                continue
            it.job = job
            it.result.outcome = Outcome.HELD if it.reviews else Outcome.CREATED
            it.result.job_id, it.result.job_status = job.pk, job.status
            made.append(it)
        _queue_dispatch([it.job.pk for it in made if it.job.status == JobStatus.PUBLISHED])
        job_index_add([it.job for it in made], shown=self._shown)  # the index rows from the jobs in hand
        postings = [Posting(
            job=it.job, first_source=self.source, first_seen_at=now, employer_name=it.norm.employer_name,  # type: ignore[union-attr]
            employer_key=it.emp_key, review_reasons=it.reviews, township_code=it.norm.township_code,  # type: ignore[union-attr]
            pay_unit=it.norm.pay_unit, pay_min=it.norm.pay_min, pay_max=it.norm.pay_max,  # type: ignore[union-attr]
            signature=dedup.sig_bytes(it.sig), **{f"b{i}": key for i, key in enumerate(it.bands)}) for it in made]
        insert_objects(postings)
        for it, posting in zip(made, postings, strict=True):
            it.posting = posting
        self._record_claims(made)
        found = Posting.objects.select_related("job", "first_source").in_bulk(
            sorted({it.dup_posting_id for it in live if it.dup_posting_id}))
        again: list[_Item] = []
        for it in live:
            if it.dup_posting_id:
                dup = found[it.dup_posting_id]
                source_name, job_status = dup.first_source.name, dup.job.status
            elif it.dup_item is not None:
                if it.dup_item.posting is None:  # that item was refused after all: match this one again
                    again.append(it)
                    continue
                dup, source_name, job_status = it.dup_item.posting, self.source.name, it.dup_item.job.status
            else:
                continue
            it.posting = dup
            it.result.outcome = Outcome.DUPLICATE
            it.result.job_id, it.result.job_status, it.result.duplicate_of_source = dup.job_id, job_status, source_name
        return again

    def _band_candidates(self, live: list[_Item]) -> dict[tuple[int, int], list[tuple[str, dedup.Candidate]]]:
        """Open postings sharing an LSH band with any of these items: {(band, key): [(township, candidate)]}."""
        out: dict[tuple[int, int], list[tuple[str, dedup.Candidate]]] = {}
        names = [f"b{i}" for i in range(dedup.BANDS)]
        for start in range(0, len(live), 500):
            part = live[start:start + 500]
            q = Q()
            for i, name in enumerate(names):
                q |= Q(**{f"{name}__in": sorted({it.bands[i] for it in part})})
            rows = (Posting.objects.filter(q, job__status__in=OPEN_JOB_STATES).order_by("id")
                    .values_list("id", "signature", "employer_key", "pay_unit", "pay_min", "pay_max", "township_code",
                                 *names))
            for pid, sig, ek, pu, pmin, pmax, township, *bands in rows:
                cand = dedup.Candidate(pid, dedup.sig_from_bytes(sig), ek, pu, pmin, pmax)
                for i, key in enumerate(bands):
                    out.setdefault((i, key), []).append((township, cand))
        return out

    def _previous(self, external_id: str, idem: str) -> RawRecord | None:
        if idem:
            hit = RawRecord.objects.filter(source=self.source, idempotency_key=idem).order_by("-id").first()
            if hit is not None:
                return hit
        return RawRecord.objects.filter(source=self.source, external_id=external_id).order_by("-id").first()

    def _employer(self, norm: Normalized) -> tuple[Any, str]:
        """(employer the job is created for, review reason). See docs/adr/0015.

        The named employer is matched by USCC, then exact name. A source publishes under a registered employer's
        name only with that employer's standing authorisation (or when it is the source's own organisation);
        otherwise the posting is held under the source organisation's record until the employer confirms it.
        An employer not registered here becomes a 「来源单位代录」 record of the source: held for review, with the
        source responsible for the information."""
        from suzhaohuo.identity.models import Employer

        key = (norm.employer_uscc, norm.employer_name)
        if key in self._employers:
            return self._employers[key]
        found = None
        if norm.employer_uscc:
            found = Employer.objects.filter(uscc=norm.employer_uscc).first()
        if found is None and norm.employer_name:
            matches = list(Employer.objects.filter(name=norm.employer_name)[:2])
            found = matches[0] if len(matches) == 1 else None
        named = norm.employer_name or norm.employer_uscc
        org = self.source.organization_employer if self.source.organization_employer_id else None
        answer: tuple[Any, str]
        if found is not None and (found.pk == self.source.organization_employer_id
                                  or authorization_active(source=self.source, employer=found)):
            answer = (found, "")
        elif found is not None:
            if org is None:
                raise AppError("employer_not_authorized", _(
                    "用工单位“%(e)s”尚未授权本数据源代为发布岗位。请用工单位登录平台在「代发授权」中授权，"
                    "或到零工服务站凭书面授权书登记后重新发送。") % {"e": named}, "employer_name")
            answer = (org, _("用工单位“%(e)s”尚未授权“%(s)s”代为发布，已请用工单位确认；确认前不会发布。")
                      % {"e": found.name, "s": self.source.name})
            self._claims[key] = ("confirm", found)
        elif org is not None:
            answer = (org, _("用工单位“%(e)s”尚未在平台登记实名，作为「来源单位代录」暂挂在“%(o)s”名下，"
                             "信息由“%(s)s”负责，须人工审核后发布。")
                      % {"e": named, "o": self.source.organization, "s": self.source.name})
            self._claims[key] = ("proxy", None)
        else:
            raise AppError("employer_unknown", _("用工单位“%(e)s”尚未在平台登记，请先让用工单位注册并实名认证。")
                           % {"e": named}, "employer_name")
        self._employers[key] = answer
        return answer

    def _record_claims(self, made: list[_Item]) -> None:
        """After the postings are written: the confirmation requests to named employers, and the 「来源单位代录」
        records of unregistered ones (see ``_employer``)."""
        from suzhaohuo.aggregation.services import claims_record

        claims = [(it.posting, *self._claims[(it.norm.employer_uscc, it.norm.employer_name)], it.norm)
                  for it in made if it.norm is not None and it.posting is not None
                  and (it.norm.employer_uscc, it.norm.employer_name) in self._claims]
        if claims:
            claims_record(source=self.source, claims=[(p, kind, emp, n.employer_name, n.employer_uscc)
                                                      for p, kind, emp, n in claims])

    def _job_input(self, norm: Normalized) -> Any:
        from suzhaohuo.jobs.services import JobInput

        return JobInput(
            title=norm.title, description=norm.description, category_code=norm.category_code,
            pay_unit=norm.pay_unit, settlement=norm.settlement, headcount=norm.headcount,
            township_code=norm.township_code, address=norm.address, pay_min=norm.pay_min, pay_max=norm.pay_max,
            pay_negotiable=norm.pay_negotiable, requirements=norm.requirements, benefits=norm.benefits,
            start_date=norm.start_date, end_date=norm.end_date, daily_hours=norm.daily_hours,
            work_time=norm.work_time, lat=norm.lat, lng=norm.lng, valid_until=norm.valid_until)

    def _check_scope(self, norm: Normalized) -> None:
        if self.actor is not None and not in_scope(self.actor, norm.township_code):
            raise AppError("out_of_scope", _("工作地点不在您的管辖范围内，请交由所在县区的数据源上传。"), "township")

    def _signature(self, norm: Normalized) -> tuple[Any, list[int], str]:
        sig = dedup.signature(dedup.text_key(norm.title, norm.description))
        return sig, dedup.band_keys(sig, norm.township_code), dedup.employer_key(norm.employer_name)

    def _update(self, link: SourceLink, norm: Normalized, result: ItemResult) -> Posting:
        from suzhaohuo.jobs.services import job_update

        posting = link.posting
        result.outcome = Outcome.UPDATED
        if not link.is_first:  # a secondary source's copy: keep its raw record, the posting stays the first's
            result.job_id, result.job_status = posting.job_id, posting.job.status
            result.duplicate_of_source = posting.first_source.name if posting.first_source_id else ""
            return posting
        self._check_scope(norm)
        job = job_update(actor=self.actor, job=posting.job, data=self._job_input(norm),
                         reason=_("来源“%(s)s”更新") % {"s": self.source.name})
        if job.screening_status == ScreeningStatus.BLOCK:
            raise _Blocked(_blocking(job.screening_findings))
        sig, bands, emp_key = self._signature(norm)
        posting.signature = dedup.sig_bytes(sig)
        for i, key in enumerate(bands):
            setattr(posting, f"b{i}", key)
        posting.employer_name, posting.employer_key = norm.employer_name, emp_key
        posting.township_code, posting.pay_unit = norm.township_code, norm.pay_unit
        posting.pay_min, posting.pay_max = norm.pay_min, norm.pay_max
        posting.save()
        result.job_id, result.job_status = job.pk, job.status
        return posting


def summarize(results: list[ItemResult]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    return counts


__all__ = ["Channel", "ItemResult", "Pipeline", "build_lookups", "content_hash", "jsonable", "summarize"]

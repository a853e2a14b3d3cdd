"""The one import pipeline every channel feeds (upload, push API, pull adapters).

For each incoming item: keep the raw record unchanged → normalise → screen (the postings rules) →
de-duplicate → publish, hold for review, or refuse; and say exactly what happened (``ItemResult``).

Each item runs in its own savepoint, so one bad item never undoes the others, and the raw record,
the job, the posting and the source link of an item are written together or not at all. Callers
choose the outer transaction (a chunk of upload rows, one API call), which is what makes a killed
import safe to run again: committed items are recognised by (source, external id, content hash).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.aggregation import dedup
from suzhaohuo.aggregation.choices import JOB_ORIGIN_FOR_KIND, Channel, LinkState, Outcome
from suzhaohuo.aggregation.models import ImportBatch, Posting, RawRecord, Source, SourceLink
from suzhaohuo.aggregation.normalize import (
    ERROR,
    CategoryIndex,
    Issue,
    Lookups,
    Normalized,
    RegionIndex,
    normalize,
)
from suzhaohuo.core.errors import AppError

log = logging.getLogger(__name__)

OPEN_JOB_STATES = ("draft", "pending_review", "published")


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

    def __init__(self, findings: list[dict[str, Any]]) -> None:
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
    return Lookups(regions=RegionIndex.build(regions), categories=CategoryIndex.build(cats),
                   today=timezone.localdate(now), now=now)


def _screen(norm: Normalized) -> list[dict[str, Any]]:
    """The postings screening rules (jobs app), as a dry run. Absent engine → no findings."""
    try:
        from suzhaohuo.jobs.services import job_screen_preview
    except ImportError:  # pragma: no cover - the jobs app always ships it
        return []
    try:
        return job_screen_preview(data={
            "title": norm.title, "description": norm.description, "requirements": norm.requirements,
            "benefits": norm.benefits, "pay_min": norm.pay_min, "pay_max": norm.pay_max, "pay_unit": norm.pay_unit,
            "pay_negotiable": norm.pay_negotiable, "daily_hours": norm.daily_hours,
            "township_code": norm.township_code, "headcount": norm.headcount, "address": norm.address,
            "valid_until": norm.valid_until, "employer_name": norm.employer_name, "check_missing": True})
    except TypeError:  # an older preview signature
        return []


def _blocking(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f.get("severity") == "block"]


def _finding_issues(findings: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"field": str(f.get("field") or "description"), "column": _("检测"), "message": str(f.get("message", "")),
             "severity": "block", "category": str(f.get("category", ""))} for f in findings]


class Pipeline:
    """One pipeline instance per batch / API call / pull run (lookups and employer matches are cached)."""

    def __init__(self, *, source: Source, channel: str, actor: Any = None, batch: ImportBatch | None = None) -> None:
        self.source = source
        self.channel = channel
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.batch = batch
        self.lk = build_lookups()
        self._employers: dict[tuple[str, str], tuple[Any, str]] = {}

    # --- public ---------------------------------------------------------------------------------

    def ingest(self, item: Any, *, index: int = 0, row_number: int | None = None) -> ItemResult:
        if not isinstance(item, dict):
            return ItemResult(index=index, external_id="", outcome=Outcome.REJECTED, row_number=row_number,
                              issues=[Issue("external_id", _("每一项都应是一个岗位对象。")).as_dict()])
        payload = jsonable(item)
        digest = content_hash(payload)
        external_id = str(payload.get("external_id") or "").strip()[:128] or f"h:{digest[:32]}"
        idem = str(payload.get("idempotency_key") or "").strip()[:128]
        try:
            with transaction.atomic():
                return self._ingest(payload, digest, external_id, idem, index, row_number)
        except DatabaseError:
            log.exception("aggregation: database error on item %s of source %s", external_id, self.source.pk)
            return ItemResult(index=index, external_id=external_id, outcome=Outcome.REJECTED, row_number=row_number,
                              issues=[Issue("external_id", _("保存时出错，请稍后重新发送这一条。")).as_dict()])

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

    def _ingest(self, payload: dict[str, Any], digest: str, external_id: str, idem: str, index: int,
                row_number: int | None) -> ItemResult:
        result = ItemResult(index=index, external_id=external_id, outcome=Outcome.REJECTED, row_number=row_number)
        previous = self._previous(external_id, idem)
        link = SourceLink.objects.select_related("posting__job").filter(source=self.source,
                                                                         external_id=external_id).first()
        same = previous is not None and (previous.content_hash == digest or bool(idem and previous.idempotency_key == idem))
        if same and (link is None or link.state != LinkState.WITHDRAWN):
            result.outcome = Outcome.UNCHANGED
            result.issues = list(previous.issues) if previous is not None else []
            now = timezone.now()
            # a receipt, not a copy: the payload is the earlier record's (same content hash)
            RawRecord.objects.create(
                source=self.source, batch=self.batch, channel=self.channel, external_id=external_id,
                idempotency_key=idem, content_hash=previous.content_hash if previous else digest,
                row_number=row_number, payload={"same_as_record": previous.pk if previous else None},
                received_at=now, outcome=Outcome.UNCHANGED, issues=result.issues,
                posting=link.posting if link is not None else None)
            if link is not None:
                result.job_id, result.job_status = link.posting.job_id, link.posting.job.status
                SourceLink.objects.filter(pk=link.pk).update(last_seen_at=now)
            return result
        norm = normalize(payload, self.lk)
        findings: list[dict[str, Any]] = []
        posting: Posting | None = None
        if link is not None and link.state == LinkState.WITHDRAWN:
            norm.error("external_id", _("这个岗位编号已撤回，重新发布请使用新的岗位编号。"))
        if not norm.errors:
            findings = _screen(norm)
            blocks = _blocking(findings)
            if blocks:
                result.outcome = Outcome.BLOCKED
                result.screening = sorted({str(f.get("category", "")) for f in blocks})
                result.issues = _finding_issues(blocks)
        if not norm.errors and result.outcome != Outcome.BLOCKED:
            try:
                with transaction.atomic():
                    if link is not None:
                        posting = self._update(link, norm, result)
                    else:
                        posting = self._create_or_link(norm, external_id, result)
            except _Blocked as blocked:
                posting = None
                result.outcome = Outcome.BLOCKED
                result.screening = sorted({str(f.get("category", "")) for f in blocked.findings})
                result.issues = _finding_issues(blocked.findings)
            except AppError as exc:
                posting = None
                result.outcome = Outcome.REJECTED
                result.issues.append({"field": exc.field or "", "column": exc.field or "", "message": exc.message,
                                      "severity": ERROR})
        if norm.errors:
            result.outcome = Outcome.REJECTED
            result.issues = [i.as_dict() for i in norm.errors]
        elif result.outcome not in (Outcome.BLOCKED, Outcome.REJECTED):
            result.issues = [i.as_dict() for i in norm.reviews] + result.issues
        now = timezone.now()
        raw = RawRecord.objects.create(
            source=self.source, batch=self.batch, channel=self.channel, external_id=external_id, idempotency_key=idem,
            content_hash=digest, row_number=row_number, payload=payload, received_at=now, outcome=result.outcome,
            issues=result.issues, screening_categories=result.screening, posting=posting)
        if posting is not None:
            link = link or SourceLink(posting=posting, source=self.source, external_id=external_id,
                                      is_first=result.outcome in (Outcome.CREATED, Outcome.HELD), first_seen_at=now,
                                      state=LinkState.HELD if result.outcome == Outcome.HELD else LinkState.ACTIVE)
            link.last_seen_at, link.last_record, link.url = now, raw, norm.url or link.url
            link.save()
        return result

    def _previous(self, external_id: str, idem: str) -> RawRecord | None:
        if idem:
            hit = RawRecord.objects.filter(source=self.source, idempotency_key=idem).order_by("-id").first()
            if hit is not None:
                return hit
        return RawRecord.objects.filter(source=self.source, external_id=external_id).order_by("-id").first()

    def _employer(self, norm: Normalized) -> tuple[Any, str]:
        """(employer, review reason). Match by USCC, then exact name; else the source's own record, held."""
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
        if found is not None:
            answer: tuple[Any, str] = (found, "")
        elif self.source.organization_employer_id:
            answer = (self.source.organization_employer, _(
                "用工单位“%(e)s”尚未在平台登记实名，岗位暂挂在“%(o)s”名下，请核实用工单位及授权后发布。")
                % {"e": norm.employer_name or norm.employer_uscc, "o": self.source.organization})
        else:
            raise AppError("employer_unknown", _("用工单位“%(e)s”尚未在平台登记，请先让用工单位注册并实名认证。")
                           % {"e": norm.employer_name or norm.employer_uscc}, "employer_name")
        self._employers[key] = answer
        return answer

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
        from suzhaohuo.accounts.selectors import user_scope_prefix
        from suzhaohuo.regions.selectors import region_in_scope

        if self.actor is not None and not region_in_scope(norm.township_code, user_scope_prefix(self.actor)):
            raise AppError("out_of_scope", _("工作地点不在您的管辖范围内，请交由所在县区的数据源上传。"), "township")

    def _signature(self, norm: Normalized) -> tuple[Any, list[int], str]:
        sig = dedup.signature(dedup.text_key(norm.title, norm.description))
        return sig, dedup.band_keys(sig, norm.township_code), dedup.employer_key(norm.employer_name)

    def _find_duplicate(self, sig: Any, bands: list[int], emp_key: str, norm: Normalized) -> Posting | None:
        q = Q()
        for i, key in enumerate(bands):
            q |= Q(**{f"b{i}": key})
        rows = (Posting.objects.filter(q, township_code=norm.township_code, job__status__in=OPEN_JOB_STATES)
                .values_list("id", "signature", "employer_key", "pay_unit", "pay_min", "pay_max")[:50])
        candidates = [dedup.Candidate(pid, dedup.sig_from_bytes(s), ek, pu, pmin, pmax)
                      for pid, s, ek, pu, pmin, pmax in rows]
        best, _sim = dedup.best_match(sig, emp_key, norm.pay_unit, norm.pay_min, norm.pay_max, candidates)
        return Posting.objects.select_related("job", "first_source").get(pk=best) if best else None

    def _create_or_link(self, norm: Normalized, external_id: str, result: ItemResult) -> Posting:
        from suzhaohuo.jobs.services import job_create

        sig, bands, emp_key = self._signature(norm)
        dup = self._find_duplicate(sig, bands, emp_key, norm)
        if dup is not None:
            result.outcome = Outcome.DUPLICATE
            result.job_id, result.job_status = dup.job_id, dup.job.status
            result.duplicate_of_source = dup.first_source.name
            return dup
        self._check_scope(norm)
        employer, held_reason = self._employer(norm)
        reviews = [i.message for i in norm.reviews] + ([held_reason] if held_reason else [])
        if held_reason:
            result.issues.append(Issue("employer_name", held_reason, "review").as_dict())
        note = (_("用工单位：%(e)s（由%(s)s归集，待核实）") % {"e": norm.employer_name, "s": self.source.name}
                if held_reason else _("由%(s)s归集") % {"s": self.source.name})
        original = norm.original_source or (f"{self.source.name} {norm.url}".strip())
        job = job_create(actor=self.actor, employer=employer, data=self._job_input(norm),
                         origin=JOB_ORIGIN_FOR_KIND.get(self.source.kind, "employer"), source_name=self.source.name,
                         original_source=original, authorization_note=note, submit=not reviews)
        if job.screening_status == "block":
            raise _Blocked(_blocking(job.screening_findings))
        posting = Posting.objects.create(
            job=job, first_source=self.source, first_seen_at=timezone.now(), employer_name=norm.employer_name,
            employer_key=emp_key, review_reasons=reviews, township_code=norm.township_code, pay_unit=norm.pay_unit,
            pay_min=norm.pay_min, pay_max=norm.pay_max, signature=dedup.sig_bytes(sig),
            **{f"b{i}": key for i, key in enumerate(bands)})
        result.outcome = Outcome.HELD if reviews else Outcome.CREATED
        result.job_id, result.job_status = job.pk, job.status
        return posting

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
        if job.screening_status == "block":
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

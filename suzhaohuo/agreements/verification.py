"""Is this agreement authentic and unchanged? Checks for /verify and for the chain command.

Nothing here writes. A PDF is authentic when its SHA-256 equals the one recorded when the agreement
was sealed AND the platform's records for that agreement still check out (document hash, Ed25519
signature over the seal, signature events, and its hash-chain entry).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suzhaohuo.agreements import signing
from suzhaohuo.agreements.choices import AgreementStatus, VerifyOutcome
from suzhaohuo.agreements.errors import AgreementErrorCode
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.masking import mask_name

MAX_PDF_BYTES = 5 * 1024 * 1024
VERIFY_RATE = (60, 3600)  # public look-ups and uploads per IP per hour, pages and API together
NUMBER_RE = re.compile(r"SZH-\d{4}-\d{6,}")


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class VerifyResult:
    outcome: str
    message: str
    number: str = ""
    agreement: Agreement | None = None
    checks: list[Check] = field(default_factory=list)
    pdf_sha256: str = ""
    # For registered document kinds other than agreements: the public facts, shown as they are.
    summary: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == VerifyOutcome.AUTHENTIC

    @property
    def outcome_label(self) -> str:
        return str(VerifyOutcome(self.outcome).label)

    def public_summary(self) -> dict[str, Any]:
        """What anyone may see about the agreement: no ID number, no mobile, the worker's name masked."""
        a = self.agreement
        if a is None:
            return dict(self.summary or {})
        doc = json.loads(a.document)
        fields = doc.get("fields", {})
        return {
            "number": a.number,
            "kind": a.get_kind_display(),
            "status": a.get_status_display(),
            "employer_name": fields.get("employer_name", ""),
            "worker_name": mask_name(fields.get("worker_name", "")),
            "job_title": fields.get("job_title", ""),
            "issued_at": doc.get("issued_at", ""),
            "sealed_at": a.sealed_at,
            "terms_version": doc.get("terms", {}).get("version", ""),
            "document_sha256": a.document_sha256,
            "pdf_sha256": a.pdf_sha256,
            "key_id": a.key_id,
        }

    def as_dict(self) -> dict[str, Any]:
        summary = self.public_summary()
        if summary.get("sealed_at"):
            summary["sealed_at"] = summary["sealed_at"].isoformat()
        return {"outcome": self.outcome, "authentic": self.ok, "message": self.message, "number": self.number,
                "pdf_sha256": self.pdf_sha256, "agreement": summary or None,
                "checks": [{"label": c.label, "ok": c.ok, "detail": c.detail} for c in self.checks]}


def _entry_ok(entry: ChainEntry) -> bool:
    return signing.chain_hash(entry.prev_hash, entry.payload) == entry.entry_hash


def _prev_link_ok(entry: ChainEntry) -> bool:
    if entry.seq == 1:
        return entry.prev_hash == signing.GENESIS_HASH
    prev = ChainEntry.objects.filter(seq=entry.seq - 1).first()
    return prev is not None and prev.entry_hash == entry.prev_hash and _entry_ok(prev)


def stored_pdf_bytes(agreement: Agreement) -> bytes:
    """The PDF as stored now, read again from the database (never a cached copy)."""
    raw = Agreement.objects.filter(pk=agreement.pk).values_list("pdf", flat=True).first()
    return bytes(raw) if raw else b""


def pdf_seal_ok(agreement: Agreement, stored: bytes) -> bool:
    """The stored PDF bytes hash to the recorded SHA-256, and that hash is covered by the platform's second
    signature (signing.pdf_seal_payload) under the seal's key."""
    if not stored or not agreement.pdf_signature or signing.sha256_hex(stored) != agreement.pdf_sha256:
        return False
    return signing.verify(signing.pdf_seal_payload(
        number=agreement.number, seal_payload=agreement.seal_payload, platform_signature=agreement.platform_signature,
        pdf_sha256=agreement.pdf_sha256, key_id=agreement.key_id), agreement.pdf_signature, agreement.key_id)


def _chain_data_ok(agreement: Agreement, data: dict[str, Any]) -> bool:
    return (data.get("document_sha256") == agreement.document_sha256
            and data.get("platform_signature") == agreement.platform_signature
            and data.get("seal_sha256") == signing.sha256_hex(agreement.seal_payload)
            and data.get("pdf_sha256") == agreement.pdf_sha256
            and data.get("pdf_signature") == agreement.pdf_signature)


PDF_CHECK_LABEL = gettext_lazy("平台存档的PDF原件与签章、存证链记录的指纹一致")


def agreement_checks(agreement: Agreement) -> list[Check]:
    """Re-check everything the platform stored for a sealed agreement, re-reading the stored PDF bytes."""
    checks: list[Check] = []
    doc_ok = signing.sha256_hex(agreement.document) == agreement.document_sha256
    checks.append(Check(_("协议文本与签署时的哈希值一致"), doc_ok))

    events = list(SignatureEvent.objects.filter(agreement=agreement).order_by("signed_at", "id"))
    roles = {e.role for e in events}
    events_ok = roles == {"worker", "employer"} and all(e.document_sha256 == agreement.document_sha256
                                                         for e in events)
    try:
        seal = json.loads(agreement.seal_payload or "{}")
    except ValueError:
        seal = {}
    if events_ok:
        events_ok = seal.get("signatures") == [signing.signature_record(e) for e in events]
    checks.append(Check(_("甲乙双方均已用短信验证码签署，签署记录完整"), events_ok))

    sig_ok = (bool(agreement.platform_signature) and seal.get("document_sha256") == agreement.document_sha256
              and seal.get("agreement_number") == agreement.number and seal.get("key_id") == agreement.key_id
              and signing.verify(agreement.seal_payload, agreement.platform_signature, agreement.key_id))
    checks.append(Check(_("平台电子签章（Ed25519）验证通过"), sig_ok, agreement.key_id))

    checks.append(Check(str(PDF_CHECK_LABEL), pdf_seal_ok(agreement, stored_pdf_bytes(agreement))))

    entry = ChainEntry.objects.filter(agreement=agreement).order_by("seq").first()
    chain_ok = False
    detail = ""
    if entry is not None:
        data = json.loads(entry.payload)
        chain_ok = _entry_ok(entry) and _prev_link_ok(entry) and _chain_data_ok(agreement, data)
        detail = _("第%(s)d条") % {"s": entry.seq}
    checks.append(Check(_("存证链记录完整，前后相连"), chain_ok, detail))
    return checks


def _result_for(agreement: Agreement, *, via_pdf: bool, pdf_sha256: str = "") -> VerifyResult:
    if agreement.status != AgreementStatus.SEALED:
        return VerifyResult(VerifyOutcome.PENDING,
                            _("协议%(n)s已生成，但双方尚未全部签署，还没有生效。") % {"n": agreement.number},
                            agreement.number, agreement, pdf_sha256=pdf_sha256)
    checks = agreement_checks(agreement)
    if all(c.ok for c in checks):
        if via_pdf:
            msg = _("这份PDF是速找活出具的协议%(n)s原件，内容与签署时完全一致，没有被修改。") % {"n": agreement.number}
        else:
            msg = _("协议%(n)s真实有效：双方已签署，平台记录完整、未被改动。若要核验手中的PDF文件，请在下方上传。") % {
                "n": agreement.number}
        return VerifyResult(VerifyOutcome.AUTHENTIC, msg, agreement.number, agreement, checks, pdf_sha256)
    # Text, signatures and seal intact but the archived PDF is not the sealed one: the file was swapped.
    pdf_check = next(i for i, c in enumerate(checks) if c.label == str(PDF_CHECK_LABEL))
    if all(c.ok for c in checks[:pdf_check]) and not checks[pdf_check].ok:
        return VerifyResult(VerifyOutcome.TAMPERED,
                            _("文件已被篡改：平台存档的协议%(n)s的PDF文件与签章时记录的指纹不一致。请勿依据这份文件，"
                              "并联系零工服务站或拨打12333。") % {"n": agreement.number},
                            agreement.number, agreement, checks, pdf_sha256)
    return VerifyResult(VerifyOutcome.BROKEN,
                        _("协议%(n)s的平台记录校验未通过，可能被改动过。请勿依据此协议，并联系零工服务站或拨打12333。") % {
                            "n": agreement.number}, agreement.number, agreement, checks, pdf_sha256)


def normalize_number(number: str) -> str:
    return (number or "").strip().upper().replace("－", "-").replace(" ", "")


def _not_found(no: str) -> VerifyResult:
    """The one answer for a number that does not exist AND for a wrong check code (no existence oracle)."""
    return VerifyResult(VerifyOutcome.UNKNOWN,
                        _("没有找到编号为%(n)s且核验码相符的协议。请核对协议编号和核验码（都印在协议每页页脚），"
                          "或上传协议PDF文件核验。") % {"n": no}, no)


def verify_number(number: str, code: str = "") -> VerifyResult:
    """Public lookup. An agreement number needs its check code: a missing code is asked for; a wrong one gets
    exactly the answer of a number that does not exist. Other registered document kinds look up by number."""
    no = normalize_number(number)
    if not no:
        raise AppError(AgreementErrorCode.NUMBER_REQUIRED, _("请输入协议编号，例如 SZH-2026-000123。"), "no")
    for kind in _KINDS.values():
        if kind.number_re.fullmatch(no):
            return kind.by_number(no)
    if not signing.normalize_check_code(code):
        raise AppError(AgreementErrorCode.CHECK_CODE_REQUIRED,
                       _("请同时输入协议上印的6位核验码（在协议每页页脚和“核验”一节，例如 7KX2QM）。"), "code")
    if not signing.check_code_matches(no, code):
        return _not_found(no)
    agreement = Agreement.objects.select_related("terms").defer("pdf").filter(number=no).first()
    if agreement is None:
        return _not_found(no)
    return _result_for(agreement, via_pdf=False)


def _number_from_pdf(data: bytes) -> tuple[str, bool]:
    """(agreement number found in the file or "", whether pypdf could read the file)."""
    from pypdf import PdfReader

    candidates: list[str] = []
    parsed = False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        meta: Any = reader.metadata or {}
        for key in ("/Subject", "/Title", "/Keywords"):
            candidates.extend(NUMBER_RE.findall(str(meta.get(key, "") or "")))
        if not candidates and len(reader.pages):
            candidates.extend(NUMBER_RE.findall(reader.pages[0].extract_text() or ""))
        parsed = True
    except Exception:  # noqa: BLE001 - any parse failure just means "not readable as PDF"
        parsed = False
    if not candidates:
        candidates.extend(m.decode() for m in re.findall(rb"SZH-\d{4}-\d{6,}", data))
    return (candidates[0] if candidates else ""), parsed


CODE_RE = re.compile(rb"check-code:([0-9A-Z]{6})")


def _code_from_pdf(data: bytes) -> str:
    """The check code the platform writes into the PDF's metadata (Keywords), or ""."""
    m = CODE_RE.search(data)
    return m.group(1).decode() if m else ""


def verify_pdf(data: bytes) -> VerifyResult:
    if not data:
        raise AppError(AgreementErrorCode.FILE_REQUIRED, _("请选择要核验的协议PDF文件。"), "file")
    if len(data) > MAX_PDF_BYTES:
        raise AppError(AgreementErrorCode.FILE_TOO_LARGE,
                       _("文件太大了（超过5MB）。请上传从速找活下载的协议PDF文件。"), "file")
    if b"%PDF-" not in data[:1024]:
        raise AppError(AgreementErrorCode.NOT_PDF,
                       _("这个文件不是PDF文件。请上传从速找活下载的协议PDF文件（文件名以 .pdf 结尾），不要上传照片或截图。"),
                       "file")
    digest = signing.sha256_hex(data)
    agreement = Agreement.objects.select_related("terms").defer("pdf").filter(pdf_sha256=digest).first()
    if agreement is not None:
        return _result_for(agreement, via_pdf=True, pdf_sha256=digest)
    for kind in _KINDS.values():
        found = kind.by_pdf_sha256(digest)
        if found is not None:
            return found
    number, parsed = _number_from_pdf(data)
    if not number:
        other = _other_kind_changed(data, digest)
        if other is not None:
            return other
        if not parsed:
            raise AppError(AgreementErrorCode.NOT_PDF,
                           _("无法读取这个PDF文件，它可能已损坏。请重新下载协议PDF后再上传。"), "file")
        return VerifyResult(VerifyOutcome.UNKNOWN,
                            _("这个PDF不是速找活出具的协议文件：文件中没有找到协议编号，也与平台保存的任何协议原件不一致。"),
                            pdf_sha256=digest)
    # The number printed in a file says nothing about the platform's records unless the file also carries the
    # number's check code: a file made up around a guessed number gets the answer of a number that does not exist.
    agreement = None
    if signing.check_code_matches(number, _code_from_pdf(data)):
        agreement = Agreement.objects.select_related("terms").defer("pdf").filter(number=number).first()
    if agreement is None:
        return VerifyResult(VerifyOutcome.UNKNOWN,
                            _("文件中写着协议编号%(n)s，但平台上没有这份协议。这个文件不是速找活出具的，请谨慎对待。") % {
                                "n": number}, number, pdf_sha256=digest)
    if agreement.status != AgreementStatus.SEALED:
        return _result_for(agreement, via_pdf=True, pdf_sha256=digest)
    return VerifyResult(
        VerifyOutcome.CHANGED,
        _("这份PDF与平台保存的协议%(n)s原件不一致：文件在签署后被修改过（哪怕只改了一个字节，核验也不会通过）。"
          "请不要依据这份文件；协议的当事人可以登录速找活重新下载原件，也可以输入协议编号查看平台记录。") % {"n": number},
        number, agreement, pdf_sha256=digest)


@dataclass
class ChainReport:
    entries: int
    ok: bool
    first_broken_seq: int | None = None
    reason: str = ""
    head_hash: str = ""


def verify_chain() -> ChainReport:
    """Recompute the whole chain in order; report the first broken link."""
    prev_hash = signing.GENESIS_HASH
    expected_seq = 1
    count = 0
    qs = ChainEntry.objects.order_by("seq").select_related("agreement").defer("agreement__pdf")
    for entry in qs.iterator(chunk_size=500):
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(count, False, expected_seq, f"missing entry: expected seq {expected_seq}, found {entry.seq}")
        if entry.prev_hash != prev_hash:
            return ChainReport(count, False, entry.seq, "prev_hash does not match the previous entry's hash")
        if signing.chain_hash(entry.prev_hash, entry.payload) != entry.entry_hash:
            return ChainReport(count, False, entry.seq, "entry_hash does not match sha256(prev_hash + payload)")
        try:
            data = json.loads(entry.payload)
        except ValueError:
            return ChainReport(count, False, entry.seq, "payload is not valid JSON")
        a = entry.agreement
        if a is None:
            kind = _KINDS.get(entry.document_kind)
            if data.get("seq") != entry.seq or kind is None or not kind.chain_ok(entry, data):
                return ChainReport(count, False, entry.seq,
                                   f"{entry.document_kind or 'document'} {entry.document_number} no longer matches "
                                   "its chain entry")
            prev_hash = entry.entry_hash
            expected_seq += 1
            continue
        if data.get("seq") != entry.seq or not _chain_data_ok(a, data) \
                or signing.sha256_hex(a.document) != a.document_sha256 \
                or not signing.verify(a.seal_payload, a.platform_signature, a.key_id):
            return ChainReport(count, False, entry.seq, f"agreement {a.number} no longer matches its chain entry")
        if not pdf_seal_ok(a, stored_pdf_bytes(a)):
            return ChainReport(count, False, entry.seq,
                               f"agreement {a.number}: the stored PDF does not match its sealed SHA-256")
        prev_hash = entry.entry_hash
        expected_seq += 1
    return ChainReport(count, True, head_hash=prev_hash if count else "")


# --- other sealed documents: a small registry so /verify and the chain check cover them too ---------------

@dataclass(frozen=True)
class DocumentKind:
    """A kind of document sealed with ``services.document_seal``, registered by the app that owns it."""

    code: str  # stored as ChainEntry.document_kind
    label: str  # e.g. 培训合格证书
    number_re: re.Pattern[str]  # its numbers, e.g. SZHT-2026-000001 (must not overlap NUMBER_RE)
    by_number: Callable[[str], VerifyResult]  # the platform records for a number (UNKNOWN when none)
    by_pdf_sha256: Callable[[str], VerifyResult | None]  # the original PDF with this hash, or None
    chain_ok: Callable[[ChainEntry, dict[str, Any]], bool]  # the document still matches its chain entry


_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> None:
    _KINDS[kind.code] = kind


def sealed_document_checks(*, document_kind: str, number: str, document: str, document_sha256: str,
                           seal_payload: str, platform_signature: str, key_id: str) -> list[Check]:
    """The same three checks as an agreement's, for a document sealed with ``services.document_seal``."""
    checks = [Check(_("文书内容与签发时的哈希值一致"), signing.sha256_hex(document) == document_sha256)]
    try:
        seal = json.loads(seal_payload or "{}")
    except ValueError:
        seal = {}
    sig_ok = (bool(platform_signature) and seal.get("document_sha256") == document_sha256
              and seal.get("document_number") == number and seal.get("document_kind") == document_kind
              and signing.verify(seal_payload, platform_signature))
    checks.append(Check(_("平台电子签章（Ed25519）验证通过"), sig_ok, key_id))
    entry = ChainEntry.objects.filter(document_kind=document_kind, document_number=number).order_by("seq").first()
    chain_ok, detail = False, ""
    if entry is not None:
        data = json.loads(entry.payload)
        chain_ok = (_entry_ok(entry) and _prev_link_ok(entry) and data.get("document_sha256") == document_sha256
                    and data.get("platform_signature") == platform_signature
                    and data.get("seal_sha256") == signing.sha256_hex(seal_payload))
        detail = _("第%(s)d条") % {"s": entry.seq}
    checks.append(Check(_("存证链记录完整，前后相连"), chain_ok, detail))
    return checks


def _other_kind_changed(data: bytes, digest: str) -> VerifyResult | None:
    """A PDF naming a registered document's number whose bytes match no original: changed (or unknown)."""
    text = data.decode("latin-1")
    for kind in _KINDS.values():
        m = kind.number_re.search(text)
        if m is None:
            continue
        result = kind.by_number(m.group(0))
        if result.outcome == VerifyOutcome.UNKNOWN:
            result.pdf_sha256 = digest
            return result
        return VerifyResult(
            VerifyOutcome.CHANGED,
            _("这份PDF与平台保存的%(k)s%(n)s原件不一致：文件在签发后被修改过。请不要依据这份文件，"
              "可以输入编号查看平台记录。") % {"k": kind.label, "n": m.group(0)},
            m.group(0), None, pdf_sha256=digest, summary=result.summary)
    return None

"""Agreement writes: publish the standard terms, create an agreement for an accepted engagement,
send the signing code, sign, and seal (platform signature + hash-chain entry + PDF).

Stable interface used by gigs:
    agreement_create_for_engagement(*, engagement, actor) -> Agreement   (idempotent per engagement)
    agreement_sign(*, agreement, user, code, ip=None, user_agent="") -> Agreement
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import OtpPurpose
from suzhaohuo.accounts.models import User
from suzhaohuo.agreements import signing
from suzhaohuo.agreements.choices import AgreementStatus, ChainEntryKind, SignatureMethod, SignerRole
from suzhaohuo.agreements.document import CURRENT_TERMS_VERSION, TERMS_TITLE, build_document, terms_text
from suzhaohuo.agreements.errors import AgreementErrorCode
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent, StandardTerms
from suzhaohuo.agreements.selectors import party_role
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.masking import mask_mobile
from suzhaohuo.core.services import audit_record
from suzhaohuo.core.site import site_url
from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.states import EngagementStatus

logger = logging.getLogger(__name__)

# Engagement states in which an agreement may no longer be created or signed.
CLOSED_ENGAGEMENT_STATES = frozenset({EngagementStatus.DECLINED, EngagementStatus.CANCELLED,
                                      EngagementStatus.WITHDRAWN, EngagementStatus.NO_SHOW})


def terms_current(*, version: str = CURRENT_TERMS_VERSION, title: str = TERMS_TITLE,
                  body: str | None = None) -> StandardTerms:
    """The StandardTerms row for ``version``, created from agreements/terms/<version>.md (or ``body``, for
    another document kind's template, e.g. the 调解协议书 of the disputes app).

    A published version never changes: if the file no longer matches the stored hash, refuse and ask
    for a new version instead (signed agreements keep pointing at the text they were signed under).
    """
    body = terms_text(version) if body is None else body
    digest = signing.sha256_hex(body)
    terms, _created = StandardTerms.objects.get_or_create(
        version=version, defaults={"title": title, "body": body, "sha256": digest})
    if terms.sha256 != digest or signing.sha256_hex(terms.body) != digest:
        raise AppError(AgreementErrorCode.TERMS_CHANGED,
                       _("通用条款%(v)s已发布，内容不能再修改；请以新版本号发布修订后的条款。") % {"v": version})
    return terms


def _worker_identity(worker: Any) -> tuple[str, str]:
    from suzhaohuo.identity.selectors import person_identity_of

    identity = person_identity_of(worker)
    if identity is None or not identity.real_name:
        raise AppError(AgreementErrorCode.WORKER_NOT_VERIFIED,
                       _("这位零工还没有完成实名认证，请先请他到零工服务站或在平台上完成实名认证。"))
    return identity.real_name, identity.id_number or ""


def _agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


@transaction.atomic
def agreement_create_for_engagement(*, engagement: Any, actor: User) -> Agreement:
    """Fill the standard terms for an accepted engagement and ask both parties to sign. Idempotent."""
    existing = Agreement.objects.filter(engagement=engagement).first()
    if existing is not None:
        return existing
    if engagement.status in CLOSED_ENGAGEMENT_STATES:
        raise AppError(AgreementErrorCode.ENGAGEMENT_NOT_ACCEPTED, _("这次用工已结束或已取消，不能再生成协议。"))
    terms = terms_current()
    worker_name, worker_id_number = _worker_identity(engagement.worker)
    now = timezone.now().replace(microsecond=0)
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                number=f"TMP-{engagement.pk}", engagement=engagement, terms=terms, worker=engagement.worker,
                employer=engagement.employer, region_code=engagement.job.township_id, document="{}",
                document_sha256="")
    except IntegrityError:
        return Agreement.objects.get(engagement=engagement)
    agreement.number = f"SZH-{now.astimezone(timezone.get_current_timezone()).year}-{agreement.pk:06d}"
    doc = build_document(number=agreement.number, issued_at=now.isoformat(), engagement=engagement, terms=terms,
                         worker_name=worker_name, worker_id_number=worker_id_number)
    agreement.document = signing.canonical_json(doc)
    agreement.document_sha256 = signing.sha256_hex(agreement.document)
    agreement.save(update_fields=["number", "document", "document_sha256"])
    audit_record(actor=actor, action="agreements.create", target=agreement, region_code=agreement.region_code,
                 data={"number": agreement.number, "document_sha256": agreement.document_sha256,
                       "terms": terms.version})
    _notify_parties(agreement, event="agreement_to_sign", title=_("请签署零工服务协议"),
                    body=_("“%(t)s”的协议%(n)s已生成，请查看并用短信验证码签署。") % {"t": engagement.job.title,
                                                                       "n": agreement.number})
    return agreement


@transaction.atomic
def agreement_create_document(*, kind: str, worker: Any, employer: Any, region_code: str, terms: StandardTerms,
                              build: Callable[[str, str], dict[str, Any]], actor: User, title: str,
                              body: str) -> Agreement:
    """A document of another kind (e.g. a 调解协议书) signed, sealed, chained and verified exactly like an
    e-agreement. ``build(number, issued_at)`` returns the canonical document (it must hold ``text``)."""
    now = timezone.now().replace(microsecond=0)
    agreement = Agreement.objects.create(number=f"TMP-{uuid.uuid4().hex[:16]}",
                                         kind=kind, engagement=None, terms=terms, worker=worker, employer=employer,
                                         region_code=region_code, document="{}", document_sha256="")
    agreement.number = f"SZH-{now.astimezone(timezone.get_current_timezone()).year}-{agreement.pk:06d}"
    doc = build(agreement.number, now.isoformat())
    agreement.document = signing.canonical_json(doc)
    agreement.document_sha256 = signing.sha256_hex(agreement.document)
    agreement.save(update_fields=["number", "document", "document_sha256"])
    audit_record(actor=actor, action="agreements.create", target=agreement, region_code=region_code,
                 data={"number": agreement.number, "kind": kind, "document_sha256": agreement.document_sha256,
                       "terms": terms.version})
    _notify_parties(agreement, event="agreement_to_sign", title=title, body=body)
    return agreement


def _notify_parties(agreement: Agreement, *, event: str, title: str, body: str) -> None:
    from suzhaohuo.notifications.services import notify

    url = _agreement_url(agreement)
    for user in (agreement.worker, agreement.employer.owner):
        notify(user=user, event=event, title=title, body=body, url=url)


def _check_can_sign(agreement: Agreement, user: Any) -> str:
    role = party_role(agreement, user)
    if role is None:
        raise AppError(AgreementErrorCode.NOT_A_PARTY, _("您不是这份协议的签署方，不能签署。请打开您自己的协议。"),
                       status=403)
    if agreement.status == AgreementStatus.SEALED:
        raise AppError(AgreementErrorCode.ALREADY_SEALED, _("双方都已签署，协议已生效，无需再次签署。"))
    if SignatureEvent.objects.filter(agreement=agreement, role=role).exists():
        raise AppError(AgreementErrorCode.ALREADY_SIGNED, _("您已签署过这份协议，请等待对方签署。"))
    if agreement.engagement is not None and agreement.engagement.status in CLOSED_ENGAGEMENT_STATES:
        raise AppError(AgreementErrorCode.NOT_SIGNABLE, _("这次用工已结束或已取消，协议不能再签署。"))
    if not getattr(user, "mobile", ""):
        raise AppError(AgreementErrorCode.NO_MOBILE, _("您的账号没有绑定手机号，请先到零工服务站绑定手机号后再签署。"))
    return role


def agreement_request_code(*, agreement: Agreement, user: Any, ip: str | None = None) -> str:
    """Send the one-time signing code to the signer's own mobile; return the masked mobile."""
    from suzhaohuo.accounts.services import otp_request

    _check_can_sign(agreement, user)
    otp_request(mobile=user.mobile, purpose=OtpPurpose.SIGN_AGREEMENT, ip=ip)
    return mask_mobile(user.mobile)


def agreement_sign(*, agreement: Agreement, user: Any, code: str, ip: str | None = None,
                   user_agent: str = "") -> Agreement:
    """Sign with an SMS one-time code. When both parties have signed, seal the agreement."""
    from suzhaohuo.accounts.services import otp_verify

    _check_can_sign(agreement, user)
    if not (code or "").strip():
        raise AppError(AgreementErrorCode.CODE_REQUIRED, _("请输入短信中的6位验证码。"), "code")
    otp_verify(mobile=user.mobile, code=code, purpose=OtpPurpose.SIGN_AGREEMENT)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update(of=("self",)).select_related("engagement", "employer").get(
            pk=agreement.pk)
        role = _check_can_sign(agreement, user)
        if signing.sha256_hex(agreement.document) != agreement.document_sha256:
            raise AppError(AgreementErrorCode.NOT_SIGNABLE,
                           _("协议文本校验未通过，暂时不能签署。请联系零工服务站处理。"))
        signer_name = (agreement.employer.name if role == SignerRole.EMPLOYER
                       else _worker_identity(agreement.worker)[0])
        event = SignatureEvent.objects.create(
            agreement=agreement, role=role, user=user, signer_name=signer_name, signed_at=timezone.now(),
            method=SignatureMethod.SMS_OTP, mobile_masked=mask_mobile(user.mobile), ip=ip or None,
            user_agent=(user_agent or "")[:300], document_sha256=agreement.document_sha256)
        audit_record(actor=user, action="agreements.sign", target=agreement, region_code=agreement.region_code,
                     ip=ip or None, data={"role": role, "signature_event": event.pk,
                                          "document_sha256": agreement.document_sha256})
        signed_roles = set(SignatureEvent.objects.filter(agreement=agreement).values_list("role", flat=True))
        if signed_roles >= {SignerRole.WORKER, SignerRole.EMPLOYER}:
            _seal(agreement)
            if agreement.engagement_id is not None:
                # gigs moves the engagement to 'signed' (gigs.handlers), after commit
                events.emit(EventName.AGREEMENT_SIGNED, agreement_id=agreement.pk,
                            engagement_id=agreement.engagement_id)
            events.emit(EventName.AGREEMENT_SEALED, agreement_id=agreement.pk, kind=agreement.kind,
                        engagement_id=agreement.engagement_id)
    return agreement


def seal_payload_for(agreement: Agreement, sealed_at: str) -> dict[str, Any]:
    events = list(SignatureEvent.objects.filter(agreement=agreement).order_by("signed_at", "id"))
    return {
        "schema": "szh-seal/1",
        "agreement_number": agreement.number,
        "document_sha256": agreement.document_sha256,
        "terms_version": agreement.terms.version,
        "terms_sha256": agreement.terms.sha256,
        "signatures": [signing.signature_record(e) for e in events],
        "sealed_at": sealed_at,
        "key_id": signing.key_id(),
        "sealed_by": "速找活",
    }


def verify_path_for(number: str) -> str:
    """The verification page's path with the number and its check code (links inside the site)."""
    return f"{reverse('verify:verify')}?{urlencode({'no': number, 'code': signing.check_code(number)})}"


def verify_url_for(number: str) -> str:
    """The public verification link printed (and QR-coded) on a document: the number and its check code."""
    return f"{site_url()}{verify_path_for(number)}"


def _seal(agreement: Agreement) -> None:
    """Seal in two signatures, both under the current key and both in the agreement's chain entry:
    the first over the document and the signature events (printed in the PDF), the second over the SHA-256
    of the PDF that prints the first (signing.pdf_seal_payload). The PDF names its chain position (seq and
    previous hash), so the entry can commit to the PDF's hash."""
    from suzhaohuo.agreements.pdf import render_agreement_pdf

    now = timezone.now()
    payload = signing.canonical_json(seal_payload_for(agreement, now.isoformat()))
    agreement.status = AgreementStatus.SEALED
    agreement.sealed_at = now
    agreement.seal_payload = payload
    agreement.platform_signature = signing.sign(payload)
    agreement.key_id = signing.key_id()
    agreement.verify_url = verify_url_for(agreement.number)
    signatures = list(SignatureEvent.objects.filter(agreement=agreement).order_by("signed_at", "id"))

    def build(seq: int, prev_hash: str) -> dict[str, Any]:
        pdf_bytes = render_agreement_pdf(agreement=agreement, signatures=signatures,
                                         chain_entry=ChainPosition(seq=seq, prev_hash=prev_hash))
        agreement.pdf = pdf_bytes
        agreement.pdf_sha256 = signing.sha256_hex(pdf_bytes)
        agreement.pdf_signature = signing.sign(signing.pdf_seal_payload(
            number=agreement.number, seal_payload=payload, platform_signature=agreement.platform_signature,
            pdf_sha256=agreement.pdf_sha256, key_id=agreement.key_id))
        return {
            "agreement_number": agreement.number,
            "document_sha256": agreement.document_sha256,
            "seal_sha256": signing.sha256_hex(payload),
            "platform_signature": agreement.platform_signature,
            "pdf_sha256": agreement.pdf_sha256,
            "pdf_signature": agreement.pdf_signature,
            "key_id": agreement.key_id,
            "sealed_at": now.isoformat(),
        }

    entry = chain_append(agreement=agreement, kind=ChainEntryKind.AGREEMENT_SEALED, build=build)
    agreement.save(update_fields=["status", "sealed_at", "seal_payload", "platform_signature", "key_id",
                                  "verify_url", "pdf", "pdf_sha256", "pdf_signature"])
    audit_record(actor=None, action="agreements.seal", target=agreement, region_code=agreement.region_code,
                 data={"chain_seq": entry.seq, "entry_hash": entry.entry_hash, "pdf_sha256": agreement.pdf_sha256})
    _notify_parties(agreement, event="agreement_sealed", title=_("零工服务协议已生效"),
                    body=_("协议%(n)s双方已签署，可随时下载PDF。") % {"n": agreement.number})


@dataclass(frozen=True)
class ChainPosition:
    """Where an entry is about to be appended (what a PDF rendered before the append can print)."""

    seq: int
    prev_hash: str


def chain_append(*, agreement: Agreement | None, kind: str, data: dict[str, Any] | None = None,
                 build: Callable[[int, str], dict[str, Any]] | None = None, document_kind: str = "",
                 document_number: str = "") -> ChainEntry:
    """Append one entry to the hash chain. Concurrent appends collide on the unique seq/prev_hash and retry.
    ``agreement`` is None for other sealed documents, which pass their ``document_kind`` and ``document_number``.
    ``build(seq, prev_hash)``, when given, makes the entry's data for that position (called again on a retry)."""
    for _attempt in range(5):
        last = ChainEntry.objects.order_by("-seq").first()
        seq = (last.seq + 1) if last else 1
        prev_hash = last.entry_hash if last else signing.GENESIS_HASH
        fields = build(seq, prev_hash) if build is not None else (data or {})
        payload = signing.canonical_json({"seq": seq, "kind": kind, **fields})
        try:
            with transaction.atomic():
                return ChainEntry.objects.create(seq=seq, kind=kind, agreement=agreement, payload=payload,
                                                 document_kind=document_kind, document_number=document_number,
                                                 prev_hash=prev_hash, entry_hash=signing.chain_hash(prev_hash, payload))
        except IntegrityError:
            continue
    raise AppError(AgreementErrorCode.CHAIN_APPEND_ONLY, _("存证系统繁忙，请稍后再签署一次。"), status=503)


# --- other sealed documents (training certificates, mediation agreements, ...) ---------------------------

@dataclass(frozen=True)
class DocumentSeal:
    """What sealing a non-agreement document produced; the owning app stores these fields on its record."""

    sealed_at: Any
    seal_payload: str
    platform_signature: str
    key_id: str
    verify_url: str
    chain_entry: ChainEntry


def document_seal(*, document_kind: str, number: str, document_sha256: str, extra: dict[str, Any] | None = None
                  ) -> DocumentSeal:
    """Seal another kind of document exactly like an agreement: an Ed25519 signature over a seal payload that
    commits to the document hash, and one hash-chain entry. Call inside the owner's transaction. The kind must
    be registered with ``verification.register_kind`` so /verify can check it."""
    now = timezone.now()
    payload = signing.canonical_json({
        "schema": "szh-seal/1", "document_kind": document_kind, "document_number": number,
        "document_sha256": document_sha256, "sealed_at": now.isoformat(), "key_id": signing.key_id(),
        "sealed_by": "速找活", **(extra or {})})
    signature = signing.sign(payload)
    entry = chain_append(agreement=None, kind=ChainEntryKind.DOCUMENT_SEALED, document_kind=document_kind,
                         document_number=number, data={
                             "document_kind": document_kind, "document_number": number,
                             "document_sha256": document_sha256, "seal_sha256": signing.sha256_hex(payload),
                             "platform_signature": signature, "sealed_at": now.isoformat()})
    verify_url = f"{site_url()}{reverse('verify:verify')}?no={number}"
    return DocumentSeal(now, payload, signature, signing.key_id(), verify_url, entry)


def chain_checkpoint_write(*, force: bool = False) -> dict[str, Any] | None:
    """Append a signed, time-stamped chain-head checkpoint to the append-only file (see checkpoints.py)."""
    from suzhaohuo.agreements import checkpoints

    record = checkpoints.write(force=force)
    if record is not None:
        logger.info("agreement chain checkpoint: %s entries, head %s", record["chain_length"],
                    record["head_hash"][:16])
    return record

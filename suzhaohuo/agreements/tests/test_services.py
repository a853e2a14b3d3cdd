"""Creating, signing and sealing agreements, and the refusals along the way."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import read_last_sms_code
from suzhaohuo.agreements import signing
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent, StandardTerms
from suzhaohuo.agreements.selectors import agreement_for_engagement, agreements_for_user
from suzhaohuo.agreements.services import (
    agreement_create_for_engagement,
    agreement_request_code,
    agreement_sign,
    terms_current,
)
from suzhaohuo.agreements.tests.conftest import sign_as
from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


def test_accepting_creates_a_filled_agreement_and_asks_both_to_sign(accepted):
    from suzhaohuo.notifications.models import Notification

    engagement, worker, employer = accepted(name="王小明")
    agreement = agreement_for_engagement(engagement)
    assert agreement is not None
    assert agreement.number.startswith(f"SZH-{timezone.localdate().year}-") and len(agreement.number) == 15
    doc = json.loads(agreement.document)
    fields = doc["fields"]
    assert fields["worker_name"] == "王小明"
    assert fields["employer_name"] == employer.name and fields["employer_uscc"] == employer.uscc
    # Minimum necessary: only the masked ID number and no mobile number appear in the document.
    full_id = worker.identity.id_number
    assert full_id not in agreement.document and fields["worker_id_masked"] == worker.identity.masked_id_number
    assert worker.mobile not in agreement.document and employer.owner.mobile not in agreement.document
    assert "沭阳县胡集镇" in fields["work_place"] and "150–180元/天" in fields["pay"]
    assert "日结" in fields["settlement"] and "商业意外伤害险" in fields["insurance"]
    assert "${" not in doc["text"] and "王小明" in doc["text"] and "第七条　争议处理" in doc["text"]
    assert agreement.document_sha256 == signing.sha256_hex(agreement.document)
    assert doc["terms"] == {"title": "零工服务协议通用条款", "version": "v2026-11",
                            "sha256": StandardTerms.objects.get().sha256}
    for user in (worker, employer.owner):
        note = Notification.objects.get(user=user, event="agreement_to_sign")
        assert note.url == f"/agreements/{agreement.pk}/"


def test_create_is_idempotent(accepted):
    engagement, _worker, employer = accepted()
    first = agreement_for_engagement(engagement)
    again = agreement_create_for_engagement(engagement=engagement, actor=employer.owner)
    assert again.pk == first.pk and Agreement.objects.count() == 1


def test_published_terms_cannot_change(db, monkeypatch):
    terms = terms_current()
    assert terms.sha256 == signing.sha256_hex(terms.body) and "第一条" in terms.body
    from suzhaohuo.agreements import services

    monkeypatch.setattr(services, "terms_text", lambda version: terms.body + "\n多了一句。")
    with pytest.raises(AppError) as exc:
        services.terms_current()
    assert exc.value.code == "terms_changed"


def test_both_sign_seals_signs_chains_and_advances_the_engagement(accepted):
    engagement, worker, employer = accepted()
    agreement = agreement_for_engagement(engagement)
    agreement = sign_as(agreement, worker)
    assert agreement.status == "pending" and not agreement.platform_signature
    assert ChainEntry.objects.count() == 0
    agreement = sign_as(agreement, employer.owner)
    agreement.refresh_from_db()
    assert agreement.status == "sealed" and agreement.sealed_at is not None

    events = list(SignatureEvent.objects.filter(agreement=agreement).order_by("signed_at"))
    assert [e.role for e in events] == ["worker", "employer"]
    assert events[0].method == "sms_otp" and events[0].mobile_masked == worker.masked_mobile
    assert events[0].ip == "10.1.2.3" and events[0].user_agent == "pytest"
    assert all(e.document_sha256 == agreement.document_sha256 for e in events)

    seal = json.loads(agreement.seal_payload)
    assert seal["document_sha256"] == agreement.document_sha256
    assert [s["role"] for s in seal["signatures"]] == ["worker", "employer"]
    assert "10.1.2.3" not in agreement.seal_payload  # evidence committed by hash only
    # The Ed25519 signature verifies with the published public key, and fails on any change.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing.public_key_b64()))
    pub.verify(base64.b64decode(agreement.platform_signature), agreement.seal_payload.encode())
    assert not signing.verify(agreement.seal_payload.replace("worker", "wurker", 1), agreement.platform_signature)

    entry = ChainEntry.objects.get(agreement=agreement)
    assert entry.seq == 1 and entry.prev_hash == "0" * 64
    assert entry.entry_hash == signing.sha256_hex(entry.prev_hash + entry.payload)
    assert agreement.pdf_sha256 == signing.sha256_hex(bytes(Agreement.objects.get(pk=agreement.pk).pdf))

    engagement.refresh_from_db()
    assert engagement.status == "signed"


def test_chain_links_consecutive_agreements(sealed):
    sealed(name="甲一")
    sealed(name="乙二")
    first, second = ChainEntry.objects.order_by("seq")
    assert second.seq == 2 and second.prev_hash == first.entry_hash


def test_wrong_code_is_refused_and_nothing_is_signed(accepted):
    engagement, worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    agreement_request_code(agreement=agreement, user=worker)
    real = read_last_sms_code(worker.mobile)
    wrong = f"{(int(real) + 1) % 1_000_000:06d}"
    with pytest.raises(AppError) as exc:
        agreement_sign(agreement=agreement, user=worker, code=wrong)
    assert exc.value.code == "otp_wrong" and exc.value.field == "code"
    assert "验证码不对" in exc.value.message
    assert not SignatureEvent.objects.exists()
    # the right code still works afterwards
    agreement_sign(agreement=agreement, user=worker, code=real)
    assert SignatureEvent.objects.filter(role="worker").count() == 1


def test_expired_code_is_refused(accepted):
    from suzhaohuo.accounts.models import OtpChallenge

    engagement, worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    agreement_request_code(agreement=agreement, user=worker)
    code = read_last_sms_code(worker.mobile)
    OtpChallenge.objects.filter(purpose="sign_agreement").update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AppError) as exc:
        agreement_sign(agreement=agreement, user=worker, code=code)
    assert exc.value.code == "otp_expired" and "重新获取" in exc.value.message
    assert not SignatureEvent.objects.exists()


def test_login_code_cannot_sign(accepted):
    """A code sent for logging in is not a signing code (separate purpose)."""
    from suzhaohuo.accounts.services import otp_request

    engagement, worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    otp_request(mobile=worker.mobile, purpose="login")
    with pytest.raises(AppError):
        agreement_sign(agreement=agreement, user=worker, code=read_last_sms_code(worker.mobile))
    assert not SignatureEvent.objects.exists()


def test_empty_code_is_refused_with_instructions(accepted):
    engagement, worker, _employer = accepted()
    with pytest.raises(AppError) as exc:
        agreement_sign(agreement=agreement_for_engagement(engagement), user=worker, code="  ")
    assert exc.value.code == "code_required" and exc.value.message.startswith("请输入")


def test_someone_else_cannot_sign_or_get_a_code(accepted, make_worker):
    engagement, _worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    stranger = make_worker(name="李四")
    with pytest.raises(AppError) as exc:
        agreement_request_code(agreement=agreement, user=stranger)
    assert exc.value.code == "not_a_party" and exc.value.status == 403
    from suzhaohuo.accounts.services import otp_request

    otp_request(mobile=stranger.mobile, purpose="sign_agreement")
    with pytest.raises(AppError) as exc:
        agreement_sign(agreement=agreement, user=stranger, code=read_last_sms_code(stranger.mobile))
    assert exc.value.code == "not_a_party"
    assert not SignatureEvent.objects.exists()


def test_signing_twice_is_refused(accepted):
    engagement, worker, employer = accepted()
    agreement = sign_as(agreement_for_engagement(engagement), worker)
    with pytest.raises(AppError) as exc:
        agreement_request_code(agreement=agreement, user=worker)
    assert exc.value.code == "already_signed" and "等待对方" in exc.value.message
    agreement = sign_as(agreement, employer.owner)
    with pytest.raises(AppError) as exc:
        agreement_sign(agreement=agreement, user=employer.owner, code="123456")
    assert exc.value.code == "already_sealed"
    assert SignatureEvent.objects.count() == 2 and ChainEntry.objects.count() == 1


def test_chain_entries_refuse_update_and_delete(sealed):
    sealed()
    entry = ChainEntry.objects.get()
    entry.payload = "{}"
    with pytest.raises(AppError):
        entry.save()
    with pytest.raises(AppError):
        entry.delete()
    assert ChainEntry.objects.get().payload != "{}"


def test_my_agreements_for_both_parties_only(sealed, make_worker):
    agreement = sealed()
    assert list(agreements_for_user(agreement.worker)) == [agreement]
    assert list(agreements_for_user(agreement.employer.owner)) == [agreement]
    assert list(agreements_for_user(make_worker(name="路人"))) == []

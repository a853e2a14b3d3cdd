"""The PDF, /verify logic and the chain check: authentic files pass, any change fails with a reason."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from suzhaohuo.agreements import signing
from suzhaohuo.agreements.models import Agreement, ChainEntry
from suzhaohuo.agreements.pdf import render_agreement_pdf
from suzhaohuo.agreements.selectors import (
    agreement_for_engagement,
    agreement_pdf_bytes,
    agreement_verify_number,
    agreement_verify_pdf,
    chain_entry_of,
    signatures_of,
)
from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


def _pdf(agreement: Agreement) -> bytes:
    data = agreement_pdf_bytes(agreement)
    assert data is not None
    return data


def test_pdf_is_chinese_complete_and_reproducible(sealed):
    from pypdf import PdfReader

    agreement = sealed(name="王小明")
    data = _pdf(agreement)
    assert data.startswith(b"%PDF-") and signing.sha256_hex(data) == agreement.pdf_sha256
    # Rendering the same sealed agreement again gives identical bytes.
    again = render_agreement_pdf(agreement=agreement, signatures=signatures_of(agreement),
                                 chain_entry=chain_entry_of(agreement))
    assert again == data
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.subject == agreement.number
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    for expected in ("零工服务协议", agreement.number, "王小明", agreement.employer.name, "第七条", "争议处理",
                     "签署记录", agreement.document_sha256[:32], "核验", "/verify/?no=",
                     f"核验码 {signing.check_code(agreement.number)}"):
        assert expected in text, expected
    assert agreement.worker.identity.id_number not in text


def test_original_pdf_verifies_as_authentic(sealed):
    agreement = sealed()
    result = agreement_verify_pdf(_pdf(agreement))
    assert result.outcome == "authentic" and result.ok, result.message
    assert result.agreement.pk == agreement.pk and len(result.checks) == 5
    assert all(c.ok for c in result.checks)
    assert "没有被修改" in result.message


@pytest.mark.parametrize("where", [0.5, 0.25, 0.9])
def test_changing_one_byte_fails_verification(sealed, where):
    agreement = sealed()
    data = bytearray(_pdf(agreement))
    pos = int(len(data) * where)
    data[pos] = (data[pos] + 1) % 256
    result = agreement_verify_pdf(bytes(data))
    assert not result.ok
    assert result.outcome == "changed" and result.number == agreement.number
    assert "被修改过" in result.message


def test_non_pdf_uploads_are_refused_with_a_clear_message(sealed):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buf, format="PNG")
    for data in (buf.getvalue(), "协议编号 SZH-2026-000001".encode()):
        with pytest.raises(AppError) as exc:
            agreement_verify_pdf(data)
        assert exc.value.code == "not_pdf" and exc.value.field == "file" and "不是PDF" in exc.value.message
    with pytest.raises(AppError) as exc:
        agreement_verify_pdf(b"")
    assert exc.value.code == "file_required"
    with pytest.raises(AppError) as exc:
        agreement_verify_pdf(b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
    assert exc.value.code == "file_too_large"


def test_truncated_pdf_without_number_is_unreadable(db):
    with pytest.raises(AppError) as exc:
        agreement_verify_pdf(b"%PDF-1.4\nnot really a pdf")
    assert exc.value.code == "not_pdf" and "重新下载" in exc.value.message


def test_pdf_made_elsewhere_with_a_made_up_number_is_not_ours(db):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setSubject("SZH-2026-999999")
    c.drawString(72, 720, "SZH-2026-999999")
    c.save()
    result = agreement_verify_pdf(buf.getvalue())
    assert result.outcome == "unknown" and result.number == "SZH-2026-999999"
    assert "不是速找活出具的" in result.message


def test_verify_by_number(sealed, accepted):
    agreement = sealed()
    code = signing.check_code(agreement.number)
    result = agreement_verify_number(f"  {agreement.number.lower()} ", f" {code.lower()}")
    assert result.outcome == "authentic"
    summary = result.public_summary()
    assert summary["worker_name"].startswith(json.loads(agreement.document)["fields"]["worker_name"][0])
    assert "*" in summary["worker_name"] and "id_number" not in json.dumps(summary, default=str)

    unknown = agreement_verify_number("SZH-2026-999999", signing.check_code("SZH-2026-999999"))
    assert unknown.outcome == "unknown" and "没有找到" in unknown.message
    with pytest.raises(AppError) as exc:
        agreement_verify_number("")
    assert exc.value.code == "number_required" and exc.value.message.startswith("请输入")

    engagement, _w, _e = accepted(name="待签")
    pending_no = agreement_for_engagement(engagement).number
    pending = agreement_verify_number(pending_no, signing.check_code(pending_no))
    assert pending.outcome == "pending" and "尚未全部签署" in pending.message


def test_changed_platform_records_are_detected(sealed):
    agreement = sealed()
    doc = json.loads(agreement.document)
    doc["fields"]["pay"] = "50元/天"
    Agreement.objects.filter(pk=agreement.pk).update(document=signing.canonical_json(doc))
    result = agreement_verify_pdf(_pdf(agreement))
    assert result.outcome == "broken" and not result.checks[0].ok
    assert "12333" in result.message


def test_wrong_platform_signature_is_detected(sealed):
    agreement = sealed()
    other = signing.sign(agreement.seal_payload + " ")
    Agreement.objects.filter(pk=agreement.pk).update(platform_signature=other)
    result = agreement_verify_number(agreement.number, signing.check_code(agreement.number))
    assert result.outcome == "broken"
    assert [c.ok for c in result.checks] == [True, True, False, False, False]


def test_chain_command_passes_then_reports_first_broken_link(sealed):
    for name in ("一号", "二号", "三号"):
        sealed(name=name)
    out = io.StringIO()
    call_command("verify_agreement_chain", stdout=out)
    assert "OK: 3 chain entries" in out.getvalue()

    second = ChainEntry.objects.get(seq=2)
    ChainEntry.objects.filter(pk=second.pk).update(payload=second.payload.replace('"seq":2', '"seq":2 '))
    with pytest.raises(CommandError) as exc:
        call_command("verify_agreement_chain", stdout=io.StringIO())
    assert "#2" in str(exc.value) and "entry_hash" in str(exc.value)
    # The tampered entry also makes /verify fail for the agreement that depends on it.
    assert agreement_verify_number(second.agreement.number,
                                   signing.check_code(second.agreement.number)).outcome == "broken"


def test_chain_command_detects_a_changed_agreement_row(sealed):
    first = sealed(name="一号")
    sealed(name="二号")
    Agreement.objects.filter(pk=first.pk).update(document_sha256="0" * 64)
    with pytest.raises(CommandError) as exc:
        call_command("verify_agreement_chain", stdout=io.StringIO())
    assert "#1" in str(exc.value) and first.number in str(exc.value)


def test_configured_key_is_used_and_published(sealed, settings, client):
    import base64

    settings.AGREEMENT_SIGNING_KEY = base64.b64encode(bytes(range(32))).decode()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    expected = Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)
    assert signing.public_key_raw() == expected
    agreement = sealed()
    assert agreement.key_id == signing.sha256_hex(expected)[:16]
    body = client.get("/agreements/public-key").content.decode()
    assert base64.b64encode(expected).decode() in body and agreement.key_id in body
    assert agreement_verify_number(agreement.number, signing.check_code(agreement.number)).ok


def test_system_checks_for_the_signing_key(settings):
    from suzhaohuo.agreements.checks import check_signing_key_format, check_signing_key_set

    settings.AGREEMENT_SIGNING_KEY = ""
    assert [m.id for m in check_signing_key_set()] == ["agreements.W001"]
    assert check_signing_key_format() == []
    settings.AGREEMENT_SIGNING_KEY = "c2hvcnQ="
    assert [m.id for m in check_signing_key_format()] == ["agreements.E001"]
    settings.AGREEMENT_SIGNING_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"  # 32 bytes, urlsafe, no padding
    assert check_signing_key_format() == [] and check_signing_key_set() == []

    from suzhaohuo.agreements.checks import check_retired_keys_format

    settings.AGREEMENT_SIGNING_KEYS_RETIRED = ["AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "c2hvcnQ="]
    assert [m.id for m in check_retired_keys_format()] == ["agreements.E002"]

"""Issue #11 item 4 and #18 item 6: the evidence holds against someone who can write the database.

The stored PDF's hash is sealed and chained; every verification re-reads the stored bytes; the chain head is
anchored outside the database in signed, time-stamped checkpoints; numbers need their check code; and signing
keys rotate without breaking old seals."""

from __future__ import annotations

import base64
import io
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from suzhaohuo.agreements import checkpoints, signing, timestamping
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent
from suzhaohuo.agreements.pdf import render_agreement_pdf
from suzhaohuo.agreements.selectors import (
    agreement_pdf_bytes,
    agreement_verify_number,
    agreement_verify_pdf,
    chain_entry_of,
    signatures_of,
)
from suzhaohuo.agreements.verification import verify_chain
from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


def _lookup(agreement: Agreement):
    return agreement_verify_number(agreement.number, signing.check_code(agreement.number))


def _forged_pdf(agreement: Agreement) -> bytes:
    """A well-formed PDF of the same agreement with a changed pay line, as a forger would render it."""
    doc = json.loads(agreement.document)
    doc["text"] = doc["text"].replace(doc["fields"]["pay"], "50元/天")
    forged = Agreement(**{f.attname: getattr(agreement, f.attname) for f in Agreement._meta.concrete_fields})
    forged.document = signing.canonical_json(doc)
    return render_agreement_pdf(agreement=forged, signatures=signatures_of(agreement),
                                chain_entry=chain_entry_of(agreement))


# --- 1 and 2: the PDF hash is sealed and chained, and the stored bytes are re-read every time -----------------

def test_seal_and_chain_entry_commit_to_the_pdf_hash(sealed):
    agreement = sealed()
    agreement.refresh_from_db()
    entry = json.loads(chain_entry_of(agreement).payload)
    assert entry["pdf_sha256"] == agreement.pdf_sha256 == signing.sha256_hex(agreement_pdf_bytes(agreement))
    assert entry["pdf_signature"] == agreement.pdf_signature
    payload = signing.pdf_seal_payload(number=agreement.number, seal_payload=agreement.seal_payload,
                                       platform_signature=agreement.platform_signature,
                                       pdf_sha256=agreement.pdf_sha256, key_id=agreement.key_id)
    assert signing.verify(payload, agreement.pdf_signature, agreement.key_id)


def test_replacing_the_stored_pdf_and_its_hash_is_a_detected_forgery(sealed):
    agreement = sealed()
    forged = _forged_pdf(agreement)
    assert forged != agreement_pdf_bytes(agreement)
    Agreement.objects.filter(pk=agreement.pk).update(pdf=forged, pdf_sha256=signing.sha256_hex(forged))

    by_file = agreement_verify_pdf(forged)  # the forger's file matches the (replaced) stored hash
    assert by_file.outcome == "tampered" and not by_file.ok
    by_number = _lookup(agreement)
    assert by_number.outcome == "tampered" and "文件已被篡改" in by_number.message
    assert [c.ok for c in by_number.checks] == [True, True, True, False, False]
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 1 and agreement.number in report.reason


def test_forger_cannot_re_sign_the_pdf_hash_with_a_key_of_their_own(sealed):
    agreement = sealed()
    forged = _forged_pdf(agreement)
    digest = signing.sha256_hex(forged)
    own_key = Ed25519PrivateKey.generate()
    payload = signing.pdf_seal_payload(number=agreement.number, seal_payload=agreement.seal_payload,
                                       platform_signature=agreement.platform_signature, pdf_sha256=digest,
                                       key_id=agreement.key_id)
    their_sig = base64.b64encode(own_key.sign(payload.encode())).decode()
    Agreement.objects.filter(pk=agreement.pk).update(pdf=forged, pdf_sha256=digest, pdf_signature=their_sig)
    assert _lookup(agreement).outcome == "tampered"
    assert not verify_chain().ok


def test_number_lookup_re_reads_the_stored_pdf_bytes(sealed, client):
    agreement = sealed()
    assert _lookup(agreement).ok
    stored = bytearray(agreement_pdf_bytes(agreement))
    stored[len(stored) // 2] ^= 0x01
    Agreement.objects.filter(pk=agreement.pk).update(pdf=bytes(stored))  # the recorded hash left as it was

    result = _lookup(agreement)
    assert result.outcome == "tampered" and "文件已被篡改" in result.message
    page = client.get("/verify/", {"no": agreement.number, "code": signing.check_code(agreement.number)})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-outcome="tampered"' in body and "文件已被篡改" in body
    api = client.get("/api/v1/agreements/verify",
                     {"no": agreement.number, "code": signing.check_code(agreement.number)}).json()
    assert api["outcome"] == "tampered" and api["authentic"] is False


# --- 4: numbers are not enumerable -----------------------------------------------------------------------

def test_check_code_is_six_unambiguous_characters_printed_on_the_pdf_and_the_page(sealed, client):
    from pypdf import PdfReader

    agreement = sealed()
    code = signing.check_code(agreement.number)
    assert len(code) == 6 and set(code) <= set(signing.CHECK_CODE_ALPHABET)
    assert signing.check_code("SZH-2026-000002") != signing.check_code("SZH-2026-000003")
    reader = PdfReader(io.BytesIO(agreement_pdf_bytes(agreement)))
    text = "".join(p.extract_text() for p in reader.pages)
    assert f"核验码 {code}" in text and f"code={code}" in agreement.verify_url
    client.force_login(agreement.worker, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    body = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert code in body and f"code={code}" in body


def test_number_without_code_asks_for_both_and_wrong_code_answers_like_a_missing_number(sealed, client):
    agreement = sealed()
    page = client.get("/verify/", {"no": agreement.number})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="verify-ask-code"' in body and "核验码" in body
    assert "verify-result" not in body and agreement.employer.name not in body
    assert f'value="{agreement.number}"' in body  # the number is kept; only the code is asked for

    missing = "SZH-2026-999999"
    wrong = client.get("/verify/", {"no": agreement.number, "code": "ZZZZZZ"}).content.decode()
    absent = client.get("/verify/", {"no": missing, "code": "ZZZZZZ"}).content.decode()
    assert 'data-outcome="unknown"' in wrong and agreement.employer.name not in wrong
    verdict = re.compile(r'<section class="verdict.*?</section>', re.S)
    assert verdict.search(wrong).group(0).replace(agreement.number, "N") == \
        verdict.search(absent).group(0).replace(missing, "N")

    api_wrong = client.get("/api/v1/agreements/verify", {"no": agreement.number, "code": "ZZZZZZ"}).json()
    api_absent = client.get("/api/v1/agreements/verify", {"no": missing, "code": "ZZZZZZ"}).json()
    assert json.dumps(api_wrong).replace(agreement.number, "N") == json.dumps(api_absent).replace(missing, "N")
    resp = client.get("/api/v1/agreements/verify", {"no": agreement.number})
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "check_code_required" and resp.json()["error"]["field"] == "code"
    # Codes are read forgivingly: lower case, spaces, O for 0, I/L for 1.
    code = signing.check_code(agreement.number)
    assert agreement_verify_number(agreement.number, " " + code.lower().replace("0", "o") + " ").ok


def test_guessing_codes_through_the_api_is_rate_limited_like_the_page(sealed, client):
    agreement = sealed()
    answers = [client.get("/api/v1/agreements/verify", {"no": agreement.number, "code": f"{i:06d}"}).status_code
               for i in range(61)]
    assert answers[:60] == [200] * 60 and answers[60] == 429
    assert client.get("/verify/", {"no": agreement.number, "code": "000000"}).status_code == 429


def test_a_made_up_pdf_naming_a_real_number_learns_nothing(sealed):
    from reportlab.pdfgen import canvas

    agreement = sealed()

    def fake(number: str) -> bytes:
        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.setSubject(number)
        c.drawString(72, 720, number)
        c.save()
        return buf.getvalue()

    real = agreement_verify_pdf(fake(agreement.number))
    absent = agreement_verify_pdf(fake("SZH-2026-999999"))
    assert real.outcome == absent.outcome == "unknown" and real.agreement is None
    assert real.message.replace(agreement.number, "N") == absent.message.replace("SZH-2026-999999", "N")


def test_missing_code_is_a_clear_error_in_the_service(sealed):
    agreement = sealed()
    with pytest.raises(AppError) as exc:
        agreement_verify_number(agreement.number, "")
    assert exc.value.code == "check_code_required" and "核验码" in exc.value.message


# --- 3: the chain head anchored outside the database --------------------------------------------------------

def _delete_newest_agreement() -> str:
    """What someone with database access would do: drop the newest agreement with its chain entry."""
    newest = ChainEntry.objects.order_by("-seq").first()
    agreement = newest.agreement
    ChainEntry.objects.filter(pk=newest.pk).delete()  # queryset delete: the model's guard is bypassed
    SignatureEvent.objects.filter(agreement=agreement).delete()
    Agreement.objects.filter(pk=agreement.pk).delete()
    return agreement.number


def test_deleting_the_newest_agreement_is_caught_by_the_last_checkpoint(sealed, settings):
    from suzhaohuo.agreements.tasks import agreements_chain_checkpoint

    sealed(name="一号")
    sealed(name="二号")
    assert agreements_chain_checkpoint.call() == 1
    assert agreements_chain_checkpoint.call() == 0  # nothing moved: no new line
    out = io.StringIO()
    call_command("verify_agreement_chain", stdout=out)
    assert "OK: 2 chain entries" in out.getvalue() and "1 checkpoints" in out.getvalue()

    _delete_newest_agreement()
    assert verify_chain().ok  # the shorter chain is consistent by itself...
    with pytest.raises(CommandError) as exc:  # ...but not with the checkpoint
        call_command("verify_agreement_chain", stdout=io.StringIO())
    assert "CHECKPOINT MISMATCH" in str(exc.value) and "#2" in str(exc.value) and "deleted" in str(exc.value)


def test_checkpoint_file_is_append_only_signed_time_stamped_and_published(sealed, client, settings):
    from suzhaohuo.agreements import tasks
    from suzhaohuo.core.scheduler import entries

    sealed(name="一号")
    first = checkpoints.write()
    sealed(name="二号")
    second = checkpoints.write()
    lines = checkpoints.read_lines()
    assert len(lines) == 2 and json.loads(lines[0]) == first and second["prev_sha256"] == signing.sha256_hex(lines[0])
    assert second["chain_length"] == 2 and second["head_hash"] == ChainEntry.objects.get(seq=2).entry_hash
    assert checkpoints.record_problems(second) == []
    token = base64.b64decode(second["timestamp"]["token_base64"])
    stamp = timestamping.local_authority().verify(token, checkpoints._stamp_digest(second))
    assert stamp is not None and stamp.authority == "local"

    data = client.get("/verify/checkpoints/").json()
    assert data["total"] == 2 and data["checkpoints"][-1] == second
    assert data["signing_keys"][0]["key_id"] == signing.key_id()
    assert data["timestamp_authority"]["authority"] == "local"
    assert any(e.task is tasks.agreements_chain_checkpoint and e.every_seconds == 3600 for e in entries())

    # An edited or removed line is found.
    doctored = dict(first, chain_length=5)
    settings.AGREEMENT_CHECKPOINT_FILE.write_text(signing.canonical_json(doctored) + "\n" + lines[1] + "\n")
    problems = checkpoints.verify_checkpoints().problems
    assert any("signature does not verify" in p for p in problems)
    assert any("time-stamp" in p for p in problems)
    settings.AGREEMENT_CHECKPOINT_FILE.write_text(lines[1] + "\n")
    assert any("does not follow the previous line" in p for p in checkpoints.verify_checkpoints().problems)


def test_local_tsa_tokens_are_rfc3161_and_bound_to_the_digest():
    from asn1crypto import cms

    tsa = timestamping.local_authority()
    digest = signing.sha256_hex("x").encode()[:32]
    token = tsa.timestamp(digest)
    info = cms.ContentInfo.load(token)["content"]["encap_content_info"]
    assert info["content_type"].native == "tst_info"
    assert info["content"].parsed["message_imprint"]["hashed_message"].native == digest
    assert tsa.verify(token, digest) is not None
    assert tsa.verify(token, b"\0" * 32) is None
    bad = bytearray(token)
    bad[-3] ^= 0x01
    assert tsa.verify(bytes(bad), digest) is None
    other = timestamping.LocalTsa(Ed25519PrivateKey.generate())
    assert tsa.verify(other.timestamp(digest), digest) is None


def test_a_configured_tsa_url_is_asked_over_http(sealed, settings):
    local = timestamping.local_authority()
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            seen.append(self.headers["Content-Type"])
            body = local.respond(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.AGREEMENT_TSA_URL = f"http://127.0.0.1:{server.server_address[1]}/tsa"
        sealed()
        record = checkpoints.write()
    finally:
        server.shutdown()
    assert seen == ["application/timestamp-query"]
    assert record["timestamp"]["authority"] == "rfc3161" and checkpoints.record_problems(record) == []


# --- 5: signing-key rotation -------------------------------------------------------------------------------

def _key(n: int) -> tuple[str, str]:
    raw = bytes([n]) * 32
    private = base64.b64encode(raw).decode()
    public = base64.b64encode(signing.raw_public(Ed25519PrivateKey.from_private_bytes(raw).public_key())).decode()
    return private, public


def test_sign_rotate_sign_again_both_verify(sealed, settings):
    old_private, old_public = _key(1)
    new_private, _new_public = _key(2)
    settings.AGREEMENT_SIGNING_KEY = old_private
    settings.AGREEMENT_SIGNING_KEYS_RETIRED = []
    first = sealed(name="一号")
    checkpoints.write()

    out = io.StringIO()
    call_command("rotate_agreement_signing_key", stdout=out)
    assert f"SZH_AGREEMENT_SIGNING_KEYS_RETIRED={old_public}" in out.getvalue()
    assert "SZH_AGREEMENT_SIGNING_KEY=" in out.getvalue()

    settings.AGREEMENT_SIGNING_KEY = new_private
    settings.AGREEMENT_SIGNING_KEYS_RETIRED = [old_public]
    second = sealed(name="二号")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.key_id != second.key_id and json.loads(first.seal_payload)["key_id"] == first.key_id
    assert _lookup(first).ok and _lookup(second).ok and verify_chain().ok
    call_command("rotate_agreement_signing_key", "--check", stdout=io.StringIO())

    settings.AGREEMENT_SIGNING_KEYS_RETIRED = []  # the outgoing key forgotten: its seals no longer verify
    assert _lookup(first).outcome == "broken" and _lookup(second).ok
    with pytest.raises(CommandError):
        call_command("rotate_agreement_signing_key", "--check", stdout=io.StringIO())


def test_a_seal_forged_under_a_retired_key_id_fails(sealed, settings):
    old_private, old_public = _key(1)
    settings.AGREEMENT_SIGNING_KEY = old_private
    agreement = sealed()
    settings.AGREEMENT_SIGNING_KEY, _p = _key(2)
    settings.AGREEMENT_SIGNING_KEYS_RETIRED = [old_public]
    assert _lookup(agreement).ok

    seal = json.loads(agreement.seal_payload)
    forged_payload = signing.canonical_json(seal)
    forger = Ed25519PrivateKey.generate()
    forged_sig = base64.b64encode(forger.sign(forged_payload.encode())).decode()
    Agreement.objects.filter(pk=agreement.pk).update(platform_signature=forged_sig)
    assert not signing.verify(forged_payload, forged_sig, agreement.key_id)
    assert _lookup(agreement).outcome == "broken"
    # A key id that is on no keyring never verifies, whatever the signature.
    assert not signing.verify(forged_payload, forged_sig, "0123456789abcdef")


def test_public_key_endpoint_lists_the_keyring(settings, client):
    _old_private, old_public = _key(1)
    settings.AGREEMENT_SIGNING_KEYS_RETIRED = [old_public]
    ring = signing.keyring()
    old_id = signing.key_id_of(base64.b64decode(old_public))
    assert len(ring) == 2 and signing.key_id() in ring and old_id in ring
    data = client.get("/api/v1/agreements/public-key").json()
    assert data["key_id"] == signing.key_id()
    assert {k["key_id"]: k["public_key_base64"] for k in data["retired"]} == {old_id: old_public}
    assert old_id in client.get("/agreements/public-key").content.decode()

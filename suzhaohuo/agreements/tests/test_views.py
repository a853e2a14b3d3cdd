"""Pages and API: reading and signing an agreement, the PDF, /verify, and who may see what."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import read_last_sms_code
from suzhaohuo.agreements import signing
from suzhaohuo.agreements.models import SignatureEvent
from suzhaohuo.agreements.selectors import agreement_for_engagement, agreement_pdf_bytes

pytestmark = pytest.mark.django_db
BACKEND = "suzhaohuo.accounts.backends.StaffPasswordBackend"


def _login(client, user):
    client.force_login(user, backend=BACKEND)
    return client


def test_party_reads_requests_code_and_signs_on_the_page(accepted, client):
    engagement, worker, _employer = accepted(name="赵六")
    agreement = agreement_for_engagement(engagement)
    _login(client, worker)
    url = f"/agreements/{agreement.pk}/"
    page = client.get(url).content.decode()
    assert agreement.number in page and "赵六" in page and "第七条" in page and "获取签署验证码" in page

    resp = client.post(url, {"action": "request_code"}, follow=True)
    assert "签署验证码已发送到" in resp.content.decode()
    code = read_last_sms_code(worker.mobile)

    # Forgetting the intent checkbox: clear message, typed code kept.
    resp = client.post(url, {"action": "sign", "code": code})
    body = resp.content.decode()
    assert resp.status_code == 400 and "请先勾选" in body and f'value="{code}"' in body
    assert not SignatureEvent.objects.exists()

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    body = client.post(url, {"action": "sign", "code": wrong, "agree": "on"}).content.decode()
    assert "验证码不对" in body and "has-error" in body

    resp = client.post(url, {"action": "sign", "code": code, "agree": "on"}, follow=True,
                       HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)")
    assert "正在等待对方签署" in resp.content.decode()
    event = SignatureEvent.objects.get()
    assert event.role == "worker" and event.user_agent == "Mozilla/5.0 (Linux; Android 14)"
    assert event.ip == "127.0.0.1"


def test_strangers_and_anonymous_cannot_open_an_agreement(accepted, client, make_worker):
    engagement, _worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    resp = client.get(f"/agreements/{agreement.pk}/")
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    _login(client, make_worker(name="路人"))
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 404
    assert client.get(f"/agreements/{agreement.pk}/pdf").status_code == 404


def test_staff_in_scope_can_read_others_cannot(accepted, client, make_staff):
    engagement, _worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    _login(client, make_staff(scope="沭阳县"))
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 200
    _login(client, make_staff(scope="宿城区"))
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 404


def test_pdf_download_only_after_sealing_and_identical_to_the_original(sealed, accepted, client):
    engagement, worker, _employer = accepted(name="未签")
    pending = agreement_for_engagement(engagement)
    _login(client, worker)
    resp = client.get(f"/agreements/{pending.pk}/pdf")
    assert resp.status_code == 302 and resp["Location"] == f"/agreements/{pending.pk}/"

    agreement = sealed(name="已签")
    _login(client, agreement.worker)
    resp = client.get(f"/agreements/{agreement.pk}/pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert f'{agreement.number}.pdf' in resp["Content-Disposition"]
    assert signing.sha256_hex(resp.content) == agreement.pdf_sha256
    # Downloading again any time later gives the same file.
    assert client.get(f"/agreements/{agreement.pk}/pdf").content == resp.content


def test_my_agreements_page_and_menu_link(sealed, client):
    from suzhaohuo.accounts.menu import collect

    agreement = sealed()
    _login(client, agreement.worker)
    body = client.get("/agreements/").content.decode()
    assert agreement.number in body and agreement.engagement.job.title in body and "下载PDF" in body
    assert ("我的协议", "/agreements/") in collect(agreement.worker)


def test_verify_page_by_number_and_upload(sealed, client):
    agreement = sealed()
    assert client.get("/verify").status_code == 301
    code = signing.check_code(agreement.number)
    body = client.get("/verify/", {"no": agreement.number, "code": code}).content.decode()
    assert 'data-outcome="authentic"' in body and agreement.employer.name in body
    assert agreement.worker.identity.id_number not in body and agreement.worker.mobile not in body

    data = agreement_pdf_bytes(agreement)
    body = client.post("/verify/", {"file": SimpleUploadedFile("a.pdf", data, "application/pdf")}).content.decode()
    assert 'data-outcome="authentic"' in body and "没有被修改" in body

    edited = bytearray(data)
    edited[len(edited) // 2] ^= 0x01
    body = client.post("/verify/", {"file": SimpleUploadedFile("a.pdf", bytes(edited))}).content.decode()
    assert 'data-outcome="changed"' in body and "被修改过" in body

    resp = client.post("/verify/", {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 jpeg")})
    assert resp.status_code == 400 and "不是PDF文件" in resp.content.decode()
    resp = client.post("/verify/", {})
    assert resp.status_code == 400 and "请选择要核验的协议PDF文件" in resp.content.decode()
    body = client.get("/verify/", {"no": "SZH-2026-999999", "code": "AAAAAA"}).content.decode()
    assert 'data-outcome="unknown"' in body and 'value="SZH-2026-999999"' in body


def test_api_verify_and_sign(accepted, client):
    engagement, worker, employer = accepted()
    agreement = agreement_for_engagement(engagement)
    for user in (worker, employer.owner):
        _login(client, user)
        assert client.post(f"/api/v1/agreements/{agreement.pk}/code").json()["sent"] is True
        resp = client.post(f"/api/v1/agreements/{agreement.pk}/sign",
                           json.dumps({"code": read_last_sms_code(user.mobile)}), content_type="application/json")
        assert resp.status_code == 200, resp.content
    assert resp.json()["status"] == "sealed"
    resp = client.post(f"/api/v1/agreements/{agreement.pk}/sign", json.dumps({"code": "000000"}),
                       content_type="application/json")
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "already_sealed"
    client.logout()
    result = client.get("/api/v1/agreements/verify",
                        {"no": agreement.number, "code": signing.check_code(agreement.number)}).json()
    assert result["authentic"] is True and result["agreement"]["number"] == agreement.number
    pdf = agreement_pdf_bytes(agreement)
    result = client.post("/api/v1/agreements/verify-pdf", {"file": SimpleUploadedFile("a.pdf", pdf)}).json()
    assert result["outcome"] == "authentic"
    resp = client.post("/api/v1/agreements/verify-pdf", {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "not_pdf"


def test_admin_is_read_only(sealed, client):
    from suzhaohuo.accounts.services import staff_create

    agreement = sealed()
    admin = staff_create(actor=None, username="agr-admin", password="Admin-pass-12345", role="admin",
                         scope_region_code=None)
    _login(client, admin)
    body = client.get("/admin/agreements/agreement/").content.decode()
    assert agreement.number in body
    assert client.get(f"/admin/agreements/agreement/{agreement.pk}/change/").status_code == 200
    assert client.get("/admin/agreements/agreement/add/").status_code == 403
    resp = client.post(f"/admin/agreements/chainentry/{agreement.chain_entries.get().pk}/delete/", {"post": "yes"})
    assert resp.status_code == 403 and agreement.chain_entries.count() == 1

"""Issue #11 item 3: staff lockout by username and source with progressive delay; NAT-sized per-IP limits;
real-name submissions rate-limited."""

import pytest
from django.urls import reverse

from conftest import township_code, valid_id_number
from suzhaohuo.core import ratelimit

pytestmark = pytest.mark.django_db


def _try(client, ip, password, username="zhan"):
    return client.post(reverse("accounts:staff_login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def test_a_stranger_failing_a_password_does_not_lock_the_owner_out(client, make_staff):
    make_staff(username="zhan", password="Right-pass-12345")
    for _ in range(5):
        _try(client, "203.0.113.9", "wrong-one")
    resp = _try(client, "203.0.113.9", "Right-pass-12345")
    assert "已锁定15分钟" in resp.content.decode() and "_auth_user_id" not in client.session
    resp = _try(client, "198.51.100.7", "Right-pass-12345")
    assert resp.status_code == 302 and "_auth_user_id" in client.session


def test_distributed_guessing_meets_a_progressive_delay(client, make_staff, monkeypatch, settings):
    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    import suzhaohuo.accounts.backends as backends

    monkeypatch.setattr(backends.time, "time", lambda: now[0])
    make_staff(username="zhan", password="Right-pass-12345")
    for i in range(settings.LOGIN_DELAY_AFTER + 2):
        _try(client, f"10.0.{i}.1", "wrong-one")
    resp = _try(client, "192.0.2.50", "Right-pass-12345")
    assert "秒后再试" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    now[0] += settings.LOGIN_DELAY_MAX_SECONDS + 1
    resp = _try(client, "192.0.2.50", "Right-pass-12345")
    assert resp.status_code == 302


def test_many_people_behind_one_address_all_get_codes(client):
    for i in range(60):
        resp = client.post("/api/v1/auth/otp", {"mobile": f"139{i:08d}"}, content_type="application/json",
                           REMOTE_ADDR="100.64.0.1")
        assert resp.status_code == 200, (i, resp.content)


def test_identity_submission_is_rate_limited_per_account(client, regions, settings):
    from suzhaohuo.accounts.services import user_create_with_mobile

    user = user_create_with_mobile(mobile="13700008801")
    client.force_login(user)
    limit, _w = settings.IDENTITY_SUBMIT_RATE
    for i in range(limit):
        payload = {"real_name": "陈一", "id_number": valid_id_number(300 + i), "township_code": township_code("胡集镇")}
        assert client.post("/api/v1/me/identity", payload, content_type="application/json").status_code == 200
    payload = {"real_name": "陈一", "id_number": valid_id_number(399), "township_code": township_code("胡集镇")}
    resp = client.post("/api/v1/me/identity", payload, content_type="application/json")
    assert resp.status_code == 429 and resp.json()["error"]["code"] == "rate_limited"


def test_duplicate_id_answer_does_not_confirm_registration(client, regions):
    from suzhaohuo.accounts.services import user_create_with_mobile

    payload = {"real_name": "陈三", "id_number": valid_id_number(384), "township_code": township_code("胡集镇")}
    client.force_login(user_create_with_mobile(mobile="13700008802"))
    first = client.post("/api/v1/me/identity", payload, content_type="application/json")
    assert first.status_code == 200
    client.force_login(user_create_with_mobile(mobile="13700008803"))
    second = client.post("/api/v1/me/identity", payload, content_type="application/json")
    # Same status, same fields, same state as a number nobody holds: nothing to tell the two apart.
    assert second.status_code == 200
    assert second.json().keys() == first.json().keys()
    assert second.json()["verification_status"] == "pending"
    fresh = dict(payload, id_number=valid_id_number(385))
    client.force_login(user_create_with_mobile(mobile="13700008804"))
    third = client.post("/api/v1/me/identity", fresh, content_type="application/json")

    def shape(body: dict) -> dict:
        ident = {k: v for k, v in body["identity"].items() if k != "id_number"}
        return {**{k: v for k, v in body.items() if k not in {"id", "mobile", "identity"}}, "identity": ident}

    assert shape(second.json()) == shape(third.json())

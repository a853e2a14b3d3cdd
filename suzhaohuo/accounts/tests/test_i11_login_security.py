"""Issue #11 item 2: login CSRF, consent only when given, ``next=`` checked by Django everywhere."""

import json

import pytest
from django.test import Client

from conftest import read_last_sms_code


def _otp(client, mobile):
    assert client.post("/api/v1/auth/otp", {"mobile": mobile}, content_type="application/json").status_code == 200
    return read_last_sms_code(mobile)


@pytest.mark.django_db
def test_login_refuses_text_plain_body_from_a_cross_site_form(client):
    from suzhaohuo.accounts.models import User

    code = _otp(client, "13800005551")
    body = json.dumps({"mobile": "13800005551", "code": code, "accept_privacy": True})
    resp = client.post("/api/v1/auth/login", body, content_type="text/plain")
    assert resp.status_code == 415 and resp.json()["error"]["code"] == "invalid"
    assert not User.objects.exists() and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_requires_csrf_token_then_works_with_it(db):
    from suzhaohuo.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    token = client.get("/api/v1/auth/csrf").json()["csrf_token"]
    assert client.cookies.get("csrftoken")
    resp = client.post("/api/v1/auth/otp", {"mobile": "13800005552"}, content_type="application/json")
    assert resp.status_code == 403
    assert client.post("/api/v1/auth/otp", {"mobile": "13800005552"}, content_type="application/json",
                       headers={"X-CSRFToken": token}).status_code == 200
    code = read_last_sms_code("13800005552")
    payload = {"mobile": "13800005552", "code": code, "accept_privacy": True}
    assert client.post("/api/v1/auth/login", payload, content_type="application/json").status_code == 403
    resp = client.post("/api/v1/auth/login", payload, content_type="application/json", headers={"X-CSRFToken": token})
    assert resp.status_code == 200 and User.objects.count() == 1


@pytest.mark.django_db
def test_no_account_and_no_consent_without_the_explicit_flag(client):
    from suzhaohuo.accounts.models import Consent, User

    code = _otp(client, "13800005553")
    resp = client.post("/api/v1/auth/login", {"mobile": "13800005553", "code": code}, content_type="application/json")
    e = resp.json()["error"]
    assert resp.status_code == 400 and e["code"] == "privacy_required" and e["field"] == "accept_privacy"
    assert not User.objects.exists() and not Consent.objects.exists()
    # the code was not burnt by the refusal: the same code works once consent is given
    resp = client.post("/api/v1/auth/login", {"mobile": "13800005553", "code": code, "accept_privacy": True},
                       content_type="application/json")
    assert resp.status_code == 200 and resp.json()["created"]
    assert Consent.objects.filter(kind="privacy_notice").count() == 1


@pytest.mark.django_db
def test_no_consent_refusal_does_not_reveal_registration_without_a_valid_code(client):
    _otp(client, "13800005554")
    resp = client.post("/api/v1/auth/login", {"mobile": "13800005554", "code": "999999x"},
                       content_type="application/json")
    assert resp.json()["error"]["code"] == "otp_wrong"


@pytest.mark.django_db
@pytest.mark.parametrize("evil", ["/\\evil.example", "//evil.example", "https://evil.example/", "///evil.example",
                                  "\\\\evil.example"])
def test_staff_login_next_refuses_other_hosts(client, evil):
    from suzhaohuo.accounts.models import User

    User.objects.create_user(username="ops1", password="pw-Long-enough-1", role="admin", is_staff=True)
    resp = client.post(f"/accounts/staff-login/?next={evil}", {"username": "ops1", "password": "pw-Long-enough-1"})
    assert resp.status_code == 302 and "evil.example" not in resp["Location"]


@pytest.mark.django_db
def test_sms_login_next_refuses_other_hosts(client):
    resp = client.post("/accounts/login/?next=/\\evil.example", {"mobile": "13800005555", "role": "worker"})
    assert resp.status_code == 302
    code = read_last_sms_code("13800005555")
    resp = client.post("/accounts/login/code/", {"code": code, "accept_privacy": "on"})
    assert resp.status_code == 302 and "evil.example" not in resp["Location"]
    client.logout()
    client.post("/accounts/login/?next=/jobs/", {"mobile": "13800005556", "role": "worker"})
    resp = client.post("/accounts/login/code/", {"code": read_last_sms_code("13800005556"), "accept_privacy": "on"})
    assert resp["Location"] == "/jobs/"

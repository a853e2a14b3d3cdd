"""API: every bad input of the issue returns {"error": {code, message, field}} and saves nothing."""

import pytest
from django.core.cache import cache

from conftest import read_last_sms_code, township_code, valid_id_number


def err(resp):
    body = resp.json()
    assert set(body["error"]) >= {"code", "message", "field"}, body
    return body["error"]


def login(client, mobile):
    assert client.post("/api/v1/auth/otp", {"mobile": mobile}, content_type="application/json").status_code == 200
    resp = client.post("/api/v1/auth/login", {"mobile": mobile, "code": read_last_sms_code(mobile),
                                              "accept_privacy": True}, content_type="application/json")
    assert resp.status_code == 200, resp.content
    return resp.json()


@pytest.mark.django_db
def test_sms_login_me_and_identity_submit(client, regions):
    body = login(client, "13800001111")
    assert body["created"] and body["me"]["mobile"] == "138****1111"
    me = client.get("/api/v1/me").json()
    assert me["verification_status"] == "unverified" and me["identity"] is None
    resp = client.post("/api/v1/me/identity", {"real_name": "陈一", "id_number": valid_id_number(81),
                                               "township_code": township_code("胡集镇")},
                       content_type="application/json")
    assert resp.status_code == 200
    me = client.get("/api/v1/me").json()
    assert me["verification_status"] == "pending"
    assert me["identity"]["id_number"] == valid_id_number(81)[:4] + "*" * 10 + valid_id_number(81)[-4:]
    assert me["identity"]["township_name"] == "胡集镇"
    assert valid_id_number(81) not in client.get("/api/v1/me").content.decode()


@pytest.mark.django_db
def test_me_requires_login(client, db):
    assert err(client.get("/api/v1/me"))["code"] == "not_authenticated"


@pytest.mark.django_db
def test_malformed_mobile(client, db):
    from suzhaohuo.core.models import SmsOutbox

    resp = client.post("/api/v1/auth/otp", {"mobile": "1234"}, content_type="application/json")
    e = err(resp)
    assert resp.status_code == 400 and e["code"] == "invalid_mobile" and e["field"] == "mobile"
    assert "11位手机号" in e["message"] and not SmsOutbox.objects.exists()


@pytest.mark.django_db
def test_wrong_and_expired_code(client, db):
    from django.utils import timezone

    from suzhaohuo.accounts.models import OtpChallenge, User

    client.post("/api/v1/auth/otp", {"mobile": "13800002222"}, content_type="application/json")
    code = read_last_sms_code("13800002222")
    wrong = "000000" if code != "000000" else "111111"
    resp = client.post("/api/v1/auth/login", {"mobile": "13800002222", "code": wrong}, content_type="application/json")
    e = err(resp)
    assert resp.status_code == 400 and e["code"] == "otp_wrong" and e["field"] == "code"
    OtpChallenge.objects.update(expires_at=timezone.now())
    e = err(client.post("/api/v1/auth/login", {"mobile": "13800002222", "code": code},
                        content_type="application/json"))
    assert e["code"] == "otp_expired" and "重新获取" in e["message"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_too_many_wrong_attempts_burns_the_code(client, db, settings):
    client.post("/api/v1/auth/otp", {"mobile": "13800003333"}, content_type="application/json")
    code = read_last_sms_code("13800003333")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.OTP_MAX_ATTEMPTS):
        assert err(client.post("/api/v1/auth/login", {"mobile": "13800003333", "code": wrong},
                               content_type="application/json"))["code"] == "otp_wrong"
    e = err(client.post("/api/v1/auth/login", {"mobile": "13800003333", "code": code},
                        content_type="application/json"))
    assert e["code"] == "otp_too_many_attempts"


@pytest.mark.django_db
def test_resend_interval_and_per_mobile_limit(client, db, settings):
    from suzhaohuo.accounts.models import OtpChallenge

    settings.OTP_RATE_PER_MOBILE = (2, 3600)
    assert client.post("/api/v1/auth/otp", {"mobile": "13800004444"}, content_type="application/json").status_code == 200
    resp = client.post("/api/v1/auth/otp", {"mobile": "13800004444"}, content_type="application/json")
    assert resp.status_code == 429 and err(resp)["code"] == "otp_too_soon"
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    assert client.post("/api/v1/auth/otp", {"mobile": "13800004444"}, content_type="application/json").status_code == 200
    resp = client.post("/api/v1/auth/otp", {"mobile": "13800004444"}, content_type="application/json")
    e = err(resp)
    assert resp.status_code == 429 and e["code"] == "otp_rate_limited" and e["field"] == "mobile"
    assert "1小时后" in e["message"]
    assert OtpChallenge.objects.count() == 2


@pytest.mark.django_db
def test_the_per_mobile_limit_counts_each_purpose_apart(db, settings):
    """Five login codes in an hour do not stop the same person from getting the code that signs an agreement."""
    from suzhaohuo.accounts.choices import OtpPurpose
    from suzhaohuo.accounts.services import otp_request
    from suzhaohuo.core.errors import AppError

    cache.clear()
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    settings.OTP_RATE_PER_MOBILE = (3, 3600)
    for _ in range(3):
        otp_request(mobile="13800006666", purpose=OtpPurpose.LOGIN)
    with pytest.raises(AppError) as exc:
        otp_request(mobile="13800006666", purpose=OtpPurpose.LOGIN)
    assert exc.value.code == "otp_rate_limited"
    otp_request(mobile="13800006666", purpose=OtpPurpose.SIGN_AGREEMENT)  # still served
    cache.clear()


@pytest.mark.django_db
def test_a_used_code_does_not_hold_back_the_next_one(client, db):
    """Logging in, out and in again within a minute: the first code was used, so a new one is sent at once rather than
    「验证码已发送…1分钟后再试」 about a code that no longer works (walk finding)."""
    cache.clear()
    login(client, "13800007777")
    client.post("/api/v1/auth/logout", content_type="application/json")
    again = client.post("/api/v1/auth/otp", {"mobile": "13800007777"}, content_type="application/json")
    assert again.status_code == 200, again.content
    unused = client.post("/api/v1/auth/otp", {"mobile": "13800007777"}, content_type="application/json")
    assert unused.status_code == 429 and err(unused)["code"] == "otp_too_soon"  # an unused code still waits
    cache.clear()


@pytest.mark.django_db
def test_per_ip_limit(client, db, settings):
    cache.clear()
    settings.OTP_RATE_PER_IP = (3, 3600)
    for i in range(3):
        assert client.post("/api/v1/auth/otp", {"mobile": f"1380000500{i}"},
                           content_type="application/json").status_code == 200
    resp = client.post("/api/v1/auth/otp", {"mobile": "13800005009"}, content_type="application/json",
                       REMOTE_ADDR="127.0.0.1")
    assert resp.status_code == 429 and err(resp)["code"] == "otp_rate_limited"
    # Another IP is not affected.
    assert client.post("/api/v1/auth/otp", {"mobile": "13800005009"}, content_type="application/json",
                       REMOTE_ADDR="10.1.2.3").status_code == 200
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("payload,code,field", [
    ({"real_name": "陈二", "id_number": "321322198001010071", "township_code": "321322102"}, None, "id_number"),
    ({"real_name": "陈二", "id_number": "12345", "township_code": "321322102"}, "invalid_id_number", "id_number"),
    ({"real_name": "陈二", "id_number": None, "township_code": "999999999"}, "unknown_region", "township_code"),
    ({"real_name": "陈二", "id_number": None, "township_code": "321322"}, "not_a_township", "township_code"),
    ({"real_name": "", "id_number": None, "township_code": "321322102"}, "name_required", "real_name"),
])
def test_identity_bad_input_is_structured_and_nothing_saved(client, regions, payload, code, field):
    from suzhaohuo.identity.models import PersonIdentity
    from suzhaohuo.workers.models import WorkerProfile

    login(client, "13800006666")
    if payload["id_number"] is None:
        payload = {**payload, "id_number": valid_id_number(82)}
    if code is None:  # a wrong check digit on an otherwise well-formed number
        good = valid_id_number(83)
        payload = {**payload, "id_number": good[:17] + ("0" if good[17] != "0" else "1")}
        code = "invalid_id_number"
    resp = client.post("/api/v1/me/identity", payload, content_type="application/json")
    e = err(resp)
    assert resp.status_code == 400 and e["code"] == code and e["field"] == field
    assert e["message"].startswith("请") or "请" in e["message"]
    assert not PersonIdentity.objects.exists() and not WorkerProfile.objects.exists()


@pytest.mark.django_db
def test_duplicate_id_via_api(client, regions):
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.identity.models import PersonIdentity

    login(client, "13800007777")
    payload = {"real_name": "陈三", "id_number": valid_id_number(84), "township_code": township_code("胡集镇")}
    first = client.post("/api/v1/me/identity", payload, content_type="application/json")
    assert first.status_code == 200
    client.logout()
    login(client, "13800007778")
    resp = client.post("/api/v1/me/identity", payload, content_type="application/json")
    # The same answer as for a number nobody has registered: the API is no oracle for registered IDs.
    assert resp.status_code == 200
    assert resp.json().keys() == first.json().keys()
    assert resp.json()["verification_status"] == first.json()["verification_status"] == "pending"
    assert PersonIdentity.objects.filter(id_number_hash__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="identity.duplicate_id_number").count() == 1


@pytest.mark.django_db
def test_unknown_region_in_regions_api(client, regions):
    e = err(client.get("/api/v1/regions", {"parent": "000000"}))
    assert e["code"] == "unknown_region" and e["field"] == "parent"


@pytest.mark.django_db
def test_wrong_uscc_check_digit_via_api(client, regions):
    from conftest import valid_uscc
    from suzhaohuo.identity.models import Employer

    login(client, "13800008888")
    good = valid_uscc(88)
    payload = {"kind": "enterprise", "name": "宿迁某公司", "township_code": township_code("胡集镇"),
               "uscc": good[:17] + ("0" if good[17] != "0" else "1"), "legal_representative": "李四",
               "handler_name": "王五", "handler_id_number": valid_id_number(88)}
    resp = client.post("/api/v1/me/employer", payload, content_type="application/json")
    e = err(resp)
    assert resp.status_code == 400 and e["code"] == "invalid_uscc" and e["field"] == "uscc"
    assert not Employer.objects.exists()
    resp = client.post("/api/v1/me/employer", {**payload, "uscc": good}, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["employer"]["status"] == "pending"

"""Issue #11 item 16 / issue #18 item 4: the code page offers 「重新获取验证码」 within the rate limits, with a
countdown that is right without JS, and says so when the SMS was not delivered (resend or a station)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suzhaohuo.core.models import SmsOutbox

pytestmark = pytest.mark.django_db
MOBILE = "13512345678"


def _start(client) -> None:
    resp = client.post(reverse("accounts:login"), {"mobile": MOBILE, "role": "worker"})
    assert resp.status_code == 302 and resp.url == reverse("accounts:login_code")


def test_code_page_offers_resend_with_a_countdown_and_refuses_too_soon(client):
    _start(client)
    html = client.get(reverse("accounts:login_code")).content.decode()
    assert "重新获取验证码" in html and 'action="/accounts/login/code/resend/"' in html
    assert 'data-countdown="60"' in html or 'data-countdown="59"' in html
    assert "秒后可以重新获取" in html
    resp = client.post(reverse("accounts:login_resend"), follow=True)
    html = resp.content.decode()
    assert "秒后再重新获取" in html
    assert SmsOutbox.objects.filter(mobile=MOBILE).count() == 1


def test_resend_sends_a_new_code_then_hits_the_hourly_limit_with_a_clear_message(client, settings):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    _start(client)
    html = client.get(reverse("accounts:login_code")).content.decode()
    assert "data-countdown" not in html and "没收到短信？可以重新获取。" in html
    for n in range(2, settings.OTP_RATE_PER_MOBILE[0] + 1):
        html = client.post(reverse("accounts:login_resend"), follow=True).content.decode()
        assert "新的验证码已发送到 135****5678" in html
        assert SmsOutbox.objects.filter(mobile=MOBILE).count() == n
    html = client.post(reverse("accounts:login_resend"), follow=True).content.decode()
    assert "太频繁" in html and "服务站" in html
    assert SmsOutbox.objects.filter(mobile=MOBILE).count() == settings.OTP_RATE_PER_MOBILE[0]


def test_resend_without_a_login_in_progress_goes_back_to_the_mobile_page(client):
    resp = client.post(reverse("accounts:login_resend"))
    assert resp.status_code == 302 and resp.url == reverse("accounts:login")
    assert client.get(reverse("accounts:login_resend")).status_code == 405


def test_undelivered_sms_is_said_with_resend_and_the_station_finder(client):
    from suzhaohuo.core.crypto import keyed_hash
    from suzhaohuo.core.models import SmsMessage

    _start(client)
    html = client.get(reverse("accounts:login_code")).content.decode()
    assert 'data-testid="sms-problem"' not in html
    SmsMessage.objects.create(mobile=MOBILE, mobile_hash=keyed_hash(MOBILE), purpose="otp_login", text="x",
                              provider="fake", state=SmsMessage.State.FAILED, last_error="undeliverable")
    html = client.get(reverse("accounts:login_code")).content.decode()
    assert 'data-testid="sms-problem"' in html and "验证码短信没有送达 135****5678" in html
    assert f'href="{reverse("carriers:nearby")}" data-testid="station-finder"' in html
    assert "到附近服务站办理" in html and "重新获取验证码" in html
    # a delivered one afterwards clears the notice
    SmsMessage.objects.create(mobile=MOBILE, mobile_hash=keyed_hash(MOBILE), purpose="otp_login", text="y",
                              provider="fake", state=SmsMessage.State.DELIVERED)
    assert 'data-testid="sms-problem"' not in client.get(reverse("accounts:login_code")).content.decode()

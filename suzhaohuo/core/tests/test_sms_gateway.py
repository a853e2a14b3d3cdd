"""HttpSmsBackend against a local fake gateway: signed requests, retries, rate limit, delivery receipts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from suzhaohuo.core.models import SmsMessage
from suzhaohuo.core.sms import (
    GatewayConfig,
    HttpSmsBackend,
    sign,
    signature_valid,
    sms_delivery_problem,
    sms_retry,
)

SECRET = "gateway-secret-for-tests"


class FakeGateway(BaseHTTPRequestHandler):
    failures_left = 0
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ok_sig = signature_valid(SECRET, self.headers, body)
        if not ok_sig:
            return self._answer(401, {"code": "BAD_SIGNATURE", "message": "签名错误"})
        if FakeGateway.failures_left > 0:
            FakeGateway.failures_left -= 1
            return self._answer(503, {"code": "BUSY", "message": "稍后再试"})
        data = json.loads(body)
        FakeGateway.received.append(data)
        return self._answer(200, {"code": "OK", "message_id": f"gw-{len(FakeGateway.received)}"})

    def _answer(self, status: int, data: dict[str, Any]) -> None:
        out = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway(settings: Any) -> Iterator[GatewayConfig]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeGateway.failures_left, FakeGateway.received = 0, []
    url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    settings.SMS_BACKEND = "suzhaohuo.core.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_KEY_ID, settings.SMS_GATEWAY_SECRET = url, "k1", SECRET
    yield GatewayConfig.from_settings()
    server.shutdown()
    server.server_close()


def _signed(body: bytes) -> dict[str, str]:
    ts, nonce = str(int(time.time())), "n0nce123"
    return {"HTTP_X_SMS_TIMESTAMP": ts, "HTTP_X_SMS_NONCE": nonce, "HTTP_X_SMS_SIGNATURE": sign(SECRET, ts, nonce, body)}


@pytest.mark.django_db
def test_sent_signed_then_delivered_by_receipt(gateway: GatewayConfig, client: Client) -> None:
    from suzhaohuo.core.sms import sms_send

    sms_send(mobile="13900001111", text="【速找活】验证码 123456，5分钟内有效。", purpose="otp_login")
    msg = SmsMessage.objects.get()
    assert msg.state == SmsMessage.State.SENT and msg.provider_message_id == "gw-1"
    assert FakeGateway.received[0]["to"] == "13900001111" and FakeGateway.received[0]["template"] == "SZH_OTP"
    assert "13900001111" not in str(SmsMessage.objects.values_list("mobile", flat=True).query)  # stored encrypted

    body = json.dumps({"message_id": "gw-1", "status": "DELIVERED"}).encode()
    bad = client.post("/ops/sms/receipt", body, content_type="application/json",
                      HTTP_X_SMS_TIMESTAMP=str(int(time.time())), HTTP_X_SMS_NONCE="x", HTTP_X_SMS_SIGNATURE="forged")
    assert bad.status_code == 403
    ok = client.post("/ops/sms/receipt", body, content_type="application/json", **_signed(body))
    assert ok.status_code == 200 and ok.json()["applied"] == 1
    again = client.post("/ops/sms/receipt", body, content_type="application/json", **_signed(body))
    assert again.json()["applied"] == 0  # idempotent
    msg.refresh_from_db()
    assert msg.state == SmsMessage.State.DELIVERED and msg.delivered_at is not None


@pytest.mark.django_db
def test_gateway_failure_is_retried_then_reported(gateway: GatewayConfig) -> None:
    FakeGateway.failures_left = 1
    backend = HttpSmsBackend()
    backend.send(mobile="13900002222", text="验证码 654321", purpose="otp_login")
    msg = SmsMessage.objects.get()
    assert msg.state == SmsMessage.State.QUEUED and "503" in msg.last_error and msg.attempts == 1
    assert sms_retry() == 0  # back-off not yet passed
    SmsMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert sms_retry() == 1
    msg.refresh_from_db()
    assert msg.state == SmsMessage.State.SENT and msg.attempts == 2

    FakeGateway.failures_left = 100
    backend.send(mobile="13900003333", text="验证码 111111", purpose="otp_login")
    for _ in range(6):
        SmsMessage.objects.filter(state=SmsMessage.State.QUEUED).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1))
        sms_retry()
    failed = SmsMessage.objects.get(mobile_hash__isnull=False, state=SmsMessage.State.FAILED)
    assert failed.attempts == gateway.max_attempts
    assert sms_delivery_problem(mobile="13900003333", purpose="otp_login")
    assert not sms_delivery_problem(mobile="13900002222", purpose="otp_login")


@pytest.mark.django_db
def test_provider_rate_limit_keeps_the_rest_queued(gateway: GatewayConfig, settings: Any) -> None:
    settings.SMS_GATEWAY_PER_SECOND = 2
    backend = HttpSmsBackend()
    backend.clock = lambda: 1_800_000_000.0
    for i in range(4):
        backend.send(mobile=f"1390000444{i}", text="通知", purpose="notice")
    states = list(SmsMessage.objects.order_by("id").values_list("state", flat=True))
    assert states == ["sent", "sent", "queued", "queued"] and len(FakeGateway.received) == 2
    for _round in range(3):  # the retry task's backend runs on the real clock: a new second, room for the rest
        SmsMessage.objects.filter(state=SmsMessage.State.QUEUED).update(next_attempt_at=timezone.now())
        sms_retry()
        if not SmsMessage.objects.filter(state=SmsMessage.State.QUEUED).exists():
            break
        time.sleep(1.05)
    states = dict(SmsMessage.objects.values_list("pk", "state"))
    assert set(states.values()) == {SmsMessage.State.SENT}, list(SmsMessage.objects.values_list("state", "last_error"))

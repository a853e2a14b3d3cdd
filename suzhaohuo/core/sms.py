"""SMS adapter. Select with settings.SMS_BACKEND.

* ``OutboxSmsBackend`` (development default): messages land in the outbox table for staff to read.
* ``HttpSmsBackend``: a real gateway over HTTPS. Each message is stored as an ``SmsMessage`` first, then
  submitted with a signed request; a failed or rate-limited submission stays queued and ``sms_retry`` sends
  it again with back-off; the provider's delivery receipts (``/ops/sms/receipt``, signed) mark it delivered or
  failed. Configuration comes from the environment (``SZH_SMS_*``, see deploy/README.md).

The wire format of ``HttpSmsBackend`` is a small JSON API signed with HMAC-SHA256 over
``timestamp\\nnonce\\nbody``; a provider with another scheme is a subclass overriding ``build_request`` and
``parse_response`` (the rest — storage, retries, rate limit, receipts — stays the same).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend(Protocol):
    def send(self, *, mobile: str, text: str, purpose: str) -> None: ...


class OutboxSmsBackend:
    def send(self, *, mobile: str, text: str, purpose: str) -> None:
        from suzhaohuo.core.models import SmsOutbox

        SmsOutbox.objects.create(mobile=mobile, text=text, purpose=purpose)


def sign(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"\n" + nonce.encode() + b"\n" + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def signature_valid(secret: str, headers: Any, body: bytes, *, max_skew: int = 300) -> bool:
    timestamp = headers.get("X-Sms-Timestamp", "")
    nonce = headers.get("X-Sms-Nonce", "")
    given = headers.get("X-Sms-Signature", "")
    try:
        fresh = abs(time.time() - int(timestamp)) <= max_skew
    except ValueError:
        return False
    return fresh and bool(nonce) and hmac.compare_digest(given, sign(secret, timestamp, nonce, body))


@dataclass(frozen=True)
class GatewayConfig:
    url: str
    key_id: str
    secret: str
    sign_name: str
    provider: str = "http"
    timeout: float = 5.0
    per_second: int = 20  # the provider's rate limit for this account
    max_attempts: int = 5

    @classmethod
    def from_settings(cls) -> GatewayConfig:
        return cls(url=settings.SMS_GATEWAY_URL, key_id=settings.SMS_GATEWAY_KEY_ID,
                   secret=settings.SMS_GATEWAY_SECRET, sign_name=settings.SMS_SIGN_NAME,
                   provider=settings.SMS_GATEWAY_NAME, per_second=settings.SMS_GATEWAY_PER_SECOND)


# Purposes sent with a registered template (providers in China send only approved templates).
TEMPLATES = {"otp_login": "SZH_OTP", "otp_sign_agreement": "SZH_SIGN"}


class HttpSmsBackend:
    def __init__(self, config: GatewayConfig | None = None) -> None:
        self.config = config or GatewayConfig.from_settings()
        self.clock = time.time  # the rate-limit window's clock (tests pin it)

    def send(self, *, mobile: str, text: str, purpose: str) -> None:
        from suzhaohuo.core.crypto import keyed_hash
        from suzhaohuo.core.models import SmsMessage

        msg = SmsMessage.objects.create(mobile=mobile, mobile_hash=keyed_hash(mobile), purpose=purpose, text=text,
                                        template=TEMPLATES.get(purpose, ""), provider=self.config.provider)
        self.submit(msg)

    # -- the provider's wire format --------------------------------------------------------------------------
    def build_request(self, msg: Any) -> tuple[dict[str, str], bytes]:
        body = json.dumps({"to": msg.mobile, "sign_name": self.config.sign_name, "template": msg.template,
                           "text": msg.text, "client_ref": str(msg.pk)}, ensure_ascii=False).encode()
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        headers = {"Content-Type": "application/json", "X-Sms-Key": self.config.key_id,
                   "X-Sms-Timestamp": timestamp, "X-Sms-Nonce": nonce,
                   "X-Sms-Signature": sign(self.config.secret, timestamp, nonce, body)}
        return headers, body

    def parse_response(self, status: int, data: Any) -> tuple[bool, str, str]:
        """(accepted, provider message id, error)."""
        if status == 200 and isinstance(data, dict) and data.get("code") == "OK":
            return True, str(data.get("message_id", "")), ""
        detail = data.get("message") if isinstance(data, dict) else ""
        return False, "", f"HTTP {status} {detail or ''}".strip()

    # -- storage, rate limit and retries ---------------------------------------------------------------------
    def _rate_ok(self) -> bool:
        from django.core.cache import cache

        key = f"szh:sms:rate:{self.config.provider}:{int(self.clock())}"
        cache.add(key, 0, 5)
        try:
            return int(cache.incr(key)) <= self.config.per_second
        except ValueError:
            return True

    def submit(self, msg: Any) -> bool:
        import requests
        from django.utils import timezone

        from suzhaohuo.core.models import SmsMessage

        if not self._rate_ok():
            msg.next_attempt_at = timezone.now() + timedelta(seconds=1)
            msg.save(update_fields=["next_attempt_at", "updated_at"])
            return False
        msg.attempts += 1
        headers, body = self.build_request(msg)
        try:
            resp = requests.post(self.config.url, data=body, headers=headers, timeout=self.config.timeout)
            try:
                data = resp.json()
            except ValueError:
                data = None
            ok, provider_id, error = self.parse_response(resp.status_code, data)
        except requests.RequestException as exc:
            ok, provider_id, error = False, "", f"{type(exc).__name__}"
        if ok:
            msg.state, msg.provider_message_id, msg.last_error, msg.next_attempt_at = (
                SmsMessage.State.SENT, provider_id, "", None)
        elif msg.attempts >= self.config.max_attempts:
            msg.state, msg.last_error, msg.next_attempt_at = SmsMessage.State.FAILED, error[:300], None
        else:
            msg.last_error = error[:300]
            msg.next_attempt_at = timezone.now() + timedelta(seconds=min(10 * 3 ** (msg.attempts - 1), 900))
        msg.save()
        return ok


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(*, mobile: str, text: str, purpose: str) -> None:
    get_sms_backend().send(mobile=mobile, text=text, purpose=purpose)


def sms_retry(*, limit: int = 500) -> int:
    """Submit again every queued message whose back-off has passed (HttpSmsBackend only)."""
    from django.utils import timezone

    from suzhaohuo.core.models import SmsMessage

    backend = get_sms_backend()
    if not isinstance(backend, HttpSmsBackend):
        return 0
    due = SmsMessage.objects.filter(state=SmsMessage.State.QUEUED, next_attempt_at__lte=timezone.now())
    return sum(1 for msg in due.order_by("next_attempt_at")[:limit] if backend.submit(msg))


def sms_receipt(*, provider_message_id: str, delivered: bool, error: str = "") -> bool:
    """Apply a provider's delivery receipt. Idempotent; unknown ids are ignored."""
    from django.utils import timezone

    from suzhaohuo.core.models import SmsMessage

    state = SmsMessage.State.DELIVERED if delivered else SmsMessage.State.FAILED
    changed = SmsMessage.objects.filter(provider_message_id=provider_message_id).exclude(state=state).update(
        state=state, delivered_at=timezone.now() if delivered else None, last_error=error[:300],
        updated_at=timezone.now())
    return bool(changed)


def sms_delivery_problem(*, mobile: str, purpose: str, since_seconds: int = 600) -> bool:
    """True when the latest message of ``purpose`` to ``mobile`` failed: the page then says the code did not
    arrive and offers a resend or the nearest station."""
    from django.utils import timezone

    from suzhaohuo.core.crypto import keyed_hash
    from suzhaohuo.core.models import SmsMessage

    latest = (SmsMessage.objects.filter(mobile_hash=keyed_hash(mobile), purpose=purpose,
                                        created_at__gte=timezone.now() - timedelta(seconds=since_seconds))
              .order_by("-created_at").values_list("state", flat=True).first())
    return latest == SmsMessage.State.FAILED

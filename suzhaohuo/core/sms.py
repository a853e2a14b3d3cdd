"""SMS adapter. Select with settings.SMS_BACKEND; the default writes to the outbox table."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend(Protocol):
    def send(self, *, mobile: str, text: str, purpose: str) -> None: ...


class OutboxSmsBackend:
    def send(self, *, mobile: str, text: str, purpose: str) -> None:
        from suzhaohuo.core.models import SmsOutbox

        SmsOutbox.objects.create(mobile=mobile, text=text, purpose=purpose)


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(*, mobile: str, text: str, purpose: str) -> None:
    get_sms_backend().send(mobile=mobile, text=text, purpose=purpose)

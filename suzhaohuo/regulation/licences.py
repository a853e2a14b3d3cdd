"""The 人力资源服务许可证 register: one interface, a local implementation (the register imported from the
issuing bureau's spreadsheet, ``services.licence_register_import``) and an HTTP adapter for a remote register.

Select with ``REGULATION_LICENCE_REGISTER`` (dotted path of a class with ``check(number)`` and
``is_loaded()``); the local table is the default.

Remote contract (JSON over HTTPS): GET {url}?number=... with a bearer token; answer
{"found": bool, "valid_until": "YYYY-MM-DD", "revoked": bool, "holder_name": "..."}.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

import requests
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class LicenceCheck:
    """The answer of a register: ``status`` is 'ok', 'unknown', 'expired', 'revoked' or 'error'."""

    number: str
    status: str
    holder_name: str = ""
    valid_until: date | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _status(valid_until: date | None, revoked: bool) -> str:
    if revoked:
        return "revoked"
    if valid_until is None or valid_until < timezone.localdate():
        return "expired"
    return "ok"


class LicenceRegister(Protocol):
    def check(self, number: str) -> LicenceCheck: ...

    def is_loaded(self) -> bool: ...


class LocalLicenceRegister:
    """The register imported from the bureau's spreadsheet (``LicenceRecord``)."""

    def check(self, number: str) -> LicenceCheck:
        from suzhaohuo.regulation.models import LicenceRecord

        number = (number or "").strip()
        record = LicenceRecord.objects.filter(number=number).first() if number else None
        if record is None:
            return LicenceCheck(number, "unknown")
        return LicenceCheck(number, _status(record.valid_until, record.revoked), record.holder_name,
                            record.valid_until)

    def is_loaded(self) -> bool:
        from suzhaohuo.regulation.models import LicenceRecord

        return LicenceRecord.objects.exists()


class HttpLicenceRegister:
    """A remote register (e.g. the province's 人力资源服务许可 database). A failed call answers 'error', which
    the standing check treats like 'unknown' (posting refused with a clear message) rather than letting an
    unchecked agency through."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None) -> None:
        self.url = url if url is not None else getattr(settings, "REGULATION_LICENCE_REMOTE_URL", "")
        self.token = token if token is not None else getattr(settings, "REGULATION_LICENCE_REMOTE_TOKEN", "")
        self.timeout = timeout if timeout is not None else float(getattr(settings, "REGULATION_LICENCE_TIMEOUT", 5))

    def is_loaded(self) -> bool:
        return bool(self.url)

    def check(self, number: str) -> LicenceCheck:
        number = (number or "").strip()
        try:
            resp = requests.get(self.url, params={"number": number},
                                headers={"Authorization": f"Bearer {self.token}"}, timeout=self.timeout)
            resp.raise_for_status()
            body = resp.json()
        except (requests.RequestException, ValueError):
            return LicenceCheck(number, "error")
        if not isinstance(body, dict) or not isinstance(body.get("found"), bool):
            return LicenceCheck(number, "error")
        if not body["found"]:
            return LicenceCheck(number, "unknown")
        try:
            until = date.fromisoformat(str(body.get("valid_until") or ""))
        except ValueError:
            until = None
        return LicenceCheck(number, _status(until, bool(body.get("revoked"))), str(body.get("holder_name") or ""),
                            until)


def licence_register() -> LicenceRegister:
    from django.utils.module_loading import import_string

    path = getattr(settings, "REGULATION_LICENCE_REGISTER", "")
    register: LicenceRegister = import_string(path)() if path else LocalLicenceRegister()
    return register

"""The insurer adapter: one small interface, a local implementation that issues policy numbers itself (development,
demo, and insurers without an interface), and an HTTP implementation for an insurer's API.

Every call carries an idempotency key: calling ``enrol`` twice with the same key returns the same policy number,
so a retry after a timeout never insures a worker twice.

HTTP contract (JSON):
    POST {url}/policies   {key, product, name, id_number, start, end, category, place}  → {"policy_number"}
    POST {url}/claims     {key, policy_number, incident_date, place, description}         → {"reference"}
    GET  {url}/claims/{reference}                                 → {"status": pending|approved|rejected, "amount", "note"}
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import requests
from django.conf import settings


class InsurerError(Exception):
    """The insurer could not be reached or refused the request; the caller keeps the record and retries."""


@dataclass(frozen=True, slots=True)
class EnrolRequest:
    key: str
    product: str
    name: str
    id_number: str
    start: date
    end: date
    category: str
    place: str


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    key: str
    policy_number: str
    incident_date: date
    place: str
    description: str


@dataclass(frozen=True, slots=True)
class ClaimDecision:
    status: str  # pending | approved | rejected
    amount: Decimal | None = None
    note: str = ""


class InsurerAdapter(Protocol):
    def enrol(self, req: EnrolRequest) -> str: ...

    def report_claim(self, req: ClaimRequest) -> str: ...

    def claim_status(self, reference: str) -> ClaimDecision: ...


def _digits(key: str, n: int) -> str:
    return str(int(hashlib.sha256(key.encode()).hexdigest(), 16))[:n]


class LocalInsurer:
    """Issues policy numbers and case references derived from the idempotency key (same key → same number).
    Decisions are entered on the platform by the insurer's staff, so ``claim_status`` is always pending."""

    def enrol(self, req: EnrolRequest) -> str:
        return f"SZH{req.start:%Y%m%d}{_digits(req.key, 10)}"

    def report_claim(self, req: ClaimRequest) -> str:
        return f"BA{req.incident_date:%Y%m%d}{_digits(req.key, 8)}"

    def claim_status(self, reference: str) -> ClaimDecision:
        return ClaimDecision("pending")


class HttpInsurer:
    def __init__(self, *, url: str, token: str = "", timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.timeout = timeout

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            resp = requests.request(method, f"{self.url}{path}", json=payload, headers=self.headers,
                                    timeout=self.timeout)
            resp.raise_for_status()
            data = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise InsurerError(f"{type(exc).__name__}: {exc}"[:300]) from exc
        if not isinstance(data, dict):
            raise InsurerError("unexpected response")
        return data

    def enrol(self, req: EnrolRequest) -> str:
        body = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(req).items()}
        number = str(self._call("POST", "/policies", body).get("policy_number") or "")
        if not number:
            raise InsurerError("no policy_number in response")
        return number

    def report_claim(self, req: ClaimRequest) -> str:
        body = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(req).items()}
        ref = str(self._call("POST", "/claims", body).get("reference") or "")
        if not ref:
            raise InsurerError("no reference in response")
        return ref

    def claim_status(self, reference: str) -> ClaimDecision:
        data = self._call("GET", f"/claims/{reference}")
        status = str(data.get("status") or "pending")
        if status not in ("pending", "approved", "rejected"):
            raise InsurerError(f"unknown status {status!r}")
        amount = data.get("amount")
        return ClaimDecision(status, Decimal(str(amount)) if amount not in (None, "") else None,
                             str(data.get("note") or "")[:500])


def adapter_for(name: str) -> InsurerAdapter:
    """The adapter configured as ``name`` in settings.PROTECTION_INSURERS (``local`` always exists)."""
    conf = dict(getattr(settings, "PROTECTION_INSURERS", {}).get(name) or {})
    if name == "local" and not conf:
        return LocalInsurer()
    kind = conf.pop("kind", name)
    if kind == "local":
        return LocalInsurer()
    if kind == "http" and conf.get("url"):
        return HttpInsurer(url=conf["url"], token=conf.get("token", ""), timeout=float(conf.get("timeout", 10)))
    raise InsurerError(f"insurer adapter {name!r} is not configured")


def adapter_available(name: str) -> bool:
    try:
        adapter_for(name)
    except InsurerError:
        return False
    return True

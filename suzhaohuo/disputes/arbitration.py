"""Arbitration institutions' systems behind one small adapter interface.

Today the arbitration clerk enters each step by hand (the pages call the services directly). A 仲裁院 case
system can be connected later by implementing ``ArbitrationAdapter`` and setting
``settings.DISPUTES_ARBITRATION_ADAPTER`` to its dotted path: ``arbitration_sync`` then applies the updates it
reports through the same services (actor=None, the adapter), so every rule and date check still applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ArbitrationUpdate:
    step: str  # "accepted" | "rejected" | "hearing" | "closed"
    on: date
    case_no: str = ""
    reason: str = ""
    outcome: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class ArbitrationAdapter(Protocol):
    def submit(self, case: Any) -> str:
        """Send the referral; return the institution's reference (may be empty)."""

    def updates(self, case: Any) -> list[ArbitrationUpdate]:
        """New steps for ``case`` since the last call."""


class LocalArbitrationAdapter:
    """No remote system: the clerk records everything on the case page."""

    def submit(self, case: Any) -> str:
        return ""

    def updates(self, case: Any) -> list[ArbitrationUpdate]:
        return []


def adapter() -> ArbitrationAdapter:
    path = getattr(settings, "DISPUTES_ARBITRATION_ADAPTER", "")
    return import_string(path)() if path else LocalArbitrationAdapter()


def arbitration_sync(*, case: Any, source: ArbitrationAdapter | None = None) -> int:
    """Apply the adapter's updates to ``case`` through the services; returns how many were applied."""
    from suzhaohuo.disputes import services

    n = 0
    for u in (source or adapter()).updates(case):
        case.refresh_from_db()
        if u.step == "accepted":
            services.arbitration_accept(actor=None, case=case, accepted_on=u.on, case_no=u.case_no)
        elif u.step == "rejected":
            services.arbitration_reject(actor=None, case=case, rejected_on=u.on, reason=u.reason)
        elif u.step == "hearing":
            services.arbitration_hearing_add(actor=None, case=case, hearing_on=u.on)
        elif u.step == "closed":
            services.arbitration_close(actor=None, case=case, outcome=u.outcome, award_on=u.on,
                                       amount=u.extra.get("amount"), due_on=u.extra.get("due_on"))
        else:
            continue
        n += 1
    return n

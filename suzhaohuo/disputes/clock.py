"""The statutory clock of 劳动争议调解仲裁法, as pure functions of a case's dates (no database access).

* Art 14: no mediation agreement within **15 days** of the mediation organisation receiving the application →
  either party may apply for arbitration. The period runs longer only when both parties agree to extend.
* Art 29: the arbitration committee decides to accept or reject within **5 days** of receiving the application.
* Art 43: the award within **45 days** of acceptance, extendable **once by up to 15 days** (approved by the
  committee's director). Periods the 办案规则 exclude (appraisal, jurisdiction objection, suspension,
  counterclaim) are not counted: each such pause is recorded (``ClockPause``) and added to the due date.
* Art 27: the limitation period for applying for arbitration is **1 year** from when the party knew or should
  have known of the infringement.

Periods are counted from the day after the starting day (民法典 Art 201), so "within 15 days of D" is due on
D + 15 days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from suzhaohuo.disputes.choices import ArbitrationStatus, ClockKind, DueState

MEDIATION_DAYS = 15
ARBITRATION_ACCEPT_DAYS = 5
AWARD_DAYS = 45
AWARD_EXTENSION_MAX = 15
MEDIATION_EXTENSION_MAX = 30  # a platform limit on what the parties may agree, so the clock stays meaningful
DUE_SOON_DAYS = 3


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str
    due_on: date
    state: str
    days_left: int

    @property
    def label(self) -> str:
        return str(ClockKind(self.kind).label)

    @property
    def state_label(self) -> str:
        return str(DueState(self.state).label)


def due_state(due_on: date, today: date) -> str:
    if today > due_on:
        return DueState.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return DueState.DUE_SOON
    return DueState.OK


def paused_days(pauses: Iterable[Any], clock: str, until: date) -> int:
    """Days the ``clock`` stood still up to ``until`` (an open pause runs until ``until``)."""
    total = 0
    for p in pauses:
        if p.clock != clock or p.started_on > until:
            continue
        end = min(p.ended_on or until, until)
        total += max(0, (end - p.started_on).days)
    return total


def mediation_due(case: Any) -> date | None:
    if case.mediation_accepted_on is None:
        return None
    return case.mediation_accepted_on + timedelta(days=MEDIATION_DAYS + (case.mediation_extension_days or 0))


def arbitration_accept_due(case: Any) -> date | None:
    if case.arbitration_applied_on is None:
        return None
    return case.arbitration_applied_on + timedelta(days=ARBITRATION_ACCEPT_DAYS)


def award_due(case: Any, pauses: Iterable[Any], today: date) -> date | None:
    if case.arbitration_accepted_on is None:
        return None
    until = case.arbitration_closed_on or today
    return case.arbitration_accepted_on + timedelta(
        days=AWARD_DAYS + (case.arbitration_extension_days or 0) + paused_days(pauses, ClockKind.AWARD, until))


def limitation_end(arose_on: date) -> date:
    try:
        return arose_on.replace(year=arose_on.year + 1)
    except ValueError:  # 29 February
        return arose_on.replace(year=arose_on.year + 1, day=28)


def limitation_state(case: Any, today: date) -> str | None:
    """None (no date, or well within), DUE_SOON (within 30 days of the end) or OVERDUE (past one year)."""
    if not case.claim_arose_on:
        return None
    end = limitation_end(case.claim_arose_on)
    when = case.arbitration_applied_on or today
    if when > end:
        return DueState.OVERDUE
    if (end - when).days <= 30:
        return DueState.DUE_SOON
    return None


def mediation_within_limit(case: Any) -> bool | None:
    """Did mediation end within its period (15 days + agreed extension)? None while it runs."""
    due = mediation_due(case)
    if due is None or case.mediation_closed_on is None:
        return None
    return case.mediation_closed_on <= due


def active_deadlines(case: Any, *, pauses: Iterable[Any], payments: Iterable[Any], today: date) -> list[Deadline]:
    """The deadlines running now for a case (the queue and the reminders use these)."""
    pauses = list(pauses)
    out: list[Deadline] = []

    def add(kind: str, due: date | None) -> None:
        if due is not None:
            out.append(Deadline(kind, due, due_state(due, today), (due - today).days))

    if case.status == "mediating" and case.mediation_closed_on is None:
        add(ClockKind.MEDIATION, mediation_due(case))
    if case.arbitration_status == ArbitrationStatus.APPLIED:
        add(ClockKind.ARBITRATION_ACCEPT, arbitration_accept_due(case))
    if case.arbitration_status == ArbitrationStatus.ACCEPTED and case.arbitration_closed_on is None:
        add(ClockKind.AWARD, award_due(case, pauses, today))
    if case.status in ("fulfilling", "arbitration", "closed") and not case.closed_on:
        for p in payments:
            if p.paid_on is None:
                add(ClockKind.PAYMENT, p.due_on)
    return sorted(out, key=lambda d: d.due_on)

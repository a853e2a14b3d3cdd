"""Every rule of the statutory clock (劳动争议调解仲裁法 Arts 14, 27, 29, 43), as pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from suzhaohuo.disputes import clock


@dataclass
class C:
    status: str = "mediating"
    mediation_accepted_on: date | None = None
    mediation_extension_days: int = 0
    mediation_closed_on: date | None = None
    arbitration_status: str = ""
    arbitration_applied_on: date | None = None
    arbitration_accepted_on: date | None = None
    arbitration_extension_days: int = 0
    arbitration_closed_on: date | None = None
    claim_arose_on: date | None = None
    closed_on: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class P:
    started_on: date
    ended_on: date | None = None
    clock: str = "award"


D = date(2026, 11, 1)


def test_mediation_is_due_15_days_after_acceptance() -> None:
    assert clock.mediation_due(C(mediation_accepted_on=D)) == date(2026, 11, 16)
    assert clock.mediation_due(C()) is None


def test_mediation_extension_only_adds_the_agreed_days() -> None:
    assert clock.mediation_due(C(mediation_accepted_on=D, mediation_extension_days=10)) == date(2026, 11, 26)


def test_mediation_within_limit_counts_the_last_day_and_the_extension() -> None:
    assert clock.mediation_within_limit(C(mediation_accepted_on=D, mediation_closed_on=date(2026, 11, 16)))
    assert not clock.mediation_within_limit(C(mediation_accepted_on=D, mediation_closed_on=date(2026, 11, 17)))
    assert clock.mediation_within_limit(C(mediation_accepted_on=D, mediation_extension_days=5,
                                          mediation_closed_on=date(2026, 11, 21)))
    assert clock.mediation_within_limit(C(mediation_accepted_on=D)) is None


def test_arbitration_acceptance_decision_is_due_in_5_days() -> None:
    assert clock.arbitration_accept_due(C(arbitration_applied_on=D)) == date(2026, 11, 6)


def test_award_is_due_45_days_after_acceptance_extendable_by_15() -> None:
    case = C(arbitration_accepted_on=D)
    assert clock.award_due(case, [], date(2026, 11, 2)) == date(2026, 12, 16)
    case.arbitration_extension_days = 15
    assert clock.award_due(case, [], date(2026, 11, 2)) == date(2026, 12, 31)


def test_recorded_pauses_stop_the_award_clock_and_an_open_pause_runs_until_today() -> None:
    case = C(arbitration_accepted_on=D)
    closed_pause = P(date(2026, 11, 10), date(2026, 11, 20))  # 10 days
    assert clock.award_due(case, [closed_pause], date(2026, 11, 25)) == date(2026, 12, 26)
    open_pause = P(date(2026, 11, 10))
    assert clock.award_due(case, [open_pause], date(2026, 11, 13)) == date(2026, 12, 19)
    mediation_pause = P(date(2026, 11, 10), date(2026, 11, 20), clock="mediation")  # not the award clock
    assert clock.award_due(case, [mediation_pause], date(2026, 11, 25)) == date(2026, 12, 16)


def test_limitation_is_one_year_and_flags_old_claims() -> None:
    assert clock.limitation_end(date(2025, 11, 1)) == date(2026, 11, 1)
    assert clock.limitation_end(date(2024, 2, 29)) == date(2025, 2, 28)
    assert clock.limitation_state(C(claim_arose_on=date(2025, 10, 1)), date(2026, 11, 1)) == "overdue"
    assert clock.limitation_state(C(claim_arose_on=date(2025, 11, 20)), date(2026, 11, 1)) == "due_soon"
    assert clock.limitation_state(C(claim_arose_on=date(2026, 10, 1)), date(2026, 11, 1)) is None
    # what counts is the day arbitration was applied for
    assert clock.limitation_state(C(claim_arose_on=date(2025, 10, 1), arbitration_applied_on=date(2026, 8, 1)),
                                  date(2026, 11, 1)) is None


def test_due_states() -> None:
    due = date(2026, 11, 16)
    assert clock.due_state(due, date(2026, 11, 12)) == "ok"
    assert clock.due_state(due, date(2026, 11, 13)) == "due_soon"
    assert clock.due_state(due, date(2026, 11, 16)) == "due_soon"
    assert clock.due_state(due, date(2026, 11, 17)) == "overdue"


def test_active_deadlines_follow_the_case_state() -> None:
    today = date(2026, 11, 20)
    assert [d.kind for d in clock.active_deadlines(C(mediation_accepted_on=D), pauses=[], payments=[],
                                                    today=today)] == ["mediation"]
    arb = C(status="arbitration", arbitration_status="applied", arbitration_applied_on=date(2026, 11, 18))
    [d] = clock.active_deadlines(arb, pauses=[], payments=[], today=today)
    assert (d.kind, d.due_on, d.state) == ("arb_accept", date(2026, 11, 23), "due_soon")
    arb = C(status="arbitration", arbitration_status="accepted", arbitration_accepted_on=date(2026, 9, 1))
    [d] = clock.active_deadlines(arb, pauses=[], payments=[], today=today)
    assert (d.kind, d.state) == ("award", "overdue")

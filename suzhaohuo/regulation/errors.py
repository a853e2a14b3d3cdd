from __future__ import annotations

from enum import StrEnum


class RegulationErrorCode(StrEnum):
    SANCTIONED = "sanctioned"
    ACCOUNT_CLOSED = "account_closed"
    LISTED = "abnormal_listed"
    SOURCE_SUSPENDED = "source_suspended"
    REVERIFY_DUE = "reverification_due"
    LICENCE_INVALID = "licence_invalid"
    THROTTLED = "throttled"
    BAD_INPUT = "bad_input"
    BAD_STATE = "bad_state"
    NOT_FOUND = "not_found"

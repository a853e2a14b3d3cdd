from enum import StrEnum


class ProtectionErrorCode(StrEnum):
    NOT_STARTED = "engagement_not_started"
    NO_COVER = "no_cover"
    NOT_INSURED = "not_insured"
    OUTSIDE_COVER = "date_outside_cover"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_DECISION = "bad_decision"
    BAD_STATE = "bad_state"
    BAD_FILE = "bad_file"
    ADAPTER = "insurer_unavailable"

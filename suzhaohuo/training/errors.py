from enum import StrEnum


class TrainingErrorCode(StrEnum):
    PROVIDER_REQUIRED = "provider_required"
    PROVIDER_NOT_VERIFIED = "provider_not_verified"
    PROVIDER_EXISTS = "provider_exists"
    LICENCE_REQUIRED = "licence_required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    ALREADY_ENROLLED = "already_enrolled"
    FULL = "course_full"
    STARTED = "course_started"
    NO_SESSIONS = "no_sessions"
    NOT_ENROLLED = "not_enrolled"
    ALREADY_ATTENDED = "already_attended"
    SESSION_NOT_OPEN = "session_not_open"
    CONSENT_REQUIRED = "consent_required"
    NOT_COMPLETE = "course_not_complete"
    ALREADY_ASSESSED = "already_assessed"
    ALREADY_CLAIMED = "already_claimed"
    NOTHING_TO_CLAIM = "nothing_to_claim"
    BAD_PERIOD = "bad_period"
    NOT_YOURS = "not_yours"

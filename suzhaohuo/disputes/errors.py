from enum import StrEnum


class DisputeErrorCode(StrEnum):
    BAD_CATEGORY = "bad_category"
    DESCRIPTION_REQUIRED = "description_required"
    SUBJECT_REQUIRED = "subject_required"
    NOT_YOUR_ENGAGEMENT = "not_your_engagement"
    ANONYMOUS_NOT_ALLOWED = "anonymous_not_allowed"
    LOGIN_REQUIRED = "login_required"
    BAD_STATE = "bad_state"
    REASON_REQUIRED = "reason_required"
    BAD_DATE = "bad_date"
    BAD_AMOUNT = "bad_amount"
    CONSENT_REQUIRED = "consent_required"
    NOT_A_PARTY = "not_a_party"
    ALREADY_OPEN = "case_already_open"
    BAD_FILE = "bad_file"
    NO_MEDIATOR = "no_mediator"
    EXTENSION_USED = "extension_used"
    BAD_PAUSE = "bad_pause"
    NOT_FOUND = "not_found"

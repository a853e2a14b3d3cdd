from enum import StrEnum


class AssistanceErrorCode(StrEnum):
    CONSENT_REQUIRED = "consent_required"
    EVIDENCE_REQUIRED = "evidence_required"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_PERSON = "unknown_person"
    ALREADY_IDENTIFIED = "already_identified"
    NOT_ELIGIBLE = "not_eligible"
    TERM_LIMIT = "term_limit"
    BAD_STATE = "bad_state"
    BAD_INPUT = "bad_input"
    REQUIRED = "required"

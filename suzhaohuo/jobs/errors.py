from enum import StrEnum


class JobErrorCode(StrEnum):
    NOT_VERIFIED = "employer_not_verified"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_PAY_UNIT = "unknown_pay_unit"
    UNKNOWN_SETTLEMENT = "unknown_settlement"
    BAD_DATES = "bad_dates"
    BAD_HEADCOUNT = "bad_headcount"
    BAD_PAY = "bad_pay"
    TOO_LONG = "too_long"
    REQUIRED = "required"
    BAD_VALIDITY = "bad_validity"
    BAD_STATE = "bad_state"
    BLOCKED = "blocked_by_screening"
    NOT_OWNER = "not_owner"
    OUT_OF_SCOPE = "out_of_scope"
    BAD_COORDINATES = "bad_coordinates"
    UNKNOWN_COVER = "unknown_cover"

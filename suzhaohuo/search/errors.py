from enum import StrEnum


class SearchErrorCode(StrEnum):
    BAD_COORDINATE = "bad_coordinate"
    COORDINATE_MISSING = "coordinate_missing"
    BAD_COORD_SYSTEM = "bad_coord_system"
    RADIUS_TOO_LARGE = "radius_too_large"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_TOWNSHIP = "unknown_township"
    UNKNOWN_SETTLEMENT = "unknown_settlement"
    BAD_PAGE = "bad_page"
    QUERY_TOO_LONG = "query_too_long"
    BAD_PAY = "bad_pay"
    BAD_DATE = "bad_date"
    NOT_A_WORKER = "not_a_worker"

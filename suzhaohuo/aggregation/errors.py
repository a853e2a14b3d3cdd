from enum import StrEnum


class AggregationErrorCode(StrEnum):
    BAD_API_KEY = "bad_api_key"
    SOURCE_SUSPENDED = "source_suspended"
    TOO_MANY_ITEMS = "too_many_items"
    NO_ITEMS = "no_items"
    NOT_OPERATOR = "not_operator"
    FILE_TOO_LARGE = "file_too_large"
    FILE_EMPTY = "file_empty"
    FILE_NOT_SPREADSHEET = "file_not_spreadsheet"
    FILE_BAD_HEADERS = "file_bad_headers"
    FILE_MERGED_CELLS = "file_merged_cells"
    UNKNOWN_EXTERNAL_ID = "unknown_external_id"
    BAD_NAME = "bad_name"
    BAD_CONTRACT = "bad_contract"
    NO_REASON = "reason_required"
    BAD_STATE = "bad_state"
    PULL_FAILED = "pull_failed"

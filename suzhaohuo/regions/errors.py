from enum import StrEnum


class RegionErrorCode(StrEnum):
    UNKNOWN_REGION = "unknown_region"
    NOT_A_TOWNSHIP = "not_a_township"
    BAD_FILE = "bad_file"

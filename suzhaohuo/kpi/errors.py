from enum import StrEnum


class KpiErrorCode(StrEnum):
    BAD_PERIOD = "kpi_bad_period"
    BAD_REGION = "kpi_bad_region"
    BAD_CODE = "kpi_bad_code"
    NO_DEPARTMENT = "kpi_no_department"
    BAD_CASE = "kpi_bad_case"
    BAD_CAMPAIGN = "kpi_bad_campaign"

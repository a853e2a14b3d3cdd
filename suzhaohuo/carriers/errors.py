from enum import StrEnum


class CarrierErrorCode(StrEnum):
    KIND_REQUIRED = "kind_required"
    PARTNER_REQUIRED = "partner_required"
    NAME_REQUIRED = "name_required"
    ADDRESS_REQUIRED = "address_required"
    BAD_REGION_LEVEL = "bad_region_level"
    OUT_OF_BOUNDS = "out_of_bounds"
    COORDINATES_REQUIRED = "coordinates_required"
    DUPLICATE_ADDRESS = "duplicate_address"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_STAFF = "not_station_staff"
    NO_CARRIER = "no_carrier"
    BAD_PHONE = "bad_phone"
    UNKNOWN_SERVICE = "unknown_service"
    PERSON_OUT_OF_AREA = "person_out_of_area"
    JOB_OUT_OF_AREA = "job_out_of_area"
    EMPLOYER_OUT_OF_AREA = "employer_out_of_area"
    AUTHORIZATION_REQUIRED = "authorization_required"
    NOTHING_SELECTED = "nothing_selected"
    BAD_LOCATION = "bad_location"

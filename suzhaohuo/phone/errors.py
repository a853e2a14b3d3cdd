from enum import StrEnum


class PhoneErrorCode(StrEnum):
    BAD_SIGNATURE = "phone_bad_signature"
    BAD_REQUEST = "phone_bad_request"
    UNKNOWN_CALL = "phone_unknown_call"
    CALLBACK_HANDLED = "phone_callback_handled"
    BAD_INPUT = "phone_bad_input"

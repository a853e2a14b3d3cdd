from enum import StrEnum


class AccountErrorCode(StrEnum):
    INVALID_MOBILE = "invalid_mobile"
    OTP_RATE_LIMITED = "otp_rate_limited"
    OTP_TOO_SOON = "otp_too_soon"
    OTP_WRONG = "otp_wrong"
    OTP_EXPIRED = "otp_expired"
    OTP_TOO_MANY_ATTEMPTS = "otp_too_many_attempts"
    LOCKED_OUT = "locked_out"
    BAD_CREDENTIALS = "bad_credentials"
    USERNAME_TAKEN = "username_taken"
    MOBILE_TAKEN = "mobile_taken"
    BAD_ROLE = "bad_role"
    SCOPE_REQUIRED = "scope_required"
    REVEAL_RATE_LIMITED = "reveal_rate_limited"
    ACCOUNT_DELETED = "account_deleted"
    STAFF_USE_PASSWORD = "staff_use_password"
    BAD_CONSENT = "bad_consent"
    PRIVACY_REQUIRED = "privacy_required"

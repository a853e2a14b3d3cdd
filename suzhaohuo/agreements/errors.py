from enum import StrEnum


class AgreementErrorCode(StrEnum):
    NOT_A_PARTY = "not_a_party"
    ALREADY_SIGNED = "already_signed"
    ALREADY_SEALED = "already_sealed"
    NOT_SIGNABLE = "not_signable"
    NO_MOBILE = "no_mobile"
    CODE_REQUIRED = "code_required"
    NOT_FOUND = "agreement_not_found"
    ENGAGEMENT_NOT_ACCEPTED = "engagement_not_accepted"
    WORKER_NOT_VERIFIED = "worker_not_verified"
    TERMS_CHANGED = "terms_changed"
    CHAIN_APPEND_ONLY = "chain_append_only"
    NOT_PDF = "not_pdf"
    FILE_TOO_LARGE = "file_too_large"
    FILE_REQUIRED = "file_required"
    NUMBER_REQUIRED = "number_required"
    CHECK_CODE_REQUIRED = "check_code_required"
    NOT_SEALED = "not_sealed"

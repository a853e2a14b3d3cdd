from enum import StrEnum


class IdentityErrorCode(StrEnum):
    INVALID_ID_NUMBER = "invalid_id_number"
    DUPLICATE_ID_NUMBER = "duplicate_id_number"
    INVALID_USCC = "invalid_uscc"
    DUPLICATE_USCC = "duplicate_uscc"
    NAME_REQUIRED = "name_required"
    KIND_REQUIRED = "kind_required"
    NOT_VERIFIED = "not_verified"
    BAD_STATE = "bad_state"
    OUT_OF_SCOPE = "out_of_scope"
    PROVIDER_FAILED = "provider_failed"
    LICENCE_REQUIRED = "licence_required"
    BAD_IMAGE = "bad_image"
    REASON_REQUIRED = "reason_required"
    ID_CARD_NOT_SEEN = "id_card_not_seen"

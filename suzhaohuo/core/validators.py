"""Check digits and formats from GB 11643-1999, GB 32100-2015 and mobile numbering (REFERENCE §5)."""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE_RE = re.compile(r"^(?:\+86|0086)?(1[3-9]\d{9})$")


def normalize_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def id_number_is_valid(value: str) -> bool:
    v = normalize_id_number(value)
    if len(v) != 18 or not v[:17].isdigit():
        return False
    try:
        date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == v[17]


def id_number_birth_date(value: str) -> date:
    v = normalize_id_number(value)
    return date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def id_number_gender(value: str) -> str:
    """'M' when the sequence digit is odd, else 'F'."""
    return "M" if int(normalize_id_number(value)[16]) % 2 == 1 else "F"


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31]


def uscc_is_valid(value: str) -> bool:
    v = value.strip().upper()
    if len(v) != 18 or any(c not in _USCC_CHARSET for c in v):
        return False
    return uscc_check_char(v[:17]) == v[17]


def normalize_mobile(value: str) -> str | None:
    """Return the bare 11-digit mobile, or None when malformed."""
    v = re.sub(r"[\s-]", "", value or "")
    m = _MOBILE_RE.match(v)
    return m.group(1) if m else None


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]

"""Check digits and formats from GB 11643-1999, GB 32100-2015 and mobile numbering (REFERENCE §5).

Numbers are normalised as people type them (full-width characters, spaces, hyphens); check digits and the
GB/T 2260 division list come from python-stdnum."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE_RE = re.compile(r"^(?:\+86|0086)?(1[3-9]\d{9})$")


_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−－_·.]")


def _compact(value: str) -> str:
    """Full-width → half-width (NFKC), separators people type (spaces, hyphens, dots) removed, upper case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def normalize_id_number(value: str) -> str:
    return _compact(value)


@lru_cache(maxsize=1)
def _local_divisions() -> frozenset[str]:
    """Division codes of the deployment's own region table (functional zones such as 321371 that the national
    list carries without a county name)."""
    import csv

    from django.conf import settings

    path = getattr(settings, "SZH_REGION_CSV", "")
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return frozenset(r["code"][:6] for r in csv.DictReader(fh) if len(r.get("code", "")) >= 6)
    except (OSError, KeyError):
        return frozenset()


@lru_cache(maxsize=8192)  # a pure answer per code (the lists are fixed while the process runs)
def division_code_known(code6: str) -> bool:
    """A six-digit administrative division code (GB/T 2260) that exists or existed: python-stdnum's national list,
    historical codes included (a number keeps the code of where it was issued, whatever the birth year), or the
    deployment's own region table."""
    if len(code6) != 6 or not code6.isdigit():
        return False
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(code6) for k, v in props.items()}
    return bool(info.get("county")) or code6 in _local_divisions()


def id_number_problem(value: str, *, today: date | None = None) -> str:
    """'' for a valid resident ID number, else why not: length, format, checksum, birth_date, future_birth,
    division. Check digit by python-stdnum (stdnum.cn.ric, GB 11643)."""
    from stdnum.cn import ric

    v = normalize_id_number(value)
    if len(v) != 18:
        return "length"
    if not v[:17].isdigit() or v[17] not in "0123456789X":
        return "format"
    if ric.calc_check_digit(v) != v[17]:
        return "checksum"
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "birth_date"
    if born > (today or date.today()):
        return "future_birth"
    if born.year < 1900:
        return "birth_date"
    if not division_code_known(v[:6]):
        return "division"
    return ""


def id_number_is_valid(value: str) -> bool:
    return not id_number_problem(value)


def id_number_birth_date(value: str) -> date:
    v = normalize_id_number(value)
    return date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def id_number_gender(value: str) -> str:
    """'M' when the sequence digit is odd, else 'F'."""
    return "M" if int(normalize_id_number(value)[16]) % 2 == 1 else "F"


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    return _compact(value)


def uscc_problem(value: str) -> str:
    """'' for a valid unified social credit code, else why not: length, format, checksum, division.
    Check character by python-stdnum (stdnum.cn.uscc, GB 32100); characters 3–8 are a division code. The first
    two characters may be letters (registration authority Y/A/N…), which stdnum's format check does not allow."""
    from stdnum.cn import uscc

    v = normalize_uscc(value)
    if len(v) != 18:
        return "length"
    if any(c not in _USCC_CHARSET for c in v) or not v[2:8].isdigit():
        return "format"
    if uscc.calc_check_digit(v) != v[17]:
        return "checksum"
    if not division_code_known(v[2:8]):
        return "division"
    return ""


def uscc_is_valid(value: str) -> bool:
    return not uscc_problem(value)


def normalize_mobile(value: str) -> str | None:
    """Return the bare 11-digit mobile, or None when malformed."""
    v = re.sub(r"[\s-]", "", value or "")
    m = _MOBILE_RE.match(v)
    return m.group(1) if m else None


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]

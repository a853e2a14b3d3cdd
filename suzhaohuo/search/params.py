"""Search parameters and their parsing/validation from a query dict (shared by pages, the API and selectors)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.search.errors import SearchErrorCode


@dataclass
class SearchParams:
    q: str = ""
    lat: float | None = None
    lng: float | None = None
    coord: str = "wgs84"
    radius_km: float | None = None
    category: str = ""
    settlement: str = ""
    pay_min: Decimal | None = None
    township: str = ""
    page: int = 1
    page_size: int = 20
    date: date | None = None  # work available on this day


def parse_decimal(value: Any, field_name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise AppError(SearchErrorCode.BAD_PAY, _("请输入数字，例如 150。"), field_name, status=400) from None
    if not d.is_finite() or d < 0 or d > 100000:
        raise AppError(SearchErrorCode.BAD_PAY, _("请输入0到100000之间的金额。"), field_name, status=400)
    return d


def _float(value: Any, field: str, message: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        out = float(str(value).strip())
    except ValueError:
        raise AppError(SearchErrorCode.BAD_COORDINATE, message, field, status=400) from None
    if not math.isfinite(out):
        raise AppError(SearchErrorCode.BAD_COORDINATE, message, field, status=400)
    return out


def _int(value: Any, field: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        raise AppError(SearchErrorCode.BAD_PAGE, _("请输入数字页码，例如 1。"), field, status=400) from None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise AppError(SearchErrorCode.BAD_DATE, _("请按“2026-05-01”的格式选择日期。"), "date", status=400) from None


def search_params_from(data: Mapping[str, Any], *, page_size: int = 20) -> SearchParams:
    """Build SearchParams from a query dict. Raises AppError(field=...) with a message saying what to do."""
    def get(name: str) -> Any:
        value = data.get(name)
        return value.strip() if isinstance(value, str) else value

    radius = _float(get("radius_km"), "radius_km", _("请输入数字形式的距离（公里），例如 5。"))
    settlement = get("settlement") or ""
    if not settlement and str(get("daily") or "") in ("1", "on", "true"):
        settlement = "daily"
    return SearchParams(
        q=get("q") or "",
        lat=_float(get("lat"), "lat", _("请输入数字形式的纬度，例如 34.12。")),
        lng=_float(get("lng"), "lng", _("请输入数字形式的经度，例如 118.77。")),
        coord=(get("coord") or "wgs84").lower(),
        radius_km=radius,
        category=get("category") or "",
        settlement=settlement,
        pay_min=parse_decimal(get("pay_min"), "pay_min"),
        township=get("township") or "",
        page=_int(get("page"), "page", 1),
        page_size=_int(get("page_size"), "page_size", page_size),
        date=_date(get("date")),
    )

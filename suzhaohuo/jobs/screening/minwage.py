"""Jiangsu minimum wage by county class, kept as data (suzhaohuo/jobs/data/min_wage.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "min_wage.json"


@dataclass(frozen=True)
class MinWage:
    wage_class: str
    monthly: Decimal
    hourly: Decimal
    effective_from: date
    source: str


def _d(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


@lru_cache(maxsize=1)
def _data() -> dict:
    with DATA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


def _active(items: list[dict], on: date) -> list[dict]:
    out = []
    for it in items:
        start, end = _d(it.get("effective_from")), _d(it.get("effective_to"))
        if (start is None or start <= on) and (end is None or on <= end):
            out.append(it)
    return out


def county_class(county_code: str | None, on: date) -> str:
    data = _data()
    if county_code:
        rows = [r for r in _active(data["county_class"], on) if r["county"] == county_code[:6]]
        if rows:
            return max(rows, key=lambda r: r["effective_from"])["class"]
    return data["default_class"]


def min_wage_for(township_or_county: str | None, on: date | None = None) -> MinWage | None:
    """The minimum wage that applies at a place on a date; None before the first table."""
    on = on or date.today()
    tables = _active(_data()["tables"], on)
    if not tables:
        return None
    table = max(tables, key=lambda t: t["effective_from"])
    cls = county_class(township_or_county, on)
    return MinWage(wage_class=cls, monthly=Decimal(str(table["monthly"][cls])),
                   hourly=Decimal(str(table["hourly"][cls])), effective_from=date.fromisoformat(table["effective_from"]),
                   source=table["source"])


def default_daily_hours() -> Decimal:
    return Decimal(str(_data().get("default_daily_hours", 8)))

"""Indicator providers: how a domain app hands a plan figure to the KPI module without the KPI module
importing it (and without the app importing KPI).

An app that owns a figure defines it in its ``indicators`` module (discovered at start-up)::

    from suzhaohuo.kernel.indicators import Period, provides

    @provides("training_completed")
    def training_completed(*, period: Period, region_prefix: str | None) -> Reading:
        return Reading(value=..., numerator=..., denominator=...)

``region_prefix`` is a region-code prefix (None = the whole deployment); ``period`` is [start, end) in
dates. The KPI module calls ``read(code, ...)``; a code nobody provides reads as ``None`` (「未接入」).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Period:
    start: date  # inclusive
    end: date  # exclusive


@dataclass(frozen=True, slots=True)
class Reading:
    value: Decimal | int | None  # None: not computable (e.g. a rate with no denominator)
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""


Provider = Callable[..., Reading]
_PROVIDERS: dict[str, Provider] = {}


def provides(code: str) -> Callable[[Provider], Provider]:
    def register(fn: Provider) -> Provider:
        _PROVIDERS[code] = fn
        return fn

    return register


def provided_codes() -> list[str]:
    return sorted(_PROVIDERS)


def read(code: str, *, period: Period, region_prefix: str | None) -> Reading | None:
    fn = _PROVIDERS.get(code)
    return None if fn is None else fn(period=period, region_prefix=region_prefix)

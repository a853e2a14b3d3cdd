"""Pay text: the one rendering of a posting's pay, used by pages, PDFs, the kiosk, the weekly board, pushes,
SMS and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _


def money_text(value: Decimal | int | float | None) -> str:
    """``Decimal('150.00')`` → 「150」, ``Decimal('0.50')`` → 「0.5」; None → 「」."""
    if value is None:
        return ""
    text = f"{Decimal(value):.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pay_text(job: Any, *, unit_sep: str = " ", negotiable: str | None = None) -> str:
    """「150–200 元/天」, 「0.5 元/件」 or 「面议」 for a posting (anything with pay_min, pay_max, pay_unit and
    ``get_pay_unit_display``). The agreement document writes the unit without a space and spells out what
    「面议」 means there (``unit_sep=""``, ``negotiable=...``)."""
    lo, hi = getattr(job, "pay_min", None), getattr(job, "pay_max", None)
    if getattr(job, "pay_negotiable", False) or (lo is None and hi is None):
        return _("面议") if negotiable is None else negotiable
    unit = job.get_pay_unit_display()
    if lo is not None and hi is not None and lo != hi:
        return f"{money_text(lo)}–{money_text(hi)}{unit_sep}{unit}"
    return f"{money_text(lo if lo is not None else hi)}{unit_sep}{unit}"

"""Entries for the 「我的」 menu (collected by accounts.menu)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False) or user.role not in ("worker", "employer"):
        return []
    return [(_("我的协议"), reverse("agreements:list"))]

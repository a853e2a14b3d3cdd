"""workers' entries in the 「我的」 menu (see accounts/menu.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user: Any) -> list[tuple[str, str]]:
    if getattr(user, "is_authenticated", False) and user.role == "worker":
        return [(_("我的求职档案"), reverse("workers:profile"))]
    return []

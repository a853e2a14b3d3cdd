"""The 「我的」 menu registry.

Any installed app may provide ``suzhaohuo.<app>.menu`` with ``links(user) -> list[tuple[str, str]]``
(label, url). ``collect(user)`` gathers them in INSTALLED_APPS order for accounts/me.html.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext as _


def collect(user: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for cfg in apps.get_app_configs():
        if not cfg.name.startswith("suzhaohuo."):
            continue
        try:
            module = importlib.import_module(f"{cfg.name}.menu")
        except ModuleNotFoundError as exc:
            if exc.name == f"{cfg.name}.menu":
                continue
            raise
        fn = getattr(module, "links", None)
        if fn is None:
            continue
        for label, url in fn(user) or []:
            out.append((str(label), str(url)))
    return out


def links(user: Any) -> list[tuple[str, str]]:
    """accounts' own entries."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = [(_("我的数据与授权"), reverse("accounts:my_data"))]
    if user.is_staff_role:
        out.append((_("管理后台"), reverse("admin:index")))
    return out

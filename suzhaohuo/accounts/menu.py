"""The 「我的」 menu registry.

Any installed app may provide ``suzhaohuo.<app>.menu`` with ``links(user) -> list[tuple[str, str]]``
(label, url). ``collect(user)`` gathers them in INSTALLED_APPS order for accounts/me.html.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


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
        try:
            entries = list(fn(user) or [])
        except NoReverseMatch:  # an app still being wired must not break everyone's 「我的」 page
            log.warning("menu links of %s point at an unknown URL", cfg.name, exc_info=True)
            continue
        out.extend((str(label), str(url)) for label, url in entries)
    return out


def links(user: Any) -> list[tuple[str, str]]:
    """accounts' own entries."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = [(_("我的数据与授权"), reverse("accounts:my_data"))]
    if user.is_staff_role:
        out.append((_("管理后台"), reverse("admin:index")))
    return out

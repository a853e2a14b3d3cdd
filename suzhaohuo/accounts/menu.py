"""The 「我的」 menu registry.

Any installed app may provide ``suzhaohuo.<app>.menu`` with ``links(user) -> list[tuple[str, str]]``
(label, url). ``collect(user)`` gathers them in INSTALLED_APPS order for accounts/me.html.

The same module may also contribute to the person's own pages, so accounts needs no upward import
(ADR 0009): ``me_context(user) -> dict`` (template context of 「我的」), ``me_summary(user) -> dict`` (fields
of ``accounts.selectors.me_summary``, the /api/v1/me body) and ``after_login_url(user) -> str | None`` (where a
new account goes after its first login, e.g. real-name registration).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from suzhaohuo.core.admin import can_use_admin

log = logging.getLogger(__name__)


def _menu_modules() -> Iterator[ModuleType]:
    for cfg in apps.get_app_configs():
        if not cfg.name.startswith("suzhaohuo."):
            continue
        try:
            yield importlib.import_module(f"{cfg.name}.menu")
        except ModuleNotFoundError as exc:
            if exc.name == f"{cfg.name}.menu":
                continue
            raise


def _merged(hook: str, user: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for module in _menu_modules():
        fn = getattr(module, hook, None)
        if fn is not None:
            out.update(fn(user) or {})
    return out


def collect_me_context(user: Any) -> dict[str, Any]:
    """Template context the apps add to the 「我的」 page."""
    return _merged("me_context", user)


def collect_me_summary(user: Any) -> dict[str, Any]:
    """Fields the apps add to the person's own summary (/api/v1/me)."""
    return _merged("me_summary", user)


def collect_after_login_url(user: Any) -> str | None:
    """The first app that wants a new account somewhere after login (e.g. real-name registration)."""
    for module in _menu_modules():
        fn = getattr(module, "after_login_url", None)
        url = fn(user) if fn is not None else None
        if url:
            return str(url)
    return None


def collect(user: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for module in _menu_modules():
        fn = getattr(module, "links", None)
        if fn is None:
            continue
        try:
            entries = list(fn(user) or [])
        except NoReverseMatch:  # an app still being wired must not break everyone's 「我的」 page
            log.warning("menu links of %s point at an unknown URL", module.__name__, exc_info=True)
            continue
        out.extend((str(label), str(url)) for label, url in entries)
    return out


def links(user: Any) -> list[tuple[str, str]]:
    """accounts' own entries."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = [(_("我的数据与授权"), reverse("accounts:my_data"))]
    if can_use_admin(user):
        out.append((_("管理后台"), reverse("admin:index")))
    return out

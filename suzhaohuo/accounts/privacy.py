"""PIPL hooks across apps (Arts 45-47: access, copy, deletion).

Any installed app may provide ``suzhaohuo.<app>.privacy`` with either or both of:

* ``export_data(user) -> dict``: the person's own data held by that app, for the JSON download;
* ``erase_data(user) -> list[dict]``: anonymise or delete what the app holds about ``user`` and
  return what it must keep by law, as ``{"what": str, "count": int, "why": str}`` entries.

``accounts.services.account_export`` and ``account_delete`` call every hook found.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from django.apps import apps


def _modules() -> Iterator[tuple[str, ModuleType]]:
    for cfg in apps.get_app_configs():
        if not cfg.name.startswith("suzhaohuo."):
            continue
        try:
            module = importlib.import_module(f"{cfg.name}.privacy")
        except ModuleNotFoundError as exc:
            if exc.name == f"{cfg.name}.privacy":
                continue
            raise
        yield cfg.label, module


def collect_exports(user: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, module in _modules():
        fn = getattr(module, "export_data", None)
        if fn is not None:
            data = fn(user)
            if data:
                out[label] = data
    return out


def erase_everywhere(user: Any) -> list[dict[str, Any]]:
    retained: list[dict[str, Any]] = []
    for _label, module in _modules():
        fn = getattr(module, "erase_data", None)
        if fn is not None:
            retained.extend(fn(user) or [])
    return retained

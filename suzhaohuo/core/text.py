"""Text that cannot be stored: NUL bytes (PostgreSQL refuses them) and lone UTF-16 surrogates
(not encodable as UTF-8). Checked once at the edge (``core.middleware.BadTextMiddleware``) and per
item where items are handled one by one (imports)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def has_bad_text(value: str) -> bool:
    return BAD_TEXT.search(value) is not None


def bad_text_path(value: Any, path: str = "") -> str | None:
    """Dotted path (``items.3.title``) of the first string (or key) holding bad text in a nested value."""
    if isinstance(value, str):
        return (path or "-") if has_bad_text(value) else None
    if isinstance(value, dict):
        for k, v in value.items():
            sub = f"{path}.{k}" if path else str(k)
            if isinstance(k, str) and has_bad_text(k):
                return sub
            found = bad_text_path(v, sub)
            if found:
                return found
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            found = bad_text_path(v, f"{path}.{i}" if path else str(i))
            if found:
                return found
    return None


def bad_text_message(field: str) -> str:
    return _("“%(f)s”中含有无法识别的字符（如空字符或残缺的文字编码），请删除后重新输入。") % {"f": field}

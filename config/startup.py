"""Start-up failures in one clear line instead of a long traceback (missing or unreachable database,
bad settings). Used by manage.py and wsgi.py."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def explain(exc: BaseException) -> str | None:
    """One line for a start-up failure we can explain, or None to let the traceback through."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    if isinstance(exc, ImproperlyConfigured):
        return f"配置错误：{exc}"
    if isinstance(exc, OperationalError):
        from django.conf import settings

        db = settings.DATABASES.get("default", {})
        where = db.get("HOST") or db.get("NAME") or "?"
        if db.get("PORT"):
            where = f"{where}:{db['PORT']}"
        first = (str(exc).strip().splitlines() or [""])[0]
        return f"无法连接数据库（{where}）：{first} —— 请检查 DATABASE_URL 和数据库是否已启动。"
    return None


def run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception as exc:
        line = explain(exc)
        if line is None:
            raise
        print(line, file=sys.stderr)
        raise SystemExit(1) from None

"""Liveness and readiness checks. Each check returns None when fine, or a short reason."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections


def check_database(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    try:
        with connections[alias].cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def check_cache() -> str | None:
    key = f"szh:ready:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"[:200]
    return None if ok else "cache did not return what was stored"


def _backend() -> str:
    return str(settings.TASKS["default"]["BACKEND"])


def _task_options() -> dict[str, Any]:
    opts = settings.TASKS["default"].get("OPTIONS")
    return opts if isinstance(opts, dict) else {}


def check_queue() -> str | None:
    backend = _backend()
    try:
        if "django_tasks_redis" in backend:
            import redis

            url = _task_options().get("REDIS_URL", settings.REDIS_URL)
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        elif "django_tasks_db" in backend:
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def check_migrations() -> str | None:
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"[:200]
    return f"{len(plan)} migration(s) not applied" if plan else None


def check_replica() -> str | None:
    from suzhaohuo.ops.router import replica_configured, replica_usable

    if not replica_configured():
        return None
    # A lagging or absent replica does not make the app unready: reads fall back to the primary.
    replica_usable(refresh=True)
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "migrations": check_migrations,
    "replica": check_replica,
}


def readiness() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, fn in CHECKS.items():
        started = time.monotonic()
        problem = fn()
        results[name] = "ok" if problem is None else problem
        results[f"{name}_ms"] = f"{(time.monotonic() - started) * 1000:.1f}"
    ok = all(results[name] == "ok" for name in CHECKS)
    return ok, results


def queue_stats() -> tuple[int, float]:
    """(tasks waiting, age in seconds of the oldest waiting one) for the configured task backend."""
    from django.utils import timezone

    backend = _backend()
    if "django_tasks_db" in backend:
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status="READY")
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        return waiting.count(), age
    if "django_tasks_redis" in backend:
        import redis

        opts = _task_options()
        client = redis.Redis.from_url(opts.get("REDIS_URL", settings.REDIS_URL), socket_connect_timeout=2)
        prefix = opts.get("REDIS_KEY_PREFIX", "django_tasks")
        depth = 0
        oldest_ms: float | None = None
        for key in client.scan_iter(f"{prefix}:*:stream:*", count=100):
            depth += int(client.xlen(key))  # type: ignore[arg-type]
            first: Any = client.xrange(key, count=1)
            if first:
                ms = float(first[0][0].decode().split("-")[0])
                oldest_ms = ms if oldest_ms is None else min(oldest_ms, ms)
        age = max(time.time() - oldest_ms / 1000, 0.0) if oldest_ms else 0.0
        return depth, age
    return 0, 0.0

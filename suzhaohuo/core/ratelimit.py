"""Sliding-window rate limits on shared storage, so every app process agrees.

Each counted hit is its own record with a fixed expiry (``at + window``) that nothing ever extends:
a limit of 5 per hour means at most 5 hits in *any* 60 minutes, not 5 per clock hour. With
``REDIS_URL`` the hits are a sorted set per key (one atomic MULTI per hit); otherwise a database table
(``core.RateLimitHit``) holds them, written under a per-key lock on PostgreSQL (SQLite serialises
writers). Django's database cache is not used: its ``incr`` re-sets the expiry on every call.

``exempt()`` switches counting off for the current context (the demo seeder, which must not use up
any limit a real user meets afterwards).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction

_exempt: ContextVar[bool] = ContextVar("ratelimit_exempt", default=False)


@contextmanager
def exempt() -> Iterator[None]:
    token = _exempt.set(True)
    try:
        yield
    finally:
        _exempt.reset(token)


def is_exempt() -> bool:
    """True inside ``exempt()``: the demo seeder. Other per-user counters (the risk model) skip it too."""
    return _exempt.get()


def _redis() -> Any:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if "redis" not in backend.lower():
        return None
    from django.core.cache import cache

    return cache._cache.get_client(write=True)  # type: ignore[attr-defined]


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit. Return True if still within the limit; False (and the hit is not counted) if not."""
    if _exempt.get():
        return True
    now = time.time()
    r = _redis()
    if r is not None:
        rk, member = f"rl:{key}", f"{now:.6f}:{secrets.token_hex(4)}"
        pipe = r.pipeline(transaction=True)
        pipe.zremrangebyscore(rk, 0, now - window_seconds)
        pipe.zadd(rk, {member: now})
        pipe.zcard(rk)
        pipe.expire(rk, window_seconds + 1)
        count = pipe.execute()[2]
        if count > limit:
            r.zrem(rk, member)
            return False
        return True
    from suzhaohuo.core.models import RateLimitHit

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"rl:{key}"])
        row = RateLimitHit.objects.create(key=key[:200], at=_dt(now), expires_at=_dt(now + window_seconds))
        count = RateLimitHit.objects.filter(key=key[:200], at__gt=_dt(now - window_seconds)).count()
        if count > limit:
            row.delete()
            return False
    return True


def recent(key: str, window_seconds: int) -> tuple[int, float | None]:
    """(hits in the last ``window_seconds``, time of the latest hit or None)."""
    now = time.time()
    r = _redis()
    if r is not None:
        rk = f"rl:{key}"
        scores = r.zrangebyscore(rk, now - window_seconds, "+inf", withscores=True)
        return len(scores), (max(s for _m, s in scores) if scores else None)
    from django.db.models import Count, Max

    from suzhaohuo.core.models import RateLimitHit

    agg = RateLimitHit.objects.filter(key=key[:200], at__gt=_dt(now - window_seconds)).aggregate(
        n=Count("id"), last=Max("at"))
    return int(agg["n"] or 0), (agg["last"].timestamp() if agg["last"] else None)


def peek(key: str, window_seconds: int) -> int:
    return recent(key, window_seconds)[0]


def reset(key: str, window_seconds: int = 0) -> None:
    r = _redis()
    if r is not None:
        r.delete(f"rl:{key}")
        return
    from suzhaohuo.core.models import RateLimitHit

    RateLimitHit.objects.filter(key=key[:200]).delete()


def purge_expired() -> int:
    """Delete database hits past their expiry (periodic task)."""
    from django.utils import timezone

    from suzhaohuo.core.models import RateLimitHit

    return RateLimitHit.objects.filter(expires_at__lt=timezone.now() - timedelta(seconds=1)).delete()[0]

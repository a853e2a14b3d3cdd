"""Fixed-window rate limits on the shared cache (DB table or Redis), so every app process agrees."""

from __future__ import annotations

import time

from django.core.cache import cache


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit. Return True if still within the limit, False if the limit is exceeded."""
    bucket = int(time.time() // window_seconds)
    cache_key = f"rl:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit


def peek(key: str, window_seconds: int) -> int:
    bucket = int(time.time() // window_seconds)
    return int(cache.get(f"rl:{key}:{bucket}", 0))


def reset(key: str, window_seconds: int) -> None:
    bucket = int(time.time() // window_seconds)
    cache.delete(f"rl:{key}:{bucket}")

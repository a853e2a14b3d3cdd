"""Password login for staff only, with brute-force protection that an attacker cannot turn against staff.

Two sliding-window counters of failed passwords (``core.ratelimit``):

* per username *and* source address: after ``LOGIN_LOCKOUT`` failures from one address, that address
  may not try this username again for the window (15 minutes);
* per username from every address: after ``LOGIN_DELAY_AFTER`` failures, each further attempt must wait
  a delay that doubles per failure, capped at ``LOGIN_DELAY_MAX_SECONDS`` — slowing a distributed guess
  to a crawl while the real person, from their own address, waits at most that long.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from suzhaohuo.core import ratelimit


def lockout_key(username: str, source: str | None = None) -> str:
    base = f"pwfail:{(username or '').strip().lower()}"
    return f"{base}@{source}" if source is not None else base


def request_source(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR") if request is not None else None) or "-"


@dataclass(frozen=True)
class Throttle:
    locked: bool = False  # this source is locked out for this username
    wait_seconds: int = 0  # progressive delay before the next attempt (any source)


def login_throttle(username: str, source: str) -> Throttle:
    limit, window = settings.LOGIN_LOCKOUT
    if ratelimit.peek(lockout_key(username, source), window) >= limit:
        return Throttle(locked=True)
    after = getattr(settings, "LOGIN_DELAY_AFTER", 10)
    cap = getattr(settings, "LOGIN_DELAY_MAX_SECONDS", 60)
    count, last = ratelimit.recent(lockout_key(username), window)
    if count >= after and last is not None:
        delay = min(2 ** (count - after), cap)
        remaining = int(last + delay - time.time()) + 1
        if remaining > 0:
            return Throttle(wait_seconds=min(remaining, cap))
    return Throttle()


def record_failure(username: str, source: str) -> None:
    limit, window = settings.LOGIN_LOCKOUT
    ratelimit.hit(lockout_key(username, source), limit, window)
    ratelimit.hit(lockout_key(username), 10**9, window)


class StaffPasswordBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if not username or not password:
            return None
        source = request_source(request)
        throttle = login_throttle(username, source)
        if throttle.locked or throttle.wait_seconds:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not user.is_staff_role:
            record_failure(username, source)
            return None
        ratelimit.reset(lockout_key(username, source))
        return user

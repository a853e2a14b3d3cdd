"""Password login for staff only, with brute-force lockout on the shared cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from suzhaohuo.core import ratelimit


def lockout_key(username: str) -> str:
    return f"pwfail:{(username or '').lower()}"


def is_locked_out(username: str) -> bool:
    limit, window = settings.LOGIN_LOCKOUT
    return ratelimit.peek(lockout_key(username), window) >= limit


class StaffPasswordBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if not username or not password:
            return None
        limit, window = settings.LOGIN_LOCKOUT
        if is_locked_out(username):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not user.is_staff_role:
            ratelimit.hit(lockout_key(username), limit, window)
            return None
        ratelimit.reset(lockout_key(username), window)
        return user

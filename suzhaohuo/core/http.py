"""Request helpers shared by every app's views."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, nxt: str | None, default: str = "/") -> str:
    """``nxt`` if it is a URL on this site, else ``default``.

    Django's check refuses what hand-written prefix tests let through, e.g. ``/\\evil.example``
    (browsers read it as ``//evil.example``) and ``///evil.example``.
    """
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return default

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


def require_staff_page(request: HttpRequest) -> None:
    """Staff-only pages: a signed-in worker or employer gets the shared 403 page 「此页面仅供工作人员使用」
    (``StaffOnly``, rendered by web's error-page middleware) rather than a page's own 'not found' or
    'no station linked' text, which would mislead."""
    from suzhaohuo.core.errors import StaffOnly

    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_staff_role", False):
        raise StaffOnly

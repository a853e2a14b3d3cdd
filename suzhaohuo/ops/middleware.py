"""Request id, request metrics and read-your-own-writes pinning. First in the middleware list."""

from __future__ import annotations

import contextvars
import fnmatch
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from suzhaohuo.ops import router
from suzhaohuo.ops.context import new_request_id, request_id_var
from suzhaohuo.ops.metrics import REQUEST_ERRORS, REQUEST_LATENCY

PIN_COOKIE = "szh_rw"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class RequestIdMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Each request runs in its own context, so pins and the request id never leak between requests.
        return contextvars.copy_context().run(self._handle, request)

    def _handle(self, request: HttpRequest) -> HttpResponse:
        rid = new_request_id(request.headers.get("X-Request-ID"))
        request_id_var.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        pinned_until = _float(request.COOKIES.get(PIN_COOKIE))
        router.start_request(pinned=request.method in UNSAFE or pinned_until > time.time())
        if request.method in ("GET", "HEAD") and _heavy_read(request.path):
            router.want_replica()
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match and match.view_name else "unmatched"
        REQUEST_LATENCY.labels(route=route, method=request.method or "").observe(time.perf_counter() - started)
        if response.status_code >= 500:
            REQUEST_ERRORS.labels(route=route).inc()
        response["X-Request-ID"] = rid
        if request.method in UNSAFE and router.replica_configured():
            until = time.time() + settings.REPLICA_STICKY_SECONDS
            response.set_cookie(PIN_COOKIE, f"{until:.0f}", max_age=settings.REPLICA_STICKY_SECONDS,
                                httponly=True, samesite="Lax", secure=request.is_secure())
        return response


def _heavy_read(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in settings.REPLICA_READ_PATHS)


def _float(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0

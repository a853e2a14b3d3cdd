from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ElderModeMiddleware:
    """「长辈模式」: larger type, higher contrast, fewer items per screen. Set by a cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.elder_mode = request.COOKIES.get("elder") == "1"  # type: ignore[attr-defined]
        return self.get_response(request)


class AppErrorPageMiddleware:
    """Pages (not the API, which answers its own JSON errors) turn a service's PermissionDenied / NotFound into a
    Chinese 403 / 404 page instead of a server error; a worker or employer opening a staff page reads
    「此页面仅供工作人员使用」."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from suzhaohuo.core.errors import NotFound, PermissionDenied, StaffOnly

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", {"exception": exception.message,
                                                "staff_only": isinstance(exception, StaffOnly)}, status=403)
        if isinstance(exception, NotFound):
            return render(request, "web/not_found.html", {"exception": exception.message}, status=404)
        return None


class SiteUrlMiddleware:
    """Links printed on pages (QR codes on boards, the kiosk and KPI referral links, an agreement's verify URL
    sealed during this request) use the address this request reached, not the configured SZH_SITE_URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.core.exceptions import DisallowedHost

        from suzhaohuo.core.site import serving

        try:
            base: str | None = request.build_absolute_uri("/")
        except DisallowedHost:
            base = None  # Django answers 400 for the request itself; links fall back to SZH_SITE_URL
        with serving(base):
            return self.get_response(request)

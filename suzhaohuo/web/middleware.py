from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ElderModeMiddleware:
    """「长辈模式」: larger type, higher contrast, fewer items per screen. Set by a cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.elder_mode = request.COOKIES.get("elder") == "1"  # type: ignore[attr-defined]
        return self.get_response(request)

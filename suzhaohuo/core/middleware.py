"""Edge checks every request passes before any view runs."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from suzhaohuo.core.text import bad_text_message, bad_text_path, has_bad_text

# Bulk endpoints answer per item: a bad item is refused in its own result, the others go through.
PER_ITEM_PATHS = ("/api/v1/ingest/",)


class BadTextMiddleware:
    """Refuse NUL bytes and lone surrogates in the path, query, form fields and JSON bodies with a 400
    naming the field, instead of a 500 from the database (PostgreSQL) or the UTF-8 encoder."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._bad_field(request)
        if field is not None:
            message = bad_text_message(field)
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid_text", "message": message, "field": field}},
                                    status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(f"<!doctype html><meta charset=utf-8><title>400</title><p>{message}</p>",
                                          content_type="text/html; charset=utf-8")
        return self.get_response(request)

    def _bad_field(self, request: HttpRequest) -> str | None:
        if has_bad_text(request.path):
            return "path"
        for key, values in request.GET.lists():
            if has_bad_text(key) or any(has_bad_text(v) for v in values):
                return key
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        content_type = request.content_type or ""
        # multipart bodies are left to the views: reading them here would fix the upload handlers too early
        if content_type == "application/x-www-form-urlencoded":
            for key, values in request.POST.lists():
                if has_bad_text(key) or any(has_bad_text(v) for v in values):
                    return key
        elif content_type == "application/json" and not request.path.startswith(PER_ITEM_PATHS):
            try:
                data = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return None  # the endpoint reports malformed JSON itself
            return bad_text_path(data)
        return None

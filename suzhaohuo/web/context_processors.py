from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    elder = getattr(request, "elder_mode", False)
    return {
        "elder_mode": elder,
        "page_size": 5 if elder else 20,
        "SITE_URL": settings.SITE_URL,
    }

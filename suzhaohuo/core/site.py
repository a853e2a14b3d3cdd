"""The site's own address for links printed on QR codes, boards and agreements.

Inside a request it is the address the user actually reached (``request.build_absolute_uri``, host checked
against ALLOWED_HOSTS), so a demo on another port or a second domain prints links that work; outside one
(background tasks, scheduled board PDFs) it falls back to ``settings.SITE_URL`` (``SZH_SITE_URL``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_current: ContextVar[str | None] = ContextVar("szh_site_url", default=None)


def site_url() -> str:
    """Scheme and host without a trailing slash, e.g. ``http://127.0.0.1:8102``."""
    return (_current.get() or settings.SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    return f"{site_url()}{path}"


@contextmanager
def serving(base_url: str | None) -> Iterator[None]:
    """Links built inside this block use ``base_url`` (the current request's address)."""
    token = _current.set(base_url.rstrip("/") if base_url else None)
    try:
        yield
    finally:
        _current.reset(token)

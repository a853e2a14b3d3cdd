"""The channel an action came through (web, sms, voice), so that records made by shared services say how
the person acted without every service taking a parameter for it."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

WEB = "web"
_channel: contextvars.ContextVar[str] = contextvars.ContextVar("szh_channel", default=WEB)


def current() -> str:
    return _channel.get()


@contextmanager
def acting_through(channel: str) -> Iterator[None]:
    token = _channel.set(channel)
    try:
        yield
    finally:
        _channel.reset(token)

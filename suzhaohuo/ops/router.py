"""Read replica routing (``DATABASE_REPLICA_URL``).

Only reads that opt in go to the replica: heavy read-only work (search, recommendations, KPI, exports),
either by path (``settings.REPLICA_READ_PATHS``, GET requests, set by the middleware) or wrapped in
``replica_reads()`` / ``replica_reads_block()``. Everything else, and every write, uses the
primary. Inside an opted-in block a read still goes to the primary when:

* this request has written (``db_for_write`` was asked), or the client wrote within the last
  ``REPLICA_STICKY_SECONDS`` (the middleware pins it with a cookie) — read-your-own-writes;
* the replica is down, or lags more than ``REPLICA_MAX_LAG_SECONDS`` behind (checked at most every
  ``REPLICA_CHECK_SECONDS`` per process).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
log = logging.getLogger(__name__)

_want_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("szh_want_replica", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("szh_pinned_primary", default=False)
_state: dict[str, float | bool] = {"checked_at": -1e9, "usable": False, "lag": 0.0}

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_lag_seconds() -> float:
    """Seconds the replica's replay is behind (0 when it has replayed all it received)."""
    with connections[REPLICA].cursor() as cur:
        cur.execute(
            "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
            "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END")
        row = cur.fetchone()
    return float(row[0] if row else 0)


def replica_usable(*, refresh: bool = False) -> bool:
    if not replica_configured():
        return False
    now = time.monotonic()
    if not refresh and now - float(_state["checked_at"]) < settings.REPLICA_CHECK_SECONDS:
        return bool(_state["usable"])
    try:
        lag = replica_lag_seconds()
        usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
        if not usable:
            log.warning("replica lags %.1f s: reading from the primary", lag)
    except Exception as exc:  # noqa: BLE001 - down or unreachable: fall back to the primary
        log.warning("replica unavailable (%s): reading from the primary", type(exc).__name__)
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        lag, usable = -1.0, False
    _state.update(checked_at=now, usable=usable, lag=lag)
    return usable


@contextmanager
def _flag(var: contextvars.ContextVar[bool]) -> Iterator[None]:
    token = var.set(True)
    try:
        yield
    finally:
        var.reset(token)


@contextmanager
def replica_reads_block() -> Iterator[None]:
    with _flag(_want_replica):
        yield


def replica_reads(fn: F) -> F:
    """Decorator: reads inside ``fn`` may use the replica."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reads_block():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def pinned_to_primary() -> Iterator[None]:
    with _flag(_pinned):
        yield


def start_request(*, pinned: bool) -> None:
    """A request starts unpinned unless its client wrote moments ago (called in the request's own context)."""
    _pinned.set(pinned)
    _want_replica.set(False)


def want_replica() -> None:
    """Reads for the rest of this context (request) may use the replica."""
    _want_replica.set(True)


def pin_to_primary() -> None:
    """For the rest of this context (request), read from the primary."""
    _pinned.set(True)


def is_pinned() -> bool:
    return _pinned.get()


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _want_replica.get() and not _pinned.get() and replica_usable():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        _pinned.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS

"""Read-replica routing against a real streaming replica of the local PostgreSQL, started here with
pg_basebackup on another port: routing, read-your-own-writes, lag fallback and replica failure."""

from __future__ import annotations

import contextvars
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections

from suzhaohuo.core.models import AuditEvent
from suzhaohuo.ops import router
from suzhaohuo.ops.router import REPLICA, replica_reads_block

# The replica test is not a Django test case: a test case guards and flushes every alias it knows, which does
# not fit a read-only replica that appears mid-test. It uses the (already created) test database directly,
# commits its rows so that they replicate, and deletes them afterwards.
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming replication needs PostgreSQL")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(*cmd: str) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)


@pytest.fixture
def replica(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        yield from _replica()
        AuditEvent.objects.filter(target_type="t").delete()


def _replica() -> Iterator[dict[str, Any]]:
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    if os.geteuid() == 0:
        subprocess.run([os.path.join(ROOT, "deploy/scripts/pg-allow-local-replication.sh")], check=True)
    datadir = tempfile.mkdtemp(prefix="szh-replica-")
    shutil.chown(datadir, "postgres", "postgres")
    os.chmod(datadir, 0o700)
    port = _free_port()
    primary = connections.settings["default"]
    got = _as_postgres(f"{bindir}/pg_basebackup", "-h", primary.get("HOST") or "127.0.0.1",
                       "-p", str(primary.get("PORT") or 5432), "-U", primary.get("USER") or "postgres",
                       "-D", datadir, "-R", "-X", "stream", "--checkpoint=fast")
    assert got.returncode == 0, got.stderr
    # Debian keeps the configuration outside the data directory: give the replica its own minimal files.
    with open(os.path.join(datadir, "postgresql.conf"), "w") as conf:
        conf.write("hot_standby = on\nfsync = off\nshared_buffers = 32MB\n")
    with open(os.path.join(datadir, "pg_hba.conf"), "w") as hba:
        hba.write("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    for name in ("postgresql.conf", "pg_hba.conf"):
        shutil.chown(os.path.join(datadir, name), "postgres", "postgres")
    opts = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c hot_standby=on"
    started = _as_postgres(f"{bindir}/pg_ctl", "-D", datadir, "-o", opts, "-w", "-t", "60", "-l",
                           f"{datadir}/log", "start")
    assert started.returncode == 0, started.stderr
    connections.settings[REPLICA] = {**primary, "HOST": "127.0.0.1", "PORT": str(port), "TEST": {"MIRROR": None}}
    yield {"bindir": bindir, "datadir": datadir, "port": port}
    connections[REPLICA].close()
    del connections.settings[REPLICA]
    if hasattr(connections._connections, REPLICA):
        delattr(connections._connections, REPLICA)
    _as_postgres(f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "stop")
    shutil.rmtree(datadir, ignore_errors=True)


def _on_replica(sql: str) -> Any:
    with connections[REPLICA].cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()


def _wait_replayed(target: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _on_replica(f"SELECT count(*) FROM core_auditevent WHERE target_id = '{target}'")[0]:
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not replay the write")


def _fresh(fn: Any) -> Any:
    """Run ``fn`` in a new context, as a new request would."""
    return contextvars.Context().run(fn)


def test_routing_lag_and_failure(replica: dict[str, Any], settings: Any) -> None:
    settings.REPLICA_CHECK_SECONDS = 0
    AuditEvent.objects.create(action="t.write", target_type="t", target_id="r1")
    _wait_replayed("r1")
    assert _on_replica("SELECT pg_is_in_recovery()")[0] is True

    def heavy_read() -> tuple[str, int]:
        with replica_reads_block():
            qs = AuditEvent.objects.filter(target_id="r1")
            return qs.db, qs.count()

    assert _fresh(heavy_read) == (REPLICA, 1)
    # Reads that did not opt in stay on the primary.
    assert _fresh(lambda: AuditEvent.objects.all().db) == "default"

    # Read-your-own-writes: after a write in this request, reads go to the primary.
    def write_then_read() -> str:
        AuditEvent.objects.create(action="t.write", target_type="t", target_id="r2")
        with replica_reads_block():
            return AuditEvent.objects.filter(target_id="r2").db

    assert _fresh(write_then_read) == "default"

    # Lag beyond the bound: replay paused, a new write arrives, reads fall back to the primary.
    _on_replica("SELECT pg_wal_replay_pause()")
    settings.REPLICA_MAX_LAG_SECONDS = 1
    AuditEvent.objects.create(action="t.write", target_type="t", target_id="r3")
    time.sleep(1.6)
    assert router.replica_lag_seconds() > 1
    assert _fresh(heavy_read)[0] == "default"
    _on_replica("SELECT pg_wal_replay_resume()")
    _wait_replayed("r3")
    # Caught up: replay reaches the received WAL (more than r3 may have arrived, e.g. a checkpoint record).
    deadline = time.monotonic() + 15
    while router.replica_lag_seconds() > settings.REPLICA_MAX_LAG_SECONDS and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _fresh(heavy_read)[0] == REPLICA

    # The replica goes down: reads fall back to the primary without an error.
    _as_postgres(f"{replica['bindir']}/pg_ctl", "-D", replica["datadir"], "-m", "immediate", "stop")
    connections[REPLICA].close()
    assert _fresh(heavy_read) == ("default", 1)


@pytest.mark.django_db
def test_middleware_pins_the_writer_to_the_primary(settings: Any, client: Any, monkeypatch: Any) -> None:
    from suzhaohuo.ops.middleware import PIN_COOKIE

    monkeypatch.setattr(router, "replica_configured", lambda: True)
    resp = client.post("/healthz")  # any unsafe request pins its client (this one answers 405)
    assert PIN_COOKIE in resp.cookies and int(resp.cookies[PIN_COOKIE]["max-age"]) == settings.REPLICA_STICKY_SECONDS
    seen: list[bool] = []

    from django.http import HttpResponse

    from suzhaohuo.ops.middleware import RequestIdMetricsMiddleware

    def view(request: Any) -> HttpResponse:
        seen.append(router.is_pinned())
        wants.append(router._want_replica.get())
        return HttpResponse("ok")

    wants: list[bool] = []

    mw = RequestIdMetricsMiddleware(view)
    from django.test import RequestFactory

    rf = RequestFactory()
    pinned = rf.get("/")
    pinned.COOKIES[PIN_COOKIE] = str(time.time() + 5)
    mw(pinned)
    mw(rf.get("/"))
    mw(rf.get("/search/", {"q": "保洁"}))
    mw(rf.post("/search/"))
    assert seen == [True, False, False, True]
    assert wants == [False, False, True, False]  # only GETs of heavy read paths may use the replica

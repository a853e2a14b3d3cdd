"""Search throughput against the raw-SQL floor, in one run (issue #19 item 3, issue #18's gunicorn vs granian).

Runs inside bench._search_run's child process (DATABASE_URL is the PostgreSQL benchmark database):

* **mixes**: the same 60 search URLs (20 keyword, 20 nearby 5 km, 20 keyword + nearby + 日结), requested
  anonymously and by 200 signed-in bench workers (a session cookie each; their home township ranks the
  fallback, their hidden postings are removed);
* **floor**: every SQL statement the app runs for each request of the mix (captured through the Django test
  client with every cache off: session, user, profile, hidden postings, counts, page, cards), replayed by
  ``pgbench`` (one script per request, 4 clients, 2 threads). That is the requests/s the database alone
  gives on this machine, the ceiling for the full stack;
* **full stack**: ``config.settings_production`` (DEBUG off, Redis cache db 7, persistent connections),
  gunicorn (deploy/gunicorn.conf.py: sync workers) and granian (WSGI, same worker count), ``wrk -t2 -c16``;
  **uncached** (both search caches off) and **cached** (30 s anonymous JSON cache + shared candidate cache,
  personalised per user);
* RSS of every server process after each run, and the machine's load average next to every figure.
"""

from __future__ import annotations

import base64
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = ["保洁", "搬运", "月嫂", "水电维修", "外卖骑手", "打包", "采摘", "养老护理", "仓库分拣", "钟点工",
            "建筑小工", "洗碗工", "装卸", "快递分拣", "服务员"]
REDIS_DB = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


def loadavg() -> str:
    """The machine's 1/5/15-minute load averages (2 cores, shared): recorded next to every figure."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def mix_paths(n: int = 60, seed: int = 5) -> list[str]:
    from suzhaohuo.search.models import SearchDoc

    rng = random.Random(seed)
    pts = list(SearchDoc.objects.filter(lat__isnull=False).order_by("recency").values_list("lat", "lng")[:2000])
    paths = []
    for i in range(n):
        qs: dict[str, Any] = {}
        kind = i % 3
        if kind in (0, 2):
            qs["q"] = KEYWORDS[i % len(KEYWORDS)]
        if kind in (1, 2):
            lat, lng = rng.choice(pts)
            qs.update(lat=f"{lat:.5f}", lng=f"{lng:.5f}", radius_km=5)
        if kind == 2:
            qs["settlement"] = "daily"
        paths.append("/api/v1/jobs/search?" + urllib.parse.urlencode(qs))
    return paths


def worker_sessions(n: int) -> list[str]:
    """Session keys of n bench workers (with profiles), created in the benchmark database."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from suzhaohuo.accounts.models import User

    out = []
    for u in User.objects.filter(username__startswith="bench-wkr-").order_by("pk")[:n]:
        s = SessionStore()
        s[SESSION_KEY] = str(u.pk)
        s[BACKEND_SESSION_KEY] = "suzhaohuo.accounts.backends.StaffPasswordBackend"
        s[HASH_SESSION_KEY] = u.get_session_auth_hash()
        s.create()
        out.append(s.session_key)
    return out


def captured_sql(paths: list[str], sessions: list[str]) -> list[list[str]]:
    """For each request (path, optional session), the SQL statements the app runs, caches off."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    scripts = []
    with override_settings(SEARCH_ANON_CACHE_SECONDS=0, SEARCH_CANDIDATE_CACHE_SECONDS=0,
                           CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        for i, path in enumerate(paths):
            client = Client()
            if sessions:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[i % len(sessions)]
            client.get(path)  # warm per-process caches (region names, dictionaries)
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)
            scripts.append([q["sql"] for q in ctx.captured_queries
                            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])
    return scripts


def pgbench_floor(db_url: str, scripts: list[list[str]], seconds: int, clients: int = 4) -> tuple[float, float]:
    """(requests/s, database CPU ms per request) of the database alone: pgbench replays each request's
    statements as one script. The CPU is that of the backends pgbench opened, sampled at the end."""
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        return 0.0, 0.0
    u = urllib.parse.urlparse(db_url)
    with tempfile.TemporaryDirectory(prefix="szh-pgbench-") as tmp:
        args = [pgbench, "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-h", u.hostname or "127.0.0.1",
                "-p", str(u.port or 5432), "-U", u.username or "postgres"]
        for i, statements in enumerate(scripts):
            f = Path(tmp) / f"r{i}.sql"
            f.write_text("".join(" ".join(s.split()) + ";\n" for s in statements))
            args += ["-f", str(f)]
        args.append(u.path.lstrip("/"))
        before = set(db_backends())
        meter = CpuMeter(lambda: [pid for pid in db_backends() if pid not in before])
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = proc.communicate()
        used = meter.stop()
        if proc.returncode != 0:
            raise RuntimeError(err[-2000:])
        m = re.search(r"tps = ([\d.]+)", out)
        n = re.search(r"number of transactions actually processed: (\d+)", out)
        done = int(n.group(1)) if n else 0
        return (float(m.group(1)) if m else 0.0), (used / done if done else 0.0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prod_env(db_url: str, cache_on: bool) -> dict[str, str]:
    from django.conf import settings

    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    seconds = "30" if cache_on else "0"
    # the sessions were signed in this process: the server must share its secret key to read them
    return dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_production", DJANGO_SECRET_KEY=settings.SECRET_KEY,
                DATABASE_URL=db_url, SZH_FIELD_ENCRYPTION_KEY=key, REDIS_URL=REDIS_DB,
                DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", SZH_LOG_LEVEL="ERROR", SZH_LOG_FORMAT="json",
                SZH_SEARCH_CANDIDATE_CACHE_SECONDS=seconds, SZH_SEARCH_ANON_CACHE_SECONDS=seconds)


_PORTS = [0]


@contextmanager
def server(kind: str, workers: int, env: dict[str, str]) -> Any:
    _PORTS[0] += 1  # BENCH_PORT: ten ports from there, one per server start (the last one may still be closing)
    port = int(os.environ["BENCH_PORT"]) + _PORTS[0] % 10 if os.environ.get("BENCH_PORT") else _free_port()
    if kind == "gunicorn":
        cmd = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
               "-w", str(workers), "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
               "--error-logfile", "-", "--log-level", "warning"]
    else:
        cmd = [sys.executable, "-m", "granian", "--interface", "wsgi", "config.wsgi:application", "--host",
               "127.0.0.1", "--port", str(port), "--workers", str(workers), "--blocking-threads", "1",
               "--no-ws", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                req = urllib.request.Request(base + "/api/v1/jobs/search?q=%E4%BF%9D%E6%B4%81",
                                             headers={"X-Forwarded-Proto": "https"})
                urllib.request.urlopen(req, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        yield proc, base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _tree(pid: int) -> list[int]:
    """The process and its descendants."""
    pids = [pid]
    for p in pids:
        with suppress(OSError):
            pids += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    return pids


def cpu_ms(pids: list[int]) -> float:
    """utime + stime of these processes (ms). Waiting for a core does not count: on a shared machine this,
    per request, is the figure to compare (wall-clock requests/s fall with the machine's load)."""
    total = 0
    for p in pids:
        with suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total * 1000 / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU (ms) used by a changing set of processes from now until stop(): sampled every 0.2 s, per process
    (its CPU at the first sample is subtracted; one that appears later counts from zero). A process's CPU
    can only be read while it lives, so up to 0.2 s of a process that exits is lost."""

    def __init__(self, pids: Any) -> None:
        import threading

        from django.db import connection

        self.pids = pids
        with connection.cursor() as cur:  # the harness's own database backend is not the server's
            cur.execute("SELECT pg_backend_pid()")
            self.own = {cur.fetchone()[0]}
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self._sample(first=True)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self, first: bool = False) -> None:
        for pid in self.pids():
            if pid in self.own:
                continue
            used = cpu_ms([pid])
            if first:
                self.start[pid] = used
            self.last[pid] = max(self.last.get(pid, 0.0), used)

    def _run(self) -> None:
        from django.db import connection, connections

        with connection.cursor() as cur:  # this thread's own database backend is not measured either
            cur.execute("SELECT pg_backend_pid()")
            self.own.add(cur.fetchone()[0])
        while not self._done.wait(0.2):
            self._sample()
        connections.close_all()

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        self._sample()
        return sum(v - self.start.get(pid, 0.0) for pid, v in self.last.items())


def db_backends() -> list[int]:
    """PostgreSQL backends connected to the benchmark database (the servers' and pgbench's)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [row[0] for row in cur.fetchall()]


def rss_mb(pid: int) -> list[float]:
    """VmRSS of the server's processes (master and workers)."""
    out = []
    pids = [pid]
    for p in list(pids):
        with suppress(OSError):
            pids += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    out.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return out


def wrk_run(base: str, paths: list[str], sessions: list[str], seconds: int, timeout: int = 10,
            server_pid: int = 0) -> dict[str, Any]:
    """wrk's figures, and with ``server_pid`` the server's and its database backends' CPU per request."""
    from django.conf import settings

    lua = ROOT / "var" / "bench" / f"search_mix_{os.getpid()}.lua"
    lua.parent.mkdir(parents=True, exist_ok=True)
    cookie = settings.SESSION_COOKIE_NAME
    lua.write_text(
        "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "local sessions = {" + ",".join(json.dumps(s) for s in sessions) + "}\n"
        "local i = 0\nrequest = function()\n  i = i + 1\n"
        "  local h = {['X-Forwarded-Proto'] = 'https'}\n"
        f"  if #sessions > 0 then h['Cookie'] = '{cookie}=' .. sessions[(i % #sessions) + 1] end\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1], h)\nend\n")
    meter = CpuMeter(lambda: _tree(server_pid) + db_backends()) if server_pid else None
    res = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", f"--timeout={timeout}s", "--latency", "-s", str(lua),
                          base],
                         capture_output=True, text=True, check=True)
    cpu = meter.stop() if meter else 0.0
    lua.unlink()
    text = res.stdout
    total = re.search(r"(\d+) requests in", text)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.MULTILINE)
    n = int(total.group(1)) if total else 0
    return {"rps": rps, "non2xx": int(non2xx.group(1)) if non2xx else 0, "p50": p50.group(1) if p50 else "",
            "p99": p99.group(1) if p99 else "", "cpu_ms": cpu / n if n else 0.0}


def run(db_url: str, seconds: int, log: Any) -> dict[str, Any]:
    """Floor, then gunicorn and granian × anonymous/signed-in × uncached/cached."""
    if shutil.which("wrk") is None:
        log("  wrk not installed (apt-get install wrk): skipping throughput")
        return {}
    import redis

    paths = mix_paths()
    sessions = worker_sessions(200)
    workers = int(os.environ.get("BENCH_WEB_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))
    out: dict[str, Any] = {"workers": workers, "floor": {}, "stack": {}}
    cores = os.cpu_count() or 1
    for mix, sess in (("anonymous", []), ("signed-in", sessions)):
        scripts = captured_sql(paths, sess)
        n_sql = sum(len(s) for s in scripts) / len(scripts)
        rps, db_ms = pgbench_floor(db_url, scripts, seconds)
        out["floor"][mix] = {"rps": rps, "statements": n_sql, "load": loadavg(), "cpu_ms": db_ms}
        log(f"  floor ({mix}): {rps:.0f} requests/s — pgbench, {n_sql:.1f} SQL statements a request, "
            f"4 clients; database CPU {db_ms:.2f} ms a request  [load {loadavg()}]")
    r = redis.Redis.from_url(REDIS_DB)
    for kind in [k for k in os.environ.get("BENCH_SERVERS", "gunicorn,granian").split(",") if k]:
        for cache_on in (False, True):
            env = prod_env(db_url, cache_on)
            with server(kind, workers, env) as (proc, base):
                # warm every worker first (dictionaries, region names, the county polygons load lazily)
                # (each worker's first request takes seconds on a loaded machine: 30 s, generous timeouts)
                wrk_run(base, paths, sessions, 30, timeout=30)
                for mix, sess in (("anonymous", []), ("signed-in", sessions)):
                    r.flushdb()
                    res = wrk_run(base, paths, sess, seconds, server_pid=proc.pid)
                    res["rss_mb"] = rss_mb(proc.pid)
                    res["load"] = loadavg()
                    floor = out["floor"][mix]["rps"] or 1.0
                    res["ratio"] = res["rps"] / floor
                    # load-independent: the floor's database CPU per request over the stack's (server + database)
                    res["cpu_ratio"] = out["floor"][mix]["cpu_ms"] / res["cpu_ms"] if res["cpu_ms"] else 0.0
                    label = "cached" if cache_on else "uncached"
                    out["stack"][f"{kind}/{label}/{mix}"] = res
                    log(f"  {kind:8s} {label:8s} {mix:9s}: {res['rps']:6.0f} requests/s "
                        f"({res['ratio'] * 100:.0f}% of floor) p50 {res['p50']} p99 {res['p99']}; CPU "
                        f"{res['cpu_ms']:.2f} ms a request (server + database; floor/stack "
                        f"{res['cpu_ratio'] * 100:.0f}%, {cores * 1000 / res['cpu_ms'] if res['cpu_ms'] else 0:.0f} "
                        f"requests/s on {cores} idle cores); non-2xx "
                        f"{res['non2xx']}; RSS max {max(res['rss_mb'] or [0]):.0f} MB  [load {res['load']}]")
    return out

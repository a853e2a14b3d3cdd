"""Issue #18's load test: the production stack (`make prod-up`: gunicorn, Redis-queue workers, scheduler,
PostgreSQL) under a mixed locust load (bench/_locustfile.py), with server CPU and memory sampled, a task
worker, a web worker and a whole web process killed and a web process reloaded mid-run (full mode, or quick
mode with SZH_LOAD_KILLS=1), and exactly-once checks afterwards.

quick: 60 s, 120 users.  full: 10 minutes, 280 users (≈100+ requests/s with the scenario's think times).
Writes docs/perf/load.md.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "prod"
OUT = ROOT / "var" / "load"
DB_URL = "postgres://postgres@127.0.0.1:5432/szh_load"
PORT = "8300"

PLAN_SCRIPT = r"""
import json, random
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from suzhaohuo.accounts.models import User
from suzhaohuo.jobs.models import Job
from suzhaohuo.carriers.selectors import carriers_of_staff
from suzhaohuo.jobs.selectors import jobs_public
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
# what workers can open: published, work period not over, employer not suspended (JOB_SHOW standing)
jobs = [j.pk for j in jobs_public()[:2000] if policy.standing(None, Action.JOB_SHOW, target=j)]
def sessions(role, n):
    out = []
    users = User.objects.filter(role=role, is_active=True).order_by("id")
    if role == "station_staff":  # the console serves staff who work at a station
        users = [u for u in users if carriers_of_staff(u).exists()]
    for u in users[:n]:
        s = SessionStore()
        s[SESSION_KEY] = str(u.pk)
        s[BACKEND_SESSION_KEY] = "suzhaohuo.accounts.backends.StaffPasswordBackend"
        s[HASH_SESSION_KEY] = u.get_session_auth_hash()
        s.create()
        out.append(s.session_key)
    return out
j = jobs_public().get(pk=jobs[0])
print("PLAN" + json.dumps({"jobs": jobs, "words": ["保洁", "搬运", "家政", "装修", "采摘", "日结", "小工", "服务员"],
      "category": j.category.code, "township": j.township_id,
      "sessions": {"worker": sessions("worker", 200), "employer": sessions("employer", 50),
                   "station_staff": sessions("station_staff", 10)}}))
"""

IMPORT_SCRIPT = r"""
import io
from openpyxl import Workbook
from django.core.files.uploadedfile import SimpleUploadedFile
from suzhaohuo.aggregation import services
from suzhaohuo.aggregation.models import SourceOperator
link = SourceOperator.objects.select_related("user").first()
wb = Workbook(); ws = wb.active
ws.append(["岗位名称", "工作内容", "用工单位", "岗位类别", "薪酬", "计薪单位", "结算方式", "招聘人数", "县区", "乡镇（街道）", "详细地址"])
for i in range(1, 601):
    ws.append([f"压测装卸工{i}号", f"第{i}号仓库装卸搬运，包午饭，编号{i*7919}。", "沭阳县胡集建筑工程有限公司", "搬运装卸", 200, "元/天",
               "日结", 2, "沭阳县", "胡集镇", "胡集镇人民路1号"])
buf = io.BytesIO(); wb.save(buf)
acc = services.upload_accept(actor=link.user, fileobj=SimpleUploadedFile("load.xlsx", buf.getvalue()), file_name="load.xlsx")
print("BATCH", acc.batch.pk)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, SZH_PROD_DATABASE_URL=DB_URL, SZH_PROD_PORT=PORT)
    for line in (STATE / "env").read_text().splitlines():
        k, _, v = line.partition("=")
        env[k] = v
    env.update(DJANGO_SETTINGS_MODULE="config.settings_production", DATABASE_URL=DB_URL,
               REDIS_URL="redis://127.0.0.1:6379/5", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")
    return env


def _manage(*args: str, script: str | None = None) -> str:
    cmd = [sys.executable, "manage.py", *args] + (["-c", script] if script else [])
    return subprocess.run(cmd, cwd=ROOT, env=_env(), check=True, capture_output=True, text=True).stdout


def _pids() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for f in STATE.glob("*.pid"):
        pid = int(f.read_text())
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        out[f.stem] = [pid, *map(int, kids)]
    return out


def _proc_cpu(pid: int) -> float:
    """CPU seconds of one process (user + system; not its children, which are sampled themselves)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (float(fields[11]) + float(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pids() -> dict[int, str]:
    """Every process serving the load: app processes (web, workers, scheduler, nginx) and the PostgreSQL
    backends connected to the load database."""
    out = {pid: name.rstrip("0123456789") for name, pids in _pids().items() for pid in pids}
    db = DB_URL.rsplit("/", 1)[1]
    for line in subprocess.run(["pgrep", "-a", "postgres"], capture_output=True, text=True).stdout.splitlines():
        pid, _, cmd = line.partition(" ")
        if f" {db} " in cmd:
            out[int(pid)] = "postgres"
    return out


class CpuMeter:
    """CPU seconds spent by the server processes during the run, by kind. A process that exits between two
    samples keeps its last sample (at most one sampling interval of its CPU is lost); gunicorn masters count
    their reaped workers themselves."""

    def __init__(self) -> None:
        self.start: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.sample(first=True)

    def sample(self, first: bool = False) -> None:
        for pid, kind in _server_pids().items():
            with contextlib.suppress(OSError, IndexError, ValueError):
                cpu = _proc_cpu(pid)
                if first:
                    self.start[pid] = cpu
                self.last[pid] = (kind, cpu)

    def by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, (kind, cpu) in self.last.items():
            out[kind] = out.get(kind, 0.0) + cpu - self.start.get(pid, 0.0)
        return out


def _sample(stop: threading.Event, rows: list[tuple[float, float, float]], meter: CpuMeter) -> None:
    """(time, CPU % of the whole machine, RSS MB of all app processes) every 5 s; server CPU per process."""
    hz = os.sysconf("SC_CLK_TCK")

    def stat() -> list[float]:
        with open("/proc/stat") as f:
            return [float(x) for x in f.readline().split()[1:]]

    def cpu_total() -> float:
        return sum(stat()) / hz

    def idle() -> float:
        parts = stat()
        return (parts[3] + parts[4]) / hz

    t0, i0 = cpu_total(), idle()
    while not stop.wait(2):
        meter.sample()
        t1, i1 = cpu_total(), idle()
        busy = 100 * (1 - (i1 - i0) / max(t1 - t0, 1e-9))
        rss = 0.0
        for pids in _pids().values():
            for pid in pids:
                with contextlib.suppress(OSError), open(f"/proc/{pid}/statm") as f:
                    rss += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        rows.append((time.time(), busy, rss))
        t0, i0 = t1, i1
    meter.sample()


def _children(pid: int) -> list[int]:
    return [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


def _kills(run_time: int, env: dict[str, str], started: float) -> list[str]:
    """What goes wrong in a real deployment, one thing at a time, while the load runs: a task worker killed
    (then restarted as systemd would), a web worker killed, a whole web process (gunicorn master) killed and
    restarted as systemd does it (remaining workers get SIGTERM, then a new master), a graceful reload
    (SIGHUP) of the other web process."""
    done: list[str] = []
    web = "web1" if (STATE / "web1.pid").exists() else "web"
    other = "web2" if web == "web1" else "web"

    def at(fraction: float) -> int:
        time.sleep(max(0.0, started + run_time * fraction - time.monotonic()))
        return round(time.monotonic() - started)

    def restart() -> None:
        subprocess.run(["deploy/scripts/prod-up.sh"], cwd=ROOT, env=dict(env, SZH_PROD_RESTART="1"), check=True,
                       capture_output=True)

    t = at(1 / 3)  # as before: the 600-row import is usually done by then on a quiet machine
    worker = int((STATE / "worker1.pid").read_text())
    os.kill(worker, signal.SIGKILL)
    restart()
    done.append(f"task worker {worker} SIGKILL at {t} s, restarted")
    t = at(0.45)
    master = int((STATE / f"{web}.pid").read_text())
    if kids := _children(master):
        os.kill(kids[0], signal.SIGKILL)
        done.append(f"{web} worker {kids[0]} SIGKILL at {t} s")
    t = at(0.6)
    kids = _children(master)
    os.kill(master, signal.SIGKILL)
    time.sleep(2)  # systemd: RestartSec=2, and SIGTERM to what is left of the unit
    for kid in kids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(kid, signal.SIGTERM)
    for _ in range(40):
        if not any(Path(f"/proc/{kid}").exists() for kid in kids):
            break
        time.sleep(0.5)
    restart()
    done.append(f"{web} process (gunicorn master {master}) SIGKILL at {t} s, restarted "
                f"{round(time.monotonic() - started) - t} s later")
    t = at(0.8)
    os.kill(int((STATE / f"{other}.pid").read_text()), signal.SIGHUP)
    done.append(f"{other} graceful reload (SIGHUP) at {t} s")
    return done


def main(full: bool) -> None:
    run_time, users = (600, 280) if full else (60, 120)
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SZH_PROD_DATABASE_URL=DB_URL, SZH_PROD_PORT=PORT)
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        # The kill tests need nginx in front of two app server instances, as deployed (the CI installs it too).
        print("installing nginx-light (apt-get)…", flush=True)
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light",
                       shell=True, check=True)
    subprocess.run(["deploy/scripts/prod-up.sh"], cwd=ROOT, env=env, check=True)
    if '"count": 0' in _manage("shell", script="from suzhaohuo.jobs.models import Job;import json;"
                               "print(json.dumps({'count': Job.objects.count()}))"):
        print("seeding the load database (seed_demo)…", flush=True)
        _manage("seed_demo")
    plan = json.loads(_manage("shell", script=PLAN_SCRIPT).split("PLAN", 1)[1])
    (OUT / "plan.json").write_text(json.dumps(plan))
    samples: list[tuple[float, float, float]] = []
    stop = threading.Event()
    meter = CpuMeter()
    sampler = threading.Thread(target=_sample, args=(stop, samples, meter), daemon=True)
    sampler.start()
    locustfile = os.environ.get("SZH_LOAD_LOCUSTFILE", "bench/_locustfile.py")  # A/B of scenario versions
    with open(OUT / "locust.log", "w") as log:
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", locustfile, "--headless", "-u", str(users), "-r", "20",
             "--run-time", f"{run_time}s", "--host", f"http://127.0.0.1:{PORT}", "--csv", str(OUT / "res"),
             "--only-summary"], cwd=ROOT, env=dict(env, SZH_LOAD_PLAN=str(OUT / "plan.json")),
            stdout=subprocess.DEVNULL, stderr=log)
    started = time.monotonic()
    batch = _manage("shell", script=IMPORT_SCRIPT).split("BATCH", 1)[1].strip()
    killed = _kills(run_time, env, started) if full or os.environ.get("SZH_LOAD_KILLS") else []
    _, _, usage = os.wait4(locust.pid, 0)  # the load generator's own CPU, apart from the server's
    locust.returncode = 0
    locust_cpu = usage.ru_utime + usage.ru_stime
    stop.set()
    sampler.join()
    check = _manage("shell", script=(
        "import time\nfrom suzhaohuo.aggregation.models import ImportBatch, RawRecord\n"
        "from django.db.models import Count\nfrom suzhaohuo.gigs.models import Engagement\n"
        f"b = ImportBatch.objects.get(pk={batch})\n"
        f"for _ in range(240):\n    b.refresh_from_db()\n    if b.status in ('done', 'failed'): break\n    time.sleep(1)\n"
        "rows = RawRecord.objects.filter(batch=b)\n"
        "dup_rows = rows.values('row_number').annotate(n=Count('id')).filter(n__gt=1).count()\n"
        "dup_eng = Engagement.objects.values('worker_id', 'job_id').annotate(n=Count('id')).filter(n__gt=1).count()\n"
        "print('CHECK', b.status, rows.count(), dup_rows, dup_eng)"))
    status, nrows, dup_rows, dup_eng = check.split("CHECK", 1)[1].split()
    topology = ("nginx → 2 gunicorn instances × 2 sync workers" if (STATE / "nginx.pid").exists()
                else "gunicorn 3 sync workers (no nginx)")
    subprocess.run(["deploy/scripts/prod-down.sh"], cwd=ROOT, check=True, capture_output=True)
    _report(full, run_time, users, samples, killed, (status, nrows, dup_rows, dup_eng), meter.by_kind(),
            locust_cpu, topology)


def _report(full: bool, run_time: int, users: int, samples: list[tuple[float, float, float]], killed: list[str],
            check: tuple[str, str, str, str], server_cpu: dict[str, float], locust_cpu: float, topology: str) -> None:
    with open(OUT / "res_stats.csv") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    rps = float(total["Requests/s"])
    failures = int(total["Failure Count"])
    # Server errors are 5xx answers, timeouts and dropped connections; a 4xx is the scenario asking for
    # something it may not have (reported separately, never hidden).
    # (python-requests words it "404 Client Error", geventhttpclient "code=404").
    errors = post_errors = 0
    with open(OUT / "res_failures.csv") as f:
        for row in csv.DictReader(f):
            if not re.search(r"\b4\d\d Client Error|\bcode=4\d\d\b", row["Error"]):
                errors += int(row["Occurrences"])
                post_errors += int(row["Occurrences"]) if row["Method"] == "POST" else 0
    load1 = os.getloadavg()
    requests = int(total["Request Count"])
    server = sum(server_cpu.values())
    kinds = ", ".join(f"{k} {v:.0f} s" for k, v in sorted(server_cpu.items(), key=lambda kv: -kv[1]))
    lines = [
        f"## Load test ({'full' if full else 'quick'}): {time.strftime('%Y-%m-%d %H:%M')} UTC",
        "",
        f"{run_time} s, {users} locust users (bench/_locustfile.py, FastHttpUser), {topology} + 2 Redis-queue "
        f"workers + scheduler, PostgreSQL, production settings; load average at the end {load1[0]:.1f}.",
        "",
        f"- throughput **{rps:.1f} requests/s**, requests {total['Request Count']}, errors (5xx, timeouts, "
        f"dropped connections) **{errors}** (of which POSTs {post_errors}: never resent by nginx once they reached an "
        f"app server), client errors (4xx) {failures - errors}",
        f"- latency p50 {total['50%']} ms, p95 **{total['95%']} ms**, p99 {total['99%']} ms",
        f"- server CPU (whole machine) mean {sum(s[1] for s in samples) / max(len(samples), 1):.0f}%, "
        f"app RSS peak {max((s[2] for s in samples), default=0):.0f} MB (all app processes)",
        f"- server CPU **{server:.0f} s = {1000 * server / max(requests, 1):.1f} ms per request** ({kinds}); "
        f"load generator (locust) {locust_cpu:.0f} s = {1000 * locust_cpu / max(requests, 1):.1f} ms per request",
        f"- killed or reloaded during the run: {'; '.join(killed) or 'nothing (quick mode)'}",
        f"- 600-row import queued during the run: {check[0]}, {check[1]} rows recorded, {check[2]} row numbers "
        f"recorded twice; engagements doubled: {check[3]}",
        "",
        "| request | count | failures | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
        *[f"| {r['Type']} {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} |"
          for r in sorted(pages, key=lambda r: -int(r["Request Count"]))],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    doc = ROOT / "docs" / "perf" / "load.md"
    head = "# Load test of the production stack (issue #18)\n\nRun with `python -m bench load [--full]`.\n\n"
    old = doc.read_text() if doc.exists() else head
    doc.write_text(old.rstrip() + "\n\n" + text)

"""Issue #18's load test: the production stack (`make prod-up`: gunicorn, Redis-queue workers, scheduler,
PostgreSQL) under a mixed locust load (bench/_locustfile.py), with server CPU and memory sampled, a task
worker and a web worker killed mid-run (full mode), and exactly-once checks afterwards.

quick: 60 s, 120 users.  full: 10 minutes, 280 users (≈100+ requests/s with the scenario's think times).
Writes docs/perf/load.md.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
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


def _sample(stop: threading.Event, rows: list[tuple[float, float, float]]) -> None:
    """(time, CPU % of the whole machine, RSS MB of all app processes) every 5 s."""
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
    while not stop.wait(5):
        t1, i1 = cpu_total(), idle()
        busy = 100 * (1 - (i1 - i0) / max(t1 - t0, 1e-9))
        rss = 0.0
        for pids in _pids().values():
            for pid in pids:
                with contextlib.suppress(OSError), open(f"/proc/{pid}/statm") as f:
                    rss += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        rows.append((time.time(), busy, rss))
        t0, i0 = t1, i1


def main(full: bool) -> None:
    run_time, users = (600, 280) if full else (60, 120)
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SZH_PROD_DATABASE_URL=DB_URL, SZH_PROD_PORT=PORT)
    subprocess.run(["deploy/scripts/prod-up.sh"], cwd=ROOT, env=env, check=True)
    if '"count": 0' in _manage("shell", script="from suzhaohuo.jobs.models import Job;import json;"
                               "print(json.dumps({'count': Job.objects.count()}))"):
        print("seeding the load database (seed_demo)…", flush=True)
        _manage("seed_demo")
    plan = json.loads(_manage("shell", script=PLAN_SCRIPT).split("PLAN", 1)[1])
    (OUT / "plan.json").write_text(json.dumps(plan))
    samples: list[tuple[float, float, float]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(stop, samples), daemon=True)
    sampler.start()
    locust = subprocess.Popen(
        [sys.executable, "-m", "locust", "-f", "bench/_locustfile.py", "--headless", "-u", str(users), "-r", "20",
         "--run-time", f"{run_time}s", "--host", f"http://127.0.0.1:{PORT}", "--csv", str(OUT / "res"),
         "--only-summary"], cwd=ROOT, env=dict(env, SZH_LOAD_PLAN=str(OUT / "plan.json")),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    batch = _manage("shell", script=IMPORT_SCRIPT).split("BATCH", 1)[1].strip()
    killed = []
    if full:
        time.sleep(run_time / 3)
        worker = int((STATE / "worker1.pid").read_text())
        os.kill(worker, signal.SIGKILL)
        killed.append(f"task worker {worker} (SIGKILL at {run_time // 3} s)")
        subprocess.run(["deploy/scripts/prod-up.sh"], cwd=ROOT, env=env, check=True, capture_output=True)
        time.sleep(run_time / 3)
        web_children = _pids().get("web", [])[1:]
        if web_children:
            os.kill(web_children[0], signal.SIGKILL)
            killed.append(f"web worker {web_children[0]} (SIGKILL at {2 * run_time // 3} s)")
    locust.wait()
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
    subprocess.run(["deploy/scripts/prod-down.sh"], cwd=ROOT, check=True, capture_output=True)
    _report(full, run_time, users, samples, killed, (status, nrows, dup_rows, dup_eng))


def _report(full: bool, run_time: int, users: int, samples: list[tuple[float, float, float]], killed: list[str],
            check: tuple[str, str, str, str]) -> None:
    with open(OUT / "res_stats.csv") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    rps = float(total["Requests/s"])
    failures = int(total["Failure Count"])
    # Server errors are 5xx answers, timeouts and dropped connections; a 4xx is the scenario asking for
    # something it may not have (reported separately, never hidden).
    errors = 0
    with open(OUT / "res_failures.csv") as f:
        for row in csv.DictReader(f):
            if not any(f"{code} Client Error" in row["Error"] for code in range(400, 500)):
                errors += int(row["Occurrences"])
    load1 = os.getloadavg()
    lines = [
        f"## Load test ({'full' if full else 'quick'}): {time.strftime('%Y-%m-%d %H:%M')} UTC",
        "",
        f"{run_time} s, {users} locust users (bench/_locustfile.py), gunicorn 3 sync workers + 2 Redis-queue "
        f"workers + scheduler, PostgreSQL, production settings; load average at the end {load1[0]:.1f}.",
        "",
        f"- throughput **{rps:.1f} requests/s**, requests {total['Request Count']}, errors (5xx, timeouts, "
        f"dropped connections) **{errors}**, client errors (4xx) {failures - errors}",
        f"- latency p50 {total['50%']} ms, p95 **{total['95%']} ms**, p99 {total['99%']} ms",
        f"- server CPU (whole machine) mean {sum(s[1] for s in samples) / max(len(samples), 1):.0f}%, "
        f"app RSS peak {max((s[2] for s in samples), default=0):.0f} MB (all app processes)",
        f"- killed during the run: {', '.join(killed) or 'nothing (quick mode)'}",
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

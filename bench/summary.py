"""Issue #19's figures in one table, from the run that just happened (``make bench FULL=1`` ends with it).

Reads what the other benchmarks of this run printed or wrote (bench/__main__.py keeps each module's output in
var/bench/out-<name>.txt; bench/search.py writes var/bench/search-<engine>.json) and runs what is missing:
the aggregation benchmark (bench/aggregation.py) and the seeding measurement
(``seed_demo --workers 50000 --employers 5000 --jobs 50000`` on a fresh SQLite database, full mode only).
``BENCH_SUMMARY_SKIP=aggregation,seed`` leaves those out (their rows then say so). Every figure is printed with
the machine's load average when it was taken: this 2-core machine is shared, so wall times are upper bounds.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _p95(ms: list[float]) -> float:
    s = sorted(ms)
    return s[max(0, min(len(s) - 1, int(round(0.95 * (len(s) - 1)))))] if s else float("nan")


def _aggregation(full: bool) -> tuple[str, str, str]:
    path = OUT / "out-aggregation.txt"
    if path.exists() and time.time() - path.stat().st_mtime < 6 * 3600:
        text, load = path.read_text(), "(see its run)"
    elif "aggregation" in os.environ.get("BENCH_SUMMARY_SKIP", ""):
        return "not run", "", ""
    else:
        from bench import aggregation

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            aggregation.main(full=full)
        text, load = buf.getvalue(), _load()
    rate = re.search(r"→ ([\d,]+) postings/s", text)
    rss = re.search(r"peak RSS: (\d+) MB", text)
    return (f"{rate.group(1)} /s" if rate else "?"), (f"{rss.group(1)} MB" if rss else "?"), load


def _seed(full: bool) -> tuple[str, str]:
    if not full or "seed" in os.environ.get("BENCH_SUMMARY_SKIP", ""):
        return "not run (full mode)", ""
    with tempfile.TemporaryDirectory(prefix="szh-bench-seed-") as var:
        env = dict(os.environ, SZH_VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL="")
        env.pop("DATABASE_URL")
        manage = [sys.executable, "manage.py"]
        for cmd in (["migrate", "-v0"], ["createcachetable"], ["load_regions"]):
            subprocess.run(manage + cmd, cwd=ROOT, env=env, check=True, capture_output=True)
        t = time.perf_counter()
        subprocess.run(manage + ["seed_demo", "--workers", "50000", "--employers", "5000", "--jobs", "50000"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        return f"{time.perf_counter() - t:.0f} s", _load()


def main(full: bool) -> None:
    rows: list[tuple[str, str, str, str]] = []  # figure, target, measured, load
    rate, rss, load = _aggregation(full)
    rows.append(("ingestion, 100k-row file (SQLite)" if full else "ingestion, 2k-row file (quick)",
                 "≥ 2,000 /s", rate, load))
    rows.append(("ingestion peak RSS", "≤ 300 MB", rss, load))
    for path in sorted(OUT.glob("search-*.json"), key=lambda p: p.stat().st_mtime):
        if time.time() - path.stat().st_mtime > 6 * 3600:  # an old run's figures are not this run's
            continue
        res: dict[str, Any] = json.loads(path.read_text())
        where = f"{res.get('label')}, {res.get('n', 0):,}"
        for kind in ("keyword", "nearby", "combined"):
            if kind in res:
                rows.append((f"{kind} p95 ({where})", "≤ 50 ms", f"{_p95(res[kind]['api']):.1f} ms", res.get("loadavg", "")))
                rows.append((f"{kind} API/raw ({where})", "≤ 1.5", f"{res[kind]['ratio']:.2f}", ""))
        if "recs" in res:
            rows.append((f"recommendations p95 ({where})", "≤ 50 ms", f"{_p95(res['recs']):.1f} ms", ""))
        tp = res.get("throughput") or {}
        for mix, floor in (tp.get("floor") or {}).items():
            rows.append((f"raw-SQL floor, {mix} (pgbench)", "—", f"{floor['rps']:.0f} req/s", floor["load"]))
        for key, r in (tp.get("stack") or {}).items():
            server, mode, mix = key.split("/")
            target = "≥ 50% of floor" if mode == "uncached" else "≥ 300 req/s"
            rows.append((f"{server} {mode}, {mix}", target,
                         f"{r['rps']:.0f} req/s = {r['ratio'] * 100:.0f}% of floor", r["load"]))
            rows.append((f"{server} RSS per process ({mode}, {mix})", "≤ 300 MB",
                         f"{max(r['rss_mb'] or [0]):.0f} MB", ""))
        if "load" in res and res["load"]:
            for label, r in res["load"].items():
                if r:
                    rows.append((f"gunicorn {label} ({where})", "—", f"{r['rps']:.0f} req/s", ""))
    seed, load = _seed(full)
    rows.append(("seed_demo 50,000 workers / 5,000 employers / 50,000 jobs", "≤ 120 s", seed, load))
    width = max(len(r[0]) for r in rows)
    print(f"\n#19 figures (2 shared cores; load = 1/5/15-min load average when taken)  now [load {_load()}]")
    for figure, target, measured, load in rows:
        print(f"  {figure:{width}s}  {target:15s}  {measured:28s}  {('[load ' + load + ']') if load else ''}")

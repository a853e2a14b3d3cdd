"""One search benchmark run against one database (child process; DATABASE_URL is set by bench/search.py).

    python -m bench._search_run --n 100000 --label sqlite [--iterations 200] [--rps-seconds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = ["保洁", "搬运", "月嫂", "水电维修", "外卖骑手", "打包", "采摘", "养老护理", "日结 保洁", "装卸 日结",
            "胡集镇", "仓库分拣", "钟点工", "建筑小工", "洗碗工"]


def loadavg() -> str:
    """The machine's 1/5/15-minute load averages (2 cores, shared): recorded next to every figure."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def fmt(ms: list[float]) -> str:
    return f"p50 {pct(ms, 50):6.2f}  p95 {pct(ms, 95):6.2f}  p99 {pct(ms, 99):6.2f} ms"


def timed(fn: Any, n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def setup_db(n: int, log: Any) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from suzhaohuo.search.models import SearchDoc

    have = SearchDoc.objects.count()
    if have == n:
        log(f"  reusing {n} postings already in the benchmark database")
        return
    if have:
        raise SystemExit(f"benchmark database holds {have} postings, not {n}: delete it and rerun")
    from suzhaohuo.regions.services import regions_load_csv

    regions_load_csv(path=str(ROOT / "data" / "regions" / "suqian_divisions.csv"))
    from bench._search_data import generate

    t0 = time.perf_counter()
    generate(n, n_employers=max(200, n // 50), n_workers=500, log=log)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    log(f"  generated {n} postings in {time.perf_counter() - t0:.0f}s")


def sample_points(rng: random.Random, k: int) -> list[tuple[float, float]]:
    from suzhaohuo.search.models import SearchDoc

    # points where people live and work: locations of random postings, jittered by ~1 km
    ids = list(SearchDoc.objects.filter(lat__isnull=False).values_list("lat", "lng")[:5000])
    return [(lat + rng.uniform(-0.01, 0.01), lng + rng.uniform(-0.01, 0.01)) for lat, lng in rng.sample(ids, k)]


# --- hand-written SQL, the floor the ORM-based engine is compared against ---------------------

DISPLAY = ("SELECT j.id, j.title, j.pay_min, j.pay_max, j.pay_unit, j.settlement, j.published_at, e.name, "
           "e.verification_status, c.code, c.name, t.name{extra} FROM search_searchdoc d "
           "JOIN jobs_job j ON j.id = d.job_id JOIN identity_employer e ON e.id = j.employer_id "
           "JOIN jobs_jobcategory c ON c.id = j.category_id JOIN regions_region t ON t.code = j.township_id ")


def raw_search(cur: Any, vendor: str, *, q: str = "", point: tuple[float, float] | None = None,
               radius: float = 10.0, settlement: str = "", pay_min: int | None = None) -> list[Any]:
    from django.utils import timezone

    from suzhaohuo.search import geo, text

    where, params, extra, order = ["d.valid_until > %s"], [timezone.now()], "", "d.recency DESC"
    if q:
        groups = text.query_groups(q)
        if vendor == "postgresql":
            where.append("d.tsv @@ %s::tsquery")
            params.append(text.pg_tsquery(groups))
        else:
            where.append("d.recency IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)")
            params.append(text.fts5_match(groups))
    if settlement:
        where.append("d.settlement = %s")
        params.append(settlement)
    if pay_min is not None:
        where.append("d.pay_daily >= %s")
        params.append(pay_min)
    base_where, base_params = list(where), list(params)
    if point is not None:
        lat, lng = point
        lat0, lat1, lng0, lng1 = geo.bbox(lat, lng, radius)
        cells = geo.cells_covering(lat, lng, radius) or []
        kx = geo.km_per_deg_lng(lat)
        d2 = f"((d.lat - {lat!r}) * 111.195) * ((d.lat - {lat!r}) * 111.195) + " \
             f"((d.lng - {lng!r}) * {kx!r}) * ((d.lng - {lng!r}) * {kx!r})"
        where += ["d.lat BETWEEN %s AND %s", "d.lng BETWEEN %s AND %s",
                  f"d.cell IN ({','.join(str(c) for c in cells)})", f"{d2} <= %s"]
        params += [lat0, lat1, lng0, lng1, radius * radius]
        extra, order = f", {d2} AS d2", "d2, d.recency DESC"
    w = " AND ".join(where)
    cur.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchdoc d WHERE {w} LIMIT 1000) x", params)
    total = cur.fetchone()[0]
    if point is not None and total < 1000:
        # same work as the engine: postings without coordinates, in the point's county, then the rest
        county = geo.county_of_point(*point) or ""
        for cond in ("d.county_code = %s", "d.county_code <> %s"):
            bw = " AND ".join(base_where + ["d.lat IS NULL", cond])
            cur.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchdoc d WHERE {bw} LIMIT %s) x",
                        base_params + [county, 1000 - total])
            total += cur.fetchone()[0]
    cur.execute(DISPLAY.format(extra=extra) + f"WHERE {w} ORDER BY {order} LIMIT 20", params)
    rows = cur.fetchall()
    return [total, rows]


def measure(iterations: int, log: Any) -> dict[str, Any]:
    from django.db import connection

    from suzhaohuo.matching.selectors import recommend_for_worker
    from suzhaohuo.search.api import hit_out
    from suzhaohuo.search.selectors import SearchParams, search_jobs
    from suzhaohuo.workers.models import WorkerProfile

    rng = random.Random(11)
    vendor = connection.vendor
    points = sample_points(rng, iterations)
    cases: dict[str, Any] = {
        "keyword": lambda i: {"q": KEYWORDS[i % len(KEYWORDS)]},
        "nearby": lambda i: {"point": points[i], "radius": 5.0},
        "combined": lambda i: {"q": KEYWORDS[i % len(KEYWORDS)].split()[0], "point": points[i], "radius": 10.0,
                               "settlement": "daily", "pay_min": 150},
    }

    def api(kw: dict[str, Any]) -> Any:
        lat, lng = kw.get("point") or (None, None)
        page = search_jobs(SearchParams(q=kw.get("q", ""), lat=lat, lng=lng, radius_km=kw.get("radius"),
                                        settlement=kw.get("settlement", ""), pay_min=kw.get("pay_min")))
        return [hit_out(h) for h in page.hits]

    out: dict[str, Any] = {"vendor": vendor}
    from django.test import override_settings

    engine_only = override_settings(SEARCH_CANDIDATE_CACHE_SECONDS=0)  # latency of the engine, not of a cache
    engine_only.enable()
    with connection.cursor() as cur:
        for name, make in cases.items():
            for i in range(10):  # warm caches
                api(make(i))
                raw_search(cur, vendor, **make(i))
            api_ms = timed(lambda i, make=make: api(make(i)), iterations)
            raw_ms = timed(lambda i, make=make: raw_search(cur, vendor, **make(i)), iterations)
            ratio = statistics.median(api_ms) / max(1e-9, statistics.median(raw_ms))
            out[name] = {"api": api_ms, "raw": raw_ms, "ratio": ratio}
            log(f"  {name:9s} API {fmt(api_ms)} | raw SQL {fmt(raw_ms)} | API/raw (median) {ratio:.2f}  "
                f"[load {loadavg()}]")
    workers = list(WorkerProfile.objects.select_related("user").order_by("pk")[:iterations])
    recommend_for_worker(workers[0].user)
    rec_ms = timed(lambda i: recommend_for_worker(workers[i % len(workers)].user, limit=20), iterations)
    out["recs"] = rec_ms
    engine_only.disable()
    log(f"  recommend API {fmt(rec_ms)}  [load {loadavg()}]")
    return out


def load_test(seconds: int, log: Any) -> dict[str, Any]:
    """Two runs: the engine alone (no result cache), then with the 30 s anonymous result cache."""
    out = {}
    for label, cache_seconds in (("engine", "0"), ("cached", "30")):
        log(f"  load ({label}: anonymous result cache {cache_seconds} s)")
        out[label] = _load_once(seconds, log, cache_seconds)
    return out


def _load_once(seconds: int, log: Any, cache_seconds: str) -> dict[str, Any]:
    """gunicorn (3 sync workers on 2 cores) on 127.0.0.1 + wrk, mixed search URLs; RSS of each worker afterwards."""
    import shutil
    import socket

    wrk = shutil.which("wrk")
    if wrk is None:
        log("  wrk not installed (apt-get install wrk): skipping the load test")
        return {}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # production-like: DEBUG off, persistent connections, process-local cache (bench/_search_settings.py)
    env = dict(os.environ, DJANGO_DEBUG="0", SZH_LOG_LEVEL="ERROR", DJANGO_SETTINGS_MODULE="bench._search_settings",
               BENCH_SEARCH_CACHE=cache_seconds)
    workers = int(os.environ.get("BENCH_GUNICORN_WORKERS", "3"))
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers), "-b",
                             f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
                            cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/jobs/search?q=%E4%BF%9D%E6%B4%81", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        from suzhaohuo.search.models import SearchDoc

        rng = random.Random(5)
        pts = list(SearchDoc.objects.filter(lat__isnull=False).values_list("lat", "lng")[:200])
        paths = []
        for i in range(60):
            qs: dict[str, Any] = {}
            kind = i % 3
            if kind in (0, 2):
                qs["q"] = KEYWORDS[i % len(KEYWORDS)].split()[0]
            if kind in (1, 2):
                lat, lng = rng.choice(pts)
                qs.update(lat=f"{lat:.5f}", lng=f"{lng:.5f}", radius_km=5)
            if kind == 2:
                qs["settlement"] = "daily"
            paths.append("/api/v1/jobs/search?" + urllib.parse.urlencode(qs))
        for p in paths[:6]:  # every path answers 200 before we measure
            with urllib.request.urlopen(base + p, timeout=10) as r:
                assert r.status == 200, p
        lua = ROOT / "var" / "bench" / "search_paths.lua"
        lua.parent.mkdir(parents=True, exist_ok=True)
        lua.write_text("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\nlocal i = 0\n"
                       "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")
        res = subprocess.run([wrk, "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(lua), base],
                             capture_output=True, text=True, check=True)
        rps = next(float(line.split()[1]) for line in res.stdout.splitlines() if line.startswith("Requests/sec"))
        non2xx = next((line.strip() for line in res.stdout.splitlines() if "Non-2xx" in line), "")
        lat_line = next((line.strip() for line in res.stdout.splitlines() if line.strip().startswith("99%")), "")
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        rss = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    rss.append(int(line.split()[1]) / 1024)
        log(f"  load: {rps:.0f} requests/s (wrk -t2 -c16 {seconds}s, gunicorn -w {workers}) {non2xx} "
            f"latency {lat_line}")
        log(f"  RSS per app process after load: max {max(rss):.0f} MB (all: {', '.join(f'{r:.0f}' for r in rss)})")
        return {"rps": rps, "rss_mb": max(rss), "workers": workers, "non2xx": non2xx}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--rps-seconds", type=int, default=15)
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    def log(msg: str) -> None:
        print(msg, flush=True)

    log(f"[{args.label}] {args.n} postings")
    setup_db(args.n, log)
    result = measure(args.iterations, log) if args.iterations else {}
    from django.db import connection

    if args.rps_seconds and connection.vendor == "postgresql":
        # the raw-SQL floor and the full stack (gunicorn, granian; anonymous, signed-in; uncached, cached)
        from bench._search_load import run

        result["throughput"] = run(os.environ["DATABASE_URL"], args.rps_seconds, log)
    elif args.rps_seconds:
        result["load"] = load_test(args.rps_seconds, log)
    result["n"], result["label"], result["loadavg"] = args.n, args.label, loadavg()
    out = Path(args.json) if args.json else ROOT / "var" / "bench" / f"search-{args.label or 'run'}.json"
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()

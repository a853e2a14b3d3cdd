"""CPU per search request (mean): this process's CPU plus its PostgreSQL backend's CPU, per kind.

    DATABASE_URL=postgres://…/bench_… python -m bench._search_cpu [--n 100] [--without-geo]

CPU time does not grow while a process waits for a core, so on a shared machine this is the figure to
compare between versions (wall-clock percentiles are inflated by the load). The engine runs with the
candidate cache off; the points and words are those of bench/_search_run.py.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _backend_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--without-geo", action="store_true", help="the plan before migration search 0007")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings

    from bench._search_run import KEYWORDS, sample_points
    from suzhaohuo.matching.selectors import recommend_for_worker
    from suzhaohuo.search.api import hit_out
    from suzhaohuo.search.selectors import SearchParams, search_jobs
    from suzhaohuo.workers.models import WorkerProfile

    if args.without_geo:  # circle searches without the (words, area, settlement) tsquery: the old plan
        from suzhaohuo.search import selectors

        original = selectors.within
        selectors.within = lambda qs, lat, lng, radius_km, **_kw: original(qs, lat, lng, radius_km)  # type: ignore[assignment]
    rng = random.Random(11)
    points = sample_points(rng, args.n)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    workers = list(WorkerProfile.objects.select_related("user").order_by("pk")[:args.n])
    kinds = {
        "keyword": lambda i: SearchParams(q=KEYWORDS[i % len(KEYWORDS)]),
        "nearby": lambda i: SearchParams(lat=points[i][0], lng=points[i][1], radius_km=5.0),
        "combined": lambda i: SearchParams(q=KEYWORDS[i % len(KEYWORDS)].split()[0], lat=points[i][0],
                                           lng=points[i][1], radius_km=10.0, settlement="daily", pay_min=150),
    }
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with override_settings(SEARCH_CANDIDATE_CACHE_SECONDS=0):
        for name, make in [*kinds.items(), ("recommendations", None)]:
            def one(i: int, make=make) -> None:  # type: ignore[no-untyped-def]
                if make is None:
                    recommend_for_worker(workers[i % len(workers)].user, limit=20)
                else:
                    [hit_out(h) for h in search_jobs(make(i)).hits]
            for i in range(5):
                one(i)
            py0, db0, t0 = time.process_time(), _backend_cpu_ms(pid), time.perf_counter()
            for i in range(args.n):
                one(i)
            py, db = (time.process_time() - py0) * 1000 / args.n, (_backend_cpu_ms(pid) - db0) / args.n
            wall = (time.perf_counter() - t0) * 1000 / args.n
            print(f"  {name:15s} CPU per request: app {py:5.1f} ms + database {db:5.1f} ms = {py + db:5.1f} ms "
                  f"(wall {wall:6.1f} ms)  [load {load}]", flush=True)


if __name__ == "__main__":
    main()

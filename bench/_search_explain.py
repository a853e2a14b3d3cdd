"""EXPLAIN (ANALYZE, BUFFERS) of every SQL statement the engine runs for one request of each search kind.

    DATABASE_URL=postgres://…/bench_… python -m bench._search_explain [--kind combined] [--cache-off]

The statements are captured from ``search_jobs`` itself (candidate cache off), so the plans are the
engine's, not a hand-written imitation. Used to write docs/perf/search.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POINT = (34.0130, 118.2950)  # 宿城区 centre: the densest area of the benchmark data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", default="")
    parser.add_argument("--q", default="保洁")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from suzhaohuo.search.selectors import SearchParams, search_jobs

    lat, lng = POINT
    kinds = {
        "keyword": SearchParams(q=args.q),
        "nearby": SearchParams(lat=lat, lng=lng, radius_km=5),
        "combined": SearchParams(q=args.q, lat=lat, lng=lng, radius_km=10, settlement="daily", pay_min=150),
    }
    for kind, params in kinds.items():
        if args.kind and kind != args.kind:
            continue
        with override_settings(SEARCH_CANDIDATE_CACHE_SECONDS=0):
            search_jobs(params)
            with CaptureQueriesContext(connection) as ctx:
                page = search_jobs(params)
        print(f"\n##### {kind}: total {page.total}, {len(ctx.captured_queries)} statements")
        with connection.cursor() as cur:
            for q in ctx.captured_queries:
                sql = q["sql"]
                print(f"\n-- {q['time']} s\n{sql}\n")
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(r[0] for r in cur.fetchall()))


if __name__ == "__main__":
    main()

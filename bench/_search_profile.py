"""Where a search request's CPU goes, by component (issue #19): middleware, session and user, candidates,
personalisation, cards, JSON / template. In process, through the full middleware stack (Django's test
client, production settings), on the bench database.

    DATABASE_URL=postgres://…/i19search_b50k python -m bench._search_profile [--n 300] [--cache 30]

Two figures per mix (anonymous / signed-in) and endpoint (API / web page):

* **CPU per request**: this process's CPU (time.process_time) plus its PostgreSQL backend's CPU, without
  a profiler. Waiting for a core does not count, so it is comparable on a shared machine;
* **by component**: cProfile's inclusive time of the functions below, as a share of the profiled total,
  scaled to the unprofiled CPU figure (the profiler's own overhead inflates cheap calls alike).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# (label, module path fragment, function name): inclusive ("cumulative") time of each
COMPONENTS = [
    ("session load", "sessions/backends/base.py", "_get_session"),
    ("csrf/messages/other mw", "django/middleware/csrf.py", "process_response"),
    ("user load (auth)", "contrib/auth/__init__.py", "get_user"),
    ("search_jobs (web, before)", "search/selectors.py", "search_jobs"),
    ("search_plan (API, after)", "search/selectors.py", "search_plan"),
    ("  validate + profile", "search/selectors.py", "_validate"),
    ("  candidates (miss)", "search/selectors.py", "_candidates"),
    ("cache round trips", "redis/client.py", "execute_command"),
    ("  hidden lookups", "search/selectors.py", "hidden_for"),
    ("  head entry", "search/selectors.py", "_from_head"),
    ("  engine counts", "search/selectors.py", "_capped_count"),
    ("  nearest", "search/selectors.py", "nearest"),
    ("  cards (load_jobs)", "search/selectors.py", "load_jobs"),
    ("hit_out + JSON", "search/api.py", "hit_out"),
    ("template render", "template/backends/django.py", "render"),
    ("filter options", "search/views.py", "filter_options"),
]


def _backend_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--cache", type=int, default=30, help="SEARCH_*_CACHE_SECONDS (0: engine only)")
    parser.add_argument("--mix", default="anonymous,signed-in")
    parser.add_argument("--endpoints", default="api,web")
    parser.add_argument("--warm", action="store_true", help="measure repeats (cache hits), not a cold cache")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    from bench._search_load import loadavg, mix_paths, worker_sessions

    paths = mix_paths()
    sessions = worker_sessions(200)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    print(f"cache {settings.CACHES['default']['BACKEND']}, sessions {settings.SESSION_ENGINE}, "
          f"search caches {args.cache} s  [load {loadavg()}]")
    for endpoint in args.endpoints.split(","):
        urls = paths if endpoint == "api" else [p.replace("/api/v1/jobs/search", "/search/") for p in paths]
        for mix in args.mix.split(","):
            sess = sessions if mix == "signed-in" else []
            clients = []
            for s in sess or [""]:
                c = Client(HTTP_X_FORWARDED_PROTO="https", secure=True)
                if s:
                    c.cookies[settings.SESSION_COOKIE_NAME] = s
                clients.append(c)

            def one(i: int, urls: list[str] = urls, clients: list[Any] = clients) -> None:
                r = clients[i % len(clients)].get(urls[i % len(urls)])
                assert r.status_code == 200, (urls[i % len(urls)], r.status_code)

            # production settings want collected static files (a manifest); plain storage is enough here
            with override_settings(SEARCH_ANON_CACHE_SECONDS=args.cache, SEARCH_CANDIDATE_CACHE_SECONDS=args.cache,
                                   STORAGES={**settings.STORAGES, "staticfiles": {
                                       "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
                cache.clear()
                for i in range(args.n if args.warm else len(urls)):  # warm per-process state (dictionaries,
                    one(i)                                          # polygons, region names); --warm: the cache
                if not args.warm:
                    cache.clear()
                py0, db0 = time.process_time(), _backend_cpu_ms(pid)
                for i in range(args.n):
                    one(i)
                py, db = (time.process_time() - py0) * 1000 / args.n, (_backend_cpu_ms(pid) - db0) / args.n
                if not args.warm:
                    cache.clear()
                prof = cProfile.Profile()
                prof.enable()
                for i in range(args.n):
                    one(i)
                prof.disable()
            stats = pstats.Stats(prof)
            total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
            print(f"\n{endpoint} {mix}: CPU per request app {py:.1f} ms + database {db:.1f} ms = {py + db:.1f} ms"
                  f"  [load {loadavg()}]")
            for label, frag, name in COMPONENTS:
                inc = sum(v[3] for (f, _line, fn), v in stats.stats.items()  # type: ignore[attr-defined]
                          if fn == name and frag in f)
                if inc:
                    print(f"  {label:24s} {inc / total * py:6.2f} ms app ({inc / total * 100:4.1f} %)")


if __name__ == "__main__":
    main()

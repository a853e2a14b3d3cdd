"""Search benchmark: keyword / nearby / combined search and recommendations, API vs raw SQL, load, memory.

Quick mode: 100k postings in a SQLite file under var/bench/ (kept between runs; about 3 minutes the first
time). Full mode adds PostgreSQL at 1M postings in a database ``bench`` on 127.0.0.1:5432 (user postgres,
override with BENCH_PG_URL; BENCH_PG_N changes the size). Each database is measured in a child process
with its own DATABASE_URL, so the benchmark never touches the development database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(label: str, url: str, n: int, *, iterations: int, rps_seconds: int) -> None:
    env = dict(os.environ, DATABASE_URL=url, SZH_VAR_DIR=str(ROOT / "var" / "bench"),
               DJANGO_SETTINGS_MODULE="config.settings", SZH_TASK_BACKEND="django.tasks.backends.dummy.DummyBackend")
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "bench._search_run", "--n", str(n), "--label", label,
                    "--iterations", str(iterations), "--rps-seconds", str(rps_seconds)],
                   cwd=ROOT, env=env, check=True)


def _pg_database(url: str) -> bool:
    try:
        import psycopg
    except ImportError:
        print("  psycopg missing: skipping PostgreSQL")
        return False
    base, _, dbname = url.rpartition("/")
    try:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
                conn.execute(f'CREATE DATABASE "{dbname}"')
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL not reachable ({exc}): skipping")
        return False
    return True


def main(full: bool) -> None:
    sqlite_n = int(os.environ.get("BENCH_SQLITE_N", "100000"))
    sqlite_url = f"sqlite:///{ROOT / 'var' / 'bench' / f'search-{sqlite_n}.sqlite3'}"
    _run("sqlite", sqlite_url, sqlite_n, iterations=300 if full else 150, rps_seconds=20 if full else 10)
    if full:
        pg_n = int(os.environ.get("BENCH_PG_N", "1000000"))
        pg_url = os.environ.get("BENCH_PG_URL", f"postgres://postgres@127.0.0.1:5432/bench_search_{pg_n}")
        if _pg_database(pg_url):
            _run("postgresql", pg_url, pg_n, iterations=300, rps_seconds=20)

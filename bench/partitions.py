"""Log partitioning on PostgreSQL: does monthly partitioning of the access/audit logs measurably help?

    python -m bench partitions          # quick: 12 months × 50,000 rows
    python -m bench partitions --full   # full: 12 months × 400,000 rows (≈ a province's year of reveals/audit)

Builds two copies of a personal-data access log shaped like ``core_piiaccesslog`` in the database
``bench_partitions`` (BENCH_PARTITIONS_URL overrides): a plain table and one partitioned by month (as
migration core 0004 makes it), with the same indexes. Times, on each: (1) retention of the oldest month
(DELETE + VACUUM vs DROP of the partition), (2) the risk model's recent-window query (one actor's reveals
of others in the last 7 days), (3) the regulators' "this month, newest first" page. Prints the machine's load.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

URL = os.environ.get("BENCH_PARTITIONS_URL", "postgres://postgres@127.0.0.1:5432/bench_partitions")


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _timed(cur, sql: str, params: list | None = None, n: int = 30) -> float:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        cur.execute(sql, params or [])
        cur.fetchall()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main(full: bool) -> None:
    import psycopg

    per_month = 400_000 if full else 50_000
    base, _, name = URL.rpartition("/")
    try:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL not reachable ({exc}): skipping")
        return
    with psycopg.connect(URL, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS log_plain, log_part CASCADE")
        cols = ("id bigint NOT NULL, actor_id bigint, subject_id bigint, field varchar(32) NOT NULL, "
                "purpose varchar(200) NOT NULL, created_at timestamptz NOT NULL")
        cur.execute(f"CREATE TABLE log_plain ({cols}, PRIMARY KEY (id))")
        cur.execute(f"CREATE TABLE log_part ({cols}, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)")
        for m in range(12):
            cur.execute(f"CREATE TABLE log_part_{m:02d} PARTITION OF log_part FOR VALUES FROM "
                        f"(date '2026-01-01' + interval '{m} month') TO (date '2026-01-01' + interval '{m + 1} month')")
        t0 = time.perf_counter()
        for table in ("log_plain", "log_part"):  # same rows in both: 12 months, actors 1..5000, subjects 1..200000
            cur.execute(f"INSERT INTO {table} SELECT g, 1 + g %% 5000, 1 + (g * 7919) %% 200000, 'mobile', '核验', "
                        f"timestamptz '2026-01-01' + (g::float8 / %s) * interval '365 days' "
                        f"FROM generate_series(0::bigint, %s) g", [12 * per_month, 12 * per_month - 1])
            for col in ("actor_id", "subject_id", "created_at"):
                cur.execute(f"CREATE INDEX ON {table} ({col})")
            cur.execute(f"VACUUM ANALYZE {table}")
        print(f"  built 2 × {12 * per_month:,} rows in {time.perf_counter() - t0:.0f}s  [load {_load()}]")
        q_recent = ("SELECT COUNT(*) FROM {t} WHERE actor_id = 42 AND created_at >= timestamptz '2026-12-24' "
                    "AND subject_id <> 42")
        q_page = ("SELECT id, actor_id, created_at FROM {t} WHERE created_at >= timestamptz '2026-12-01' "
                  "ORDER BY created_at DESC LIMIT 50")
        for label, sql in (("actor's reveals, last 7 days", q_recent), ("this month, newest 50", q_page)):
            plain, part = _timed(cur, sql.format(t="log_plain")), _timed(cur, sql.format(t="log_part"))
            print(f"  {label:30s} plain {plain:7.2f} ms | partitioned {part:7.2f} ms (median of 30)  [load {_load()}]")
        t = time.perf_counter()
        cur.execute("DELETE FROM log_plain WHERE created_at < timestamptz '2026-02-01'")
        deleted = cur.rowcount
        t_del = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute("VACUUM log_plain")
        t_vac = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute("DROP TABLE log_part_00")
        t_drop = time.perf_counter() - t
        print(f"  retention of one month ({deleted:,} rows): plain DELETE {t_del:.2f}s + VACUUM {t_vac:.2f}s | "
              f"partitioned DROP {t_drop * 1000:.1f} ms  [load {_load()}]")
        sizes = cur.execute("SELECT pg_total_relation_size('log_plain'), (SELECT SUM(pg_total_relation_size(c.oid)) "
                            "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                            "WHERE i.inhparent = 'log_part'::regclass)").fetchone()
        print(f"  size after retention: plain {sizes[0] / 1e6:.0f} MB (space reused, not returned) | "
              f"partitioned {int(sizes[1]) / 1e6:.0f} MB")
        cur.execute("DROP TABLE IF EXISTS log_plain, log_part CASCADE")

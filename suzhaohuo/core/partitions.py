"""Time partitions for the append-only logs (audit trail, personal-data access log) and their retention.

On PostgreSQL, migration core 0004 turns ``core_auditevent`` and ``core_piiaccesslog`` into tables
partitioned by month of ``created_at`` (declarative RANGE partitioning, one DEFAULT partition for anything
outside the months made). Retention then drops a whole month (no row-by-row DELETE, no dead tuples, no
vacuum debt), and a query over recent days only reads recent months (partition pruning). On SQLite, and on a
PostgreSQL table that is not partitioned, the same job deletes expired rows in batches instead.

    logs_maintain(now=None) -> dict   create next months' partitions, drop or delete what is past retention

``logs_maintain`` runs daily (core.tasks). Retention is per table in months (settings
``SZH_AUDIT_RETENTION_MONTHS``, ``SZH_PII_LOG_RETENTION_MONTHS``; 0 keeps everything): a month is dropped
only when its *last* row is older than the retention, so every row is kept at least that long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

MONTHS_AHEAD = 3
DELETE_BATCH = 5000


@dataclass(frozen=True)
class LogTable:
    table: str
    retention_setting: str


LOG_TABLES = (LogTable("core_auditevent", "AUDIT_RETENTION_MONTHS"),
              LogTable("core_piiaccesslog", "PII_LOG_RETENTION_MONTHS"))


def month_start(d: date | datetime, add: int = 0) -> date:
    """The first day of d's month, ``add`` months later (negative: earlier)."""
    m = d.year * 12 + d.month - 1 + add
    return date(m // 12, m % 12 + 1, 1)


def partition_name(table: str, month: date) -> str:
    return f"{table}_p{month:%Y%m}"


def is_partitioned(table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
                    "WHERE c.relname = %s AND c.relnamespace = 'public'::regnamespace", [table])
        return cur.fetchone() is not None


def partitions(table: str) -> list[tuple[str, date | None]]:
    """(name, first day of its month) of each partition, the DEFAULT partition as (name, None)."""
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                    "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass ORDER BY 1", [table])
        rows = cur.fetchall()
    out: list[tuple[str, date | None]] = []
    for name, bound in rows:
        out.append((name, None if bound == "DEFAULT" else datetime.strptime(name[-6:], "%Y%m").date()))
    return out


def create_month(cur: Any, table: str, month: date) -> bool:
    """Create the month's partition if missing; rows already in the DEFAULT partition for that month are
    moved into it (PostgreSQL refuses a new partition that the DEFAULT partition's rows would violate)."""
    name = partition_name(table, month)
    cur.execute("SELECT to_regclass(%s)", [name])
    if cur.fetchone()[0] is not None:
        return False
    lo, hi = datetime.combine(month, datetime.min.time(), UTC), datetime.combine(month_start(month, 1),
                                                                                    datetime.min.time(), UTC)
    default = f"{table}_default"
    cur.execute(f'CREATE TEMP TABLE szh_moving (LIKE "{table}") ON COMMIT DROP')
    cur.execute(f'WITH m AS (DELETE FROM "{default}" WHERE created_at >= %s AND created_at < %s RETURNING *) '
                "INSERT INTO szh_moving SELECT * FROM m", [lo, hi])
    cur.execute(f'CREATE TABLE "{name}" PARTITION OF "{table}" FOR VALUES FROM (%s) TO (%s)', [lo, hi])
    cur.execute(f'INSERT INTO "{table}" SELECT * FROM szh_moving')
    cur.execute("DROP TABLE szh_moving")
    return True


def logs_maintain(now: datetime | None = None) -> dict[str, Any]:
    """Make the next months' partitions and apply retention to every log table. Idempotent."""
    now = now or timezone.now()
    report: dict[str, Any] = {}
    for spec in LOG_TABLES:
        months = int(getattr(settings, spec.retention_setting, 0))
        created: list[str] = []
        dropped: list[str] = []
        deleted = 0
        if is_partitioned(spec.table):
            with transaction.atomic(), connection.cursor() as cur:
                for k in range(MONTHS_AHEAD + 1):
                    month = month_start(now, k)
                    if create_month(cur, spec.table, month):
                        created.append(partition_name(spec.table, month))
                if months > 0:
                    keep_from = month_start(now, -months)  # a month ending before this is past retention
                    for name, first_day in partitions(spec.table):
                        if first_day is not None and month_start(first_day, 1) <= keep_from:
                            cur.execute(f'DROP TABLE "{name}"')
                            dropped.append(name)
                    cur.execute(f'DELETE FROM "{spec.table}_default" WHERE created_at < %s',
                                [datetime.combine(keep_from, datetime.min.time(), UTC)])
                    deleted = cur.rowcount
        elif months > 0:
            deleted = _delete_expired(spec.table, datetime.combine(month_start(now, -months), datetime.min.time(),
                                                                   UTC))
        report[spec.table] = {"created": created, "dropped": dropped, "deleted": deleted}
    return report


def _delete_expired(table: str, before: datetime) -> int:
    """Row-by-row retention for a plain table (SQLite; PostgreSQL before migration core 0004), in batches."""
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f'DELETE FROM "{table}" WHERE id IN (SELECT id FROM "{table}" WHERE created_at < %s '
                        "LIMIT %s)", [before, DELETE_BATCH])
            n = cur.rowcount
        total += n
        if n < DELETE_BATCH:
            return total

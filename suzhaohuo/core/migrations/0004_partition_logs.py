"""PostgreSQL: the audit trail and the personal-data access log become tables partitioned by month.

Both are append-only and grow with every action (≈ 10⁷ rows a year at province scale); retention then drops
a month's partition instead of deleting rows one by one, and recent-window queries read recent months only
(measured in docs/scale.md). The Django model is unchanged (so ``makemigrations --check`` stays clean):

* the table is rebuilt as ``PARTITION BY RANGE (created_at)`` with the same columns, the same index and
  foreign-key names, an id sequence continuing from the old maximum, and primary key (id, created_at)
  (PostgreSQL requires the partition key in it; ids still come from one sequence, so they stay unique);
* one partition per month from the oldest row to three months ahead, plus a DEFAULT partition;
  ``core.partitions.logs_maintain`` (daily task) keeps making months ahead and applies retention.

SQLite: nothing (the tables stay plain; the same task deletes expired rows in batches).
"""

from datetime import UTC, date, datetime

from django.db import migrations

TABLES = ("core_auditevent", "core_piiaccesslog")
MONTHS_AHEAD = 3


def _month(d, add=0):  # type: ignore[no-untyped-def]
    m = d.year * 12 + d.month - 1 + add
    return date(m // 12, m % 12 + 1, 1)


def _rebuild(cur, table, partitioned):  # type: ignore[no-untyped-def]
    old = f"{table}_old"
    cur.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    cur.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [old, old])
    indexes = [row[0] for row in cur.fetchall()]
    cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'f'", [old])
    fks = cur.fetchall()
    cur.execute(f'SELECT MIN(created_at), MAX(id) FROM "{old}"')
    oldest, max_id = cur.fetchone()
    suffix = " PARTITION BY RANGE (created_at)" if partitioned else ""
    cur.execute(f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS){suffix}')
    cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN id DROP DEFAULT')  # the old id sequence goes with the old table
    if partitioned:
        now = datetime.now(UTC).date()
        month = _month(min(oldest.date(), now) if oldest else now)
        while month <= _month(now, MONTHS_AHEAD):
            cur.execute(f'CREATE TABLE "{table}_p{month:%Y%m}" PARTITION OF "{table}" FOR VALUES FROM (%s) TO (%s)',
                        [datetime.combine(month, datetime.min.time(), UTC),
                         datetime.combine(_month(month, 1), datetime.min.time(), UTC)])
            month = _month(month, 1)
        cur.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
    cur.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
    cur.execute(f'DROP TABLE "{old}"')  # its indexes, constraints and id sequence go with it
    cur.execute(f'CREATE SEQUENCE "{table}_id_seq" START WITH {int(max_id or 0) + 1} OWNED BY "{table}".id')
    cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN id SET DEFAULT nextval(\'"{table}_id_seq"\')')
    key = "id, created_at" if partitioned else "id"
    cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY ({key})')
    for definition in indexes:
        # a partitioned table's indexes read "ON ONLY": recreated on the new table, they cover every partition
        cur.execute(definition.replace(f" ON ONLY public.{old} ", f" ON public.{table} ")
                    .replace(f" ON public.{old} ", f" ON public.{table} "))
    for name, definition in fks:
        cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for table in TABLES:
            _rebuild(cur, table, partitioned=True)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for table in TABLES:
            _rebuild(cur, table, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_merge_i11")]

    operations = [migrations.RunPython(forward, backward)]

"""PostgreSQL: one GIN index over (coarse area, settlement, words) for postings with coordinates.

A combined search (words + circle + settlement) used to AND a word bitmap (115k rows for 保洁's synonym
group at 1M postings) with a grid-cell bitmap (51k rows in a 10 km circle) and recheck the heap: 150 ms p95.
With this index one GIN scan per coarse area of the circle's bounding box intersects area, settlement and
words inside the index, so only rows matching all three are read (docs/perf/search.md has the plans). The
area is an expression (search.geo.area_sql), not a column: nothing to backfill, nothing to keep in step.
Needs btree_gin (migration 0004 creates it); without it nothing is created and search works as before.
SQLite: nothing.
"""

from django.db import migrations

INDEX = "sdoc_area_gin"
# search.geo.area_sql() with AREA_PER_DEG = 20, frozen here: a different grid needs a new migration
AREA = "(floor(lat * 20) * 100000 + floor(lng * 20))::integer"


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'")
        if cur.fetchone() is None:
            return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdoc "
                          f"USING gin (({AREA}), settlement, tsv) WHERE lat IS NOT NULL")


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_i10_dispatch_to_matching")]

    operations = [migrations.RunPython(forward, backward)]

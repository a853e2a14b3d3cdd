"""PostgreSQL: one GIN index over (words, coarse area, settlement) for postings with coordinates.

A combined search (words + circle + settlement) used to AND a word bitmap (115k rows for 保洁's synonym
group at 1M postings) with a grid-cell bitmap (51k rows in a 10 km circle) and recheck the heap: 56 ms of
database CPU for the count alone. This index holds each row's words plus two tokens, its 0.05° area and its
settlement (search.geo.geo_tsv_sql), so one tsquery, (words) & (any area of the circle's box) & settlement,
is one GIN scan returning only rows that match all three (docs/perf/search.md has the plans). It is an
expression over existing columns: nothing to backfill, nothing to keep in step. SQLite: nothing.
"""

from django.db import migrations

INDEX = "sdoc_geo_tsv_gin"
# search.geo.geo_tsv_sql() with AREA_PER_DEG = 20, frozen here: a different grid needs a new migration
EXPRESSION = ("(tsv || array_to_tsvector(ARRAY['__a' || (floor(lat * 20) * 100000 + floor(lng * 20))::integer::text, "
              "'__s' || settlement]))")


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdoc "
                              f"USING gin (({EXPRESSION})) WHERE lat IS NOT NULL")


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_i10_dispatch_to_matching")]

    operations = [migrations.RunPython(forward, backward)]

"""PostgreSQL: one GIN index over (county, words) for postings without coordinates.

The administrative fallback ("no coordinates, same county, these words") otherwise ANDs two large bitmaps
(all matches × the whole county) and rechecks ~20k heap pages at 1M postings (125 ms measured); with this
index it reads only the rows matching both (4 ms). btree_gin (a trusted contrib extension) lets GIN index
the county code; without it, a partial GIN over the words alone is created instead. SQLite: nothing.
"""

from django.db import migrations

INDEX = "sdoc_nocoord_gin"


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdoc "
                                  "USING gin (county_code, tsv) WHERE lat IS NULL")
    except DatabaseError:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdoc USING gin (tsv) "
                              "WHERE lat IS NULL")


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_recency")]

    operations = [migrations.RunPython(forward, backward)]

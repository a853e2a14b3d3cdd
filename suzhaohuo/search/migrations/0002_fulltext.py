"""Full-text index per database vendor, over SearchDoc.tokens (space-separated, pre-segmented words).

SQLite: an FTS5 external-content table kept in sync by triggers.
PostgreSQL: a stored tsvector column built with array_to_tsvector (each word kept verbatim, exactly like
FTS5's unicode61 tokenizer sees it — no parser or locale involved) and a GIN index.
NOTE: on SQLite, a later migration that rebuilds search_searchdoc drops the triggers; re-run FORWARD below.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(tokens, content='search_searchdoc', "
    "content_rowid='job_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.job_id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.job_id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.job_id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.job_id, new.tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_ai", "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au", "DROP TABLE IF EXISTS search_fts",
]
PG_FORWARD = [
    "ALTER TABLE search_searchdoc ADD COLUMN IF NOT EXISTS tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED",
    "CREATE INDEX IF NOT EXISTS sdoc_tsv_gin ON search_searchdoc USING gin (tsv)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS sdoc_tsv_gin", "ALTER TABLE search_searchdoc DROP COLUMN IF EXISTS tsv"]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
                             _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD})),
    ]

"""Sort key ``recency`` (also the FTS5 rowid on SQLite) and the employer's record copied into SearchDoc.

SQLite: adding the unique column rebuilds search_searchdoc, which drops the FTS triggers; the FTS table is
recreated here with content_rowid='recency' so ``ORDER BY rowid DESC LIMIT n`` inside FTS5 is newest-first.
"""

from django.db import migrations, models

SQLITE_FTS = [
    "DROP TRIGGER IF EXISTS search_fts_ai", "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au", "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_searchdoc', "
    "content_rowid='recency', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.recency, new.tokens); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.recency, old.tokens); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE OF tokens, recency ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.recency, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.recency, new.tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_FTS_BACK = [
    "DROP TRIGGER IF EXISTS search_fts_ai", "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au", "DROP TABLE IF EXISTS search_fts",
]


def fill_recency(apps, schema_editor):  # type: ignore[no-untyped-def]
    SearchDoc = apps.get_model("search", "SearchDoc")
    batch = []
    for doc in SearchDoc.objects.only("job_id", "published_at").iterator(chunk_size=2000):
        doc.recency = int(doc.published_at.timestamp()) * 1_000_000_000 + doc.job_id
        batch.append(doc)
        if len(batch) >= 2000:
            SearchDoc.objects.bulk_update(batch, ["recency"])
            batch = []
    SearchDoc.objects.bulk_update(batch, ["recency"])


def fts(forward: bool):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "sqlite":
            for sql in SQLITE_FTS if forward else SQLITE_FTS_BACK:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(fts(False), migrations.RunPython.noop),
        migrations.AddField("searchdoc", "recency", models.BigIntegerField(null=True, verbose_name="排序键")),
        migrations.AddField("searchdoc", "employer_rating",
                            models.FloatField(blank=True, null=True, verbose_name="雇主评分")),
        migrations.AddField("searchdoc", "employer_on_time",
                            models.FloatField(blank=True, null=True, verbose_name="按时付款率")),
        migrations.RunPython(fill_recency, migrations.RunPython.noop),
        migrations.AlterField("searchdoc", "recency", models.BigIntegerField(unique=True, verbose_name="排序键")),
        migrations.RemoveIndex("searchdoc", "sdoc_recent_idx"),
        migrations.RemoveIndex("searchdoc", "sdoc_county_idx"),
        migrations.RemoveIndex("searchdoc", "sdoc_township_idx"),
        migrations.RemoveIndex("searchdoc", "sdoc_category_idx"),
        migrations.AddIndex("searchdoc", models.Index(fields=["county_code", "-recency"], name="sdoc_county_rec_idx")),
        migrations.AddIndex("searchdoc", models.Index(fields=["township_code", "-recency"],
                                                      name="sdoc_township_rec_idx")),
        migrations.AddIndex("searchdoc", models.Index(fields=["category_code", "-recency"],
                                                      name="sdoc_category_rec_idx")),
        migrations.RunPython(fts(True), fts(False)),
    ]

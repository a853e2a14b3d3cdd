"""Load the Suqian 就业困难人员 category list (data/categories.json); editable afterwards in the admin."""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "categories.json"


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    DifficultyCategory = apps.get_model("assistance", "DifficultyCategory")  # noqa: N806
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for city, rows in data["cities"].items():
        for i, row in enumerate(rows):
            DifficultyCategory.objects.update_or_create(
                city_code=city, code=row["code"],
                defaults={"name": row["name"], "description": row.get("description", ""),
                          "evidence_hint": row.get("evidence_hint", ""), "sort_order": i,
                          "effective_from": date(2026, 1, 1)})


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

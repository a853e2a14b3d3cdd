"""The plan's targets (Suqian 2026), departments and tasks, shipped as data (kpi/data/plan_suqian_2026.json)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "plan_suqian_2026.json"


def load(apps, schema_editor):
    Target = apps.get_model("kpi", "Target")
    Department = apps.get_model("kpi", "Department")
    PlanTask = apps.get_model("kpi", "PlanTask")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    start, deadline = date.fromisoformat(data["start"]), date.fromisoformat(data["deadline"])
    for i, t in enumerate(data["targets"]):
        Target.objects.update_or_create(city_code=data["city_code"], year=data["year"], code=t["code"], defaults={
            "value": Decimal(t["value"]), "comparator": t.get("comparator", "gte"), "path": t.get("path", "linear"),
            "start": start, "deadline": deadline, "applies_below_city": bool(t.get("below")),
            "source_text": t.get("source_text", ""), "sort_order": i})
    depts = {}
    for i, name in enumerate(data["departments"]):
        depts[name], _ = Department.objects.update_or_create(name=name, defaults={"sort_order": i})
    for i, t in enumerate(data["tasks"]):
        task, _ = PlanTask.objects.update_or_create(number=t["number"], defaults={
            "title": t["title"], "lead": depts[t["lead"]], "deadline": deadline, "sort_order": i})
        task.partners.set([depts[n] for n in t["partners"]])


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

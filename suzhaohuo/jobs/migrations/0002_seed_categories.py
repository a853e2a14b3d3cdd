from django.db import migrations


def seed(apps, schema_editor):
    from suzhaohuo.jobs.categories import load_categories

    load_categories(apps.get_model("jobs", "JobCategory"))


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

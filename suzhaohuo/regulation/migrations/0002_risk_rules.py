from django.db import migrations


def seed(apps, schema_editor):
    from suzhaohuo.regulation.risk import rules_seed

    rules_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("regulation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

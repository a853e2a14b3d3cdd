# The dispatch record moves to the matching app (issue 10). State only: the table stays as it is and
# matching.DispatchRecord keeps using it (db_table="search_dispatchrecord").

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_recommend_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='DispatchRecord')],
            database_operations=[],
        ),
    ]

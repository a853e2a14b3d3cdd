# Issue #11 item 5: business-licence photos move out of public media into private storage, under random names.

import os
import shutil

from django.conf import settings
from django.db import migrations, models

import suzhaohuo.core.storage
import suzhaohuo.identity.models


def move_to_private(apps, schema_editor):
    Employer = apps.get_model("identity", "Employer")
    for employer in Employer.objects.exclude(licence_image="").only("pk", "licence_image"):
        old = os.path.join(str(settings.MEDIA_ROOT), employer.licence_image.name)
        new_name = suzhaohuo.core.storage.random_name("licences", employer.licence_image.name)
        new = os.path.join(str(settings.PRIVATE_MEDIA_ROOT), new_name)
        if os.path.exists(old):
            os.makedirs(os.path.dirname(new), exist_ok=True)
            shutil.move(old, new)
            Employer.objects.filter(pk=employer.pk).update(licence_image=new_name)


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0002_person_identity_hash_nullable'),
    ]

    operations = [
        migrations.AlterField(
            model_name='employer',
            name='licence_image',
            field=models.ImageField(blank=True, storage=suzhaohuo.core.storage.PrivateStorage(), upload_to=suzhaohuo.identity.models.licence_upload_to, verbose_name='营业执照照片'),
        ),
        migrations.RunPython(move_to_private, migrations.RunPython.noop, elidable=True),
    ]

# DispatchRecord moved from search (issue 10): state only, the table search created is kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('jobs', '0002_seed_categories'),
        ('search', '0006_i10_dispatch_to_matching'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DispatchRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tier', models.PositiveSmallIntegerField(choices=[(1, '用过且评价好的零工'), (2, '附近的认证或高评分零工'), (3, '附近匹配的零工'), (4, '零工服务站点推送')], verbose_name='梯次')),
                        ('reasons', models.JSONField(default=list, verbose_name='推送理由')),
                        ('status', models.CharField(choices=[('sent', '已推送'), ('deferred', '免打扰时段，稍后推送'), ('capped', '已达当日推送上限'), ('dropped', '岗位已结束，未推送')], db_index=True, max_length=16, verbose_name='状态')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                        ('sent_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='推送时间')),
                        ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='jobs.job', verbose_name='岗位')),
                        ('worker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='零工')),
                    ],
                    options={
                        'verbose_name': '岗位推送记录',
                        'verbose_name_plural': '岗位推送记录',
                        'db_table': 'search_dispatchrecord',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['worker', 'sent_at'], name='dispatch_worker_sent_idx')],
                        'constraints': [models.UniqueConstraint(fields=('job', 'worker'), name='dispatch_job_worker_unique')],
                    },
                ),
            ],
        ),
    ]

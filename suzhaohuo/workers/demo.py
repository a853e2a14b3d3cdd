"""Demo worker profiles: categories, skills, days, distance, desired pay and settlement wishes,
for the workers identity/demo.py created (ctx.shared["workers"]). Uses worker_profile_update."""

from __future__ import annotations

import time
from decimal import Decimal

from django.db import transaction

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.workers.services import worker_profile_update

SKILLS = ["瓦工", "木工", "电焊", "叉车证", "水电安装", "保洁", "育婴", "护理", "厨师", "驾驶C1", "电商打包", "采摘",
          "搬运", "收银", "缝纫", "花木修剪", "快递分拣", "油漆"]
DAYS = ["1234567", "12345", "67", "135", "246", "123456"]
SETTLEMENT = ["daily", "weekly", "monthly", "on_completion"]
ENRICH = 5000


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.jobs.models import JobCategory

    # Each profile is written through worker_profile_update; beyond ENRICH workers (the 50,000
    # scale run) the rest keep the home township their real-name submission set.
    workers = ctx.shared.get("workers", [])[:ENRICH]
    leaf_codes = list(JobCategory.objects.filter(parent__isnull=False).values_list("code", flat=True))
    started = time.monotonic()
    for start in range(0, len(workers), 500):
        with transaction.atomic():
            for user in workers[start:start + 500]:
                rng = ctx.rng
                worker_profile_update(
                    user=user,
                    category_codes=rng.sample(leaf_codes, k=min(len(leaf_codes), rng.randint(1, 3))),
                    skills="、".join(rng.sample(SKILLS, k=rng.randint(1, 3))),
                    days_available=rng.choice(DAYS), max_distance_km=rng.choice((5, 10, 10, 20, 30)),
                    desired_pay=Decimal(rng.choice((120, 150, 180, 200, 220, 260, 300))),
                    settlement_preference=rng.choice(SETTLEMENT), receive_pushes=rng.random() < 0.9)
    ctx.log(f"  零工档案 {len(workers)} 份（{time.monotonic() - started:.0f} 秒）")

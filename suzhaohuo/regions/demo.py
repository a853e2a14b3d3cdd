"""Demo: Suqian's real region tree, plus an illustrative village list (NBS village codes are not
shipped; real deployments import their own list with the 中心村 flag)."""

from __future__ import annotations

from django.conf import settings

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.regions.choices import RegionLevel
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.services import regions_load_csv, regions_load_points

_VILLAGE_NAMES = ["新庄", "王集", "李圩", "张庄", "陈湖", "刘套", "周圩", "孙集", "朱庄", "马厂"]


def seed(ctx: DemoContext) -> None:
    regions_load_csv(path=settings.SZH_REGION_CSV)
    if settings.SZH_REGION_POINTS:
        regions_load_points(path=settings.SZH_REGION_POINTS)
    for township in Region.objects.filter(level=RegionLevel.TOWNSHIP):
        if township.township_kind == "special":
            continue
        for i in range(ctx.rng.randint(3, 6)):
            name = _VILLAGE_NAMES[(i + int(township.code[-3:])) % len(_VILLAGE_NAMES)]
            suffix = "社区" if township.township_kind == "street" else "村"
            Region.objects.update_or_create(
                code=f"{township.code}{200 + i:03d}",
                defaults={"name": f"{name}{suffix}", "level": RegionLevel.VILLAGE, "parent": township,
                          "is_central_village": i < 2},
            )

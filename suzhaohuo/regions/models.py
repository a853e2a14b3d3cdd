"""The region tree: city → county → township → village/community, keyed by NBS codes.

Scope rule used everywhere: a record in region R is inside scope S when R's code starts with
S's ``scope_prefix`` (city: 4 digits, county: 6, township: 9, village: 12).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.regions.choices import RegionLevel, TownshipKind


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64, db_index=True)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("上级"))
    township_kind = models.CharField(_("乡级类别"), max_length=16, choices=TownshipKind.choices, blank=True)
    is_central_village = models.BooleanField(_("中心村（社区）"), default=False, db_index=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_prefix(self) -> str:
        return scope_prefix_for(self.code, self.level)


def scope_prefix_for(code: str, level: str) -> str:
    return {
        RegionLevel.PROVINCE: code[:2],
        RegionLevel.CITY: code[:4],
        RegionLevel.COUNTY: code[:6],
        RegionLevel.TOWNSHIP: code[:9],
    }.get(RegionLevel(level), code)

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")


class TownshipKind(models.TextChoices):
    STREET = "street", _("街道")
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")
    SPECIAL = "special", _("类似乡级单位")


def township_kind_for(code: str) -> str:
    """NBS rule on digits 7-9: 001-099 街道, 100-199 镇, 200-399 乡, 400-599 类似乡级单位."""
    n = int(code[6:9])
    if n < 100:
        return TownshipKind.STREET
    if n < 200:
        return TownshipKind.TOWN
    if n < 400:
        return TownshipKind.TOWNSHIP
    return TownshipKind.SPECIAL

"""Reads of the region tree (region scope itself is ``kernel.policy.scoped`` / ``in_scope``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel import policy
from suzhaohuo.regions.choices import RegionLevel
from suzhaohuo.regions.errors import RegionErrorCode
from suzhaohuo.regions.models import Region

M = TypeVar("M", bound=Model)


def region_get(code: str, *, field: str = "region") -> Region:
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None:
        raise AppError(RegionErrorCode.UNKNOWN_REGION, _("区划代码“%(code)s”不存在，请从列表中选择所在地区。") % {"code": code},
                       field)
    return region


def township_get(code: str, *, field: str = "township_code") -> Region:
    region = region_get(code, field=field)
    if region.level != RegionLevel.TOWNSHIP:
        raise AppError(RegionErrorCode.NOT_A_TOWNSHIP, _("请选择乡镇（街道）一级的地区。"), field)
    return region


def townships_by_code(codes: Iterable[str | None]) -> dict[str, Region]:
    """The townships among ``codes``, in one query (bulk services); a code that is not a township is absent,
    and ``township_get`` gives its error."""
    wanted = {c.strip() for c in codes if c and c.strip()}
    return {r.code: r for r in Region.objects.filter(code__in=wanted, level=RegionLevel.TOWNSHIP)} if wanted else {}


def region_children(parent_code: str | None) -> QuerySet[Region]:
    if not parent_code:
        return Region.objects.filter(level=RegionLevel.CITY)
    parent = region_get(parent_code, field="parent")
    return Region.objects.filter(parent=parent).order_by("code")


def townships(*, county_code: str | None = None, include_special: bool = True) -> QuerySet[Region]:
    qs = Region.objects.filter(level=RegionLevel.TOWNSHIP)
    if county_code:
        qs = qs.filter(parent_id=county_code)
    if not include_special:
        qs = qs.exclude(township_kind="special")
    return qs.order_by("code")


def counties() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")


def region_path(code: str) -> list[Region]:
    """Ancestors from the city down to the region itself."""
    out: list[Region] = []
    region: Any = Region.objects.filter(code=code).select_related("parent__parent__parent").first()
    while region is not None:
        out.append(region)
        region = region.parent
    return list(reversed(out))


def region_label(code: str) -> str:
    return "".join(r.name for r in region_path(code) if r.level != RegionLevel.CITY) or code



STAFF_REGION_LEVELS: tuple[str, ...] = (RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP)


def regions_in_scope(actor: Any, *, levels: tuple[str, ...] = STAFF_REGION_LEVELS) -> QuerySet[Region]:
    """The regions of ``levels`` inside ``actor``'s scope (their own scope region included), in tree order:
    codes are prefixes of their children's, so ordering by code puts a parent before its children."""
    return policy.scoped(Region.objects.filter(level__in=levels), actor, "code").order_by("code")

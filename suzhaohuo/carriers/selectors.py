"""Reads of the service network: nearby carriers, live coverage against the plan's targets, the
station console's scope, and the service ledger with its KPI counts.

Coverage rules (plan measure 一, 2025-06-19; "确保到2026年底，每个县（区）至少建成1个综合性零工服务市场、
每个乡镇（街道）至少设立1个'零工服务驿站'、中心村（社区）'零工服务专窗'覆盖面不低于40%"):

* Counties: the county-level units whose code digits 5-6 are below 71 (3 counties + 2 districts in
  Suqian). Functional zones with a county-level code (宿迁经济技术开发区 321371) are listed but not part
  of the 5. A county is covered by an active county market or comprehensive market located in it.
  The city market is the "1" of 「1+5+N」 and does NOT count for the district it stands in, unless
  ``settings.CARRIERS_CITY_MARKET_COUNTS_FOR_COUNTY`` is True.
* Townships: every township-level unit of the city (including the streets of functional zones). Units
  coded 400-599 ("special": development zones, parks, farms, forest farms) count only when
  ``settings.CARRIERS_COVERAGE_INCLUDE_SPECIAL`` is True (default False). Covered by an active station
  registered at that township.
* Central villages: villages flagged 中心村（社区）; covered by an active window registered at the village.
* Co-built sites: active co-built carriers per partner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from suzhaohuo.carriers.choices import MARKET_KINDS, CarrierKind, Partner
from suzhaohuo.carriers.errors import CarrierErrorCode
from suzhaohuo.carriers.models import Carrier, PushRecord, ServiceRecord
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import NO_SCOPE, scoped
from suzhaohuo.regions.choices import RegionLevel, TownshipKind
from suzhaohuo.regions.models import Region

WINDOW_TARGET = 0.4


def carriers_active() -> QuerySet[Carrier]:
    return Carrier.objects.filter(is_active=True).select_related("region")


def carriers_in_scope(actor: Any) -> QuerySet[Carrier]:
    """Active carriers inside ``actor``'s region scope (for staff forms that name a station)."""
    return scoped(carriers_active(), actor, "region_id").order_by("region_id", "name")


def carrier_get_public(pk: int) -> Carrier:
    carrier = carriers_active().filter(pk=pk).first()
    if carrier is None:
        raise NotFound(_("这个服务站点不存在或已停止服务，请查看附近的其他站点。"))
    return carrier


# --- nearby ---------------------------------------------------------------------------------------------


@dataclass
class NearbyCarrier:
    carrier: Carrier
    distance_km: float | None = None


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def carriers_nearby(*, lat: float, lng: float, limit: int = 10, kind: str = "") -> list[NearbyCarrier]:
    """Nearest active carriers to a point, nearest first (the network is small: a few hundred places)."""
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise AppError(CarrierErrorCode.BAD_LOCATION, _("请提供正确的位置（纬度、经度）。"), "lat")
    qs = carriers_active()
    if kind:
        qs = qs.filter(kind=kind)
    rows = [NearbyCarrier(c, round(haversine_km(lat, lng, c.lat, c.lng), 2)) for c in qs]
    rows.sort(key=lambda r: (r.distance_km, r.carrier.pk))
    return rows[:limit]


_KIND_ORDER: dict[str, int] = {k: i for i, k in enumerate([CarrierKind.STATION, CarrierKind.WINDOW, CarrierKind.CO_BUILT,
                                           CarrierKind.COMPREHENSIVE_MARKET, CarrierKind.COUNTY_MARKET,
                                           CarrierKind.CITY_MARKET])}


def carriers_for_township(*, township_code: str, limit: int = 10) -> list[NearbyCarrier]:
    """Carriers serving a chosen township: its own station, windows and co-built sites, then the
    markets of its county, then the city market. Distances from the township's station when known."""
    from suzhaohuo.regions.selectors import township_get

    township = township_get(township_code, field="township")
    own = list(policy.scoped_by_prefix(carriers_active(), township.code, "region_id"))
    markets = list(policy.scoped_by_prefix(carriers_active().filter(kind__in=MARKET_KINDS), township.code[:6], "region_id")
                   .exclude(policy.prefix_q(township.code, "region_id", Carrier)))
    city = list(carriers_active().filter(kind=CarrierKind.CITY_MARKET))
    own.sort(key=lambda c: (_KIND_ORDER[c.kind], c.pk))
    origin = next((c for c in own if c.kind == CarrierKind.STATION), None)
    lat, lng = (origin.lat, origin.lng) if origin else (township.lat, township.lng)
    out = []
    for c in [*own, *markets, *city][:limit]:
        d = round(haversine_km(lat, lng, c.lat, c.lng), 2) if lat is not None and lng is not None else None
        out.append(NearbyCarrier(c, d))
    return out


# --- coverage -----------------------------------------------------------------------------------------


def is_functional_zone(code: str) -> bool:
    """County-level codes 71-99 (digits 5-6) are functional zones (开发区、新区), not counties or districts."""
    return len(code) >= 6 and int(code[4:6]) >= 71


def include_special_townships() -> bool:
    return bool(getattr(settings, "CARRIERS_COVERAGE_INCLUDE_SPECIAL", False))


def city_market_counts_for_county() -> bool:
    return bool(getattr(settings, "CARRIERS_CITY_MARKET_COUNTS_FOR_COUNTY", False))


@dataclass
class TownshipRow:
    code: str
    name: str
    kind: str
    counted: bool
    stations: int = 0
    windows: int = 0
    co_built: int = 0
    central_villages: int = 0
    central_villages_with_window: int = 0

    @property
    def covered(self) -> bool:
        return self.stations > 0


@dataclass
class CountyRow:
    code: str
    name: str
    functional_zone: bool
    markets: int = 0
    townships_total: int = 0
    townships_with_station: int = 0
    central_villages: int = 0
    central_villages_with_window: int = 0
    co_built: int = 0
    townships: list[TownshipRow] = field(default_factory=list)

    @property
    def has_market(self) -> bool:
        return self.markets > 0

    @property
    def station_rate(self) -> float:
        return self.townships_with_station / self.townships_total if self.townships_total else 1.0

    @property
    def window_rate(self) -> float:
        return self.central_villages_with_window / self.central_villages if self.central_villages else 1.0

    @property
    def station_pct(self) -> int:
        return int(self.station_rate * 100)

    @property
    def window_pct(self) -> int:
        return int(self.window_rate * 100)

    @property
    def gap_level(self) -> str:
        """ok / low / bad: used to colour the map (bad = no market, low = stations under 100%)."""
        if not self.functional_zone and not self.has_market:
            return "bad"
        if self.station_rate < 1.0 or self.window_rate < WINDOW_TARGET:
            return "low"
        return "ok"


@dataclass
class Coverage:
    counties_with_market: int
    county_total: int
    townships_with_station: int
    township_total: int
    central_villages_with_window: int
    central_village_total: int
    co_built_sites_by_partner: dict[str, int]
    city_markets: int
    counties: list[CountyRow]
    include_special: bool
    county_code: str = ""

    @property
    def window_rate(self) -> float:
        return self.central_villages_with_window / self.central_village_total if self.central_village_total else 0.0

    @property
    def window_pct(self) -> int:
        return int(self.window_rate * 100)

    @property
    def window_target_met(self) -> bool:
        return self.window_rate >= WINDOW_TARGET

    @property
    def township_pct(self) -> int:
        return int(self.townships_with_station * 100 / self.township_total) if self.township_total else 0

    def as_api(self) -> dict[str, Any]:
        return {
            "counties_with_market": self.counties_with_market, "county_total": self.county_total,
            "townships_with_station": self.townships_with_station, "township_total": self.township_total,
            "central_villages_with_window": self.central_villages_with_window,
            "central_village_total": self.central_village_total,
            "co_built_sites_by_partner": self.co_built_sites_by_partner,
        }


def coverage_compute(*, county_code: str = "") -> Coverage:
    """The plan's coverage figures, computed live from the registry and the region tree."""
    city_prefix = settings.SZH_CITY_CODE[:4]
    counties_qs = Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=city_prefix).order_by("code")
    if county_code:
        if not counties_qs.filter(code=county_code).exists():
            raise AppError(CarrierErrorCode.BAD_REGION_LEVEL, _("请选择一个县（区）。"), "county")
        counties_qs = counties_qs.filter(code=county_code)
    include_special = include_special_townships()
    rows = {c.code: CountyRow(code=c.code, name=c.name, functional_zone=is_functional_zone(c.code))
            for c in counties_qs}

    carriers = list(Carrier.objects.filter(is_active=True).values_list("kind", "partner", "region_id"))
    stations: dict[str, int] = {}
    windows: dict[str, int] = {}
    windows_by_township: dict[str, int] = {}
    co_built: dict[str, int] = {}
    partners = {p: 0 for p in Partner.values}
    city_markets = 0
    for kind, partner, region_id in carriers:
        county = rows.get(region_id[:6])
        if kind == CarrierKind.CITY_MARKET:
            city_markets += 1
            if county is not None and city_market_counts_for_county():
                county.markets += 1
        elif kind in MARKET_KINDS and county is not None:
            county.markets += 1
        elif kind == CarrierKind.STATION:
            stations[region_id] = stations.get(region_id, 0) + 1
        elif kind == CarrierKind.WINDOW:
            windows[region_id] = windows.get(region_id, 0) + 1
            windows_by_township[region_id[:9]] = windows_by_township.get(region_id[:9], 0) + 1
        elif kind == CarrierKind.CO_BUILT:
            co_built[region_id[:9]] = co_built.get(region_id[:9], 0) + 1
            if county is not None:
                county.co_built += 1
                partners[partner] = partners.get(partner, 0) + 1

    central: dict[str, list[str]] = {}
    for code, parent_id in Region.objects.filter(level=RegionLevel.VILLAGE, is_central_village=True,
                                                 code__startswith=city_prefix).values_list("code", "parent_id"):
        central.setdefault(parent_id, []).append(code)

    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP, parent_id__in=list(rows)).order_by("code")
    for t in townships.values_list("code", "name", "township_kind", "parent_id"):
        code, name, kind, parent_id = t
        counted = include_special or kind != TownshipKind.SPECIAL
        villages = central.get(code, [])
        row = TownshipRow(code=code, name=name, kind=kind, counted=counted, stations=stations.get(code, 0),
                          windows=windows_by_township.get(code, 0),
                          co_built=co_built.get(code, 0), central_villages=len(villages),
                          central_villages_with_window=sum(1 for v in villages if windows.get(v)))
        county = rows[parent_id]
        county.townships.append(row)
        county.central_villages += row.central_villages
        county.central_villages_with_window += row.central_villages_with_window
        if counted:
            county.townships_total += 1
            county.townships_with_station += int(row.covered)

    counted_counties = [c for c in rows.values() if not c.functional_zone]
    return Coverage(
        counties_with_market=sum(1 for c in counted_counties if c.has_market),
        county_total=len(counted_counties),
        townships_with_station=sum(c.townships_with_station for c in rows.values()),
        township_total=sum(c.townships_total for c in rows.values()),
        central_villages_with_window=sum(c.central_villages_with_window for c in rows.values()),
        central_village_total=sum(c.central_villages for c in rows.values()),
        co_built_sites_by_partner=partners,
        city_markets=city_markets,
        counties=list(rows.values()),
        include_special=include_special,
        county_code=county_code,
    )


# --- station console ---------------------------------------------------------------------------------


def carriers_of_staff(user: Any) -> QuerySet[Carrier]:
    if not getattr(user, "is_authenticated", False):
        return Carrier.objects.none()
    return Carrier.objects.filter(staff=user, is_active=True).select_related("region").order_by("id")


def console_carrier(user: Any, carrier_id: int | None = None) -> Carrier:
    """The carrier whose console ``user`` works at (the chosen one if they work at several)."""
    qs = carriers_of_staff(user)
    carrier = (qs.filter(pk=carrier_id).first() if carrier_id else None) or qs.first()
    if carrier is None:
        raise AppError(CarrierErrorCode.NO_CARRIER,
                       _("您还没有关联零工服务站点，请联系管理员在后台把您添加为站点工作人员。"), status=403)
    return carrier


def console_area_prefix(user: Any, carrier: Carrier) -> str:
    """The console serves the carrier's area, never beyond the staff member's own region scope."""
    area = carrier.area_prefix
    scope = policy.scope_prefix(user)
    if scope is None or area.startswith(scope):
        return area
    if scope.startswith(area):
        return scope
    return NO_SCOPE


def console_townships(area: str) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.TOWNSHIP, code__startswith=area[:9]).order_by("code")


def console_people(*, area: str, limit: int = 50) -> list[Any]:
    from suzhaohuo.workers.models import WorkerProfile

    qs = (policy.scoped_by_prefix(WorkerProfile.objects.all(), area, "home_township_id")
          .select_related("user", "user__identity", "home_township").order_by("-updated_at"))
    return [p.user for p in qs[:limit]]


def console_person(*, area: str, user_id: int) -> Any:
    from suzhaohuo.accounts.models import User

    user = (policy.scoped_by_prefix(User.objects.filter(pk=user_id), area, "worker_profile__home_township__pk")
            .select_related("worker_profile__home_township").first())
    if user is None:
        raise NotFound(_("没有找到这个人，或此人不在本站服务范围内。"))
    return user


def console_jobs(*, area: str) -> QuerySet[Any]:
    from suzhaohuo.jobs.selectors import jobs_public

    return policy.scoped_by_prefix(jobs_public(), area, "township_id").order_by("-published_at", "-id")


def console_job(*, area: str, job_id: int) -> Any:
    job = console_jobs(area=area).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("没有找到这个岗位，或它不在本站服务范围内、已结束招聘。"))
    return job


def console_employers(*, area: str) -> QuerySet[Any]:
    from suzhaohuo.identity.models import Employer

    return policy.scoped_by_prefix(Employer.objects.all(), area, "township_id").order_by("name")


def board_jobs(carrier: Carrier, *, limit: int = 24) -> list[Any]:
    """Jobs for the weekly board and kiosk: open postings of the carrier's area, newest first."""
    return list(console_jobs(area=carrier.area_prefix)[:limit])


# --- ledger and KPIs -------------------------------------------------------------------------------------


def ledger_for(user: Any, *, carrier: Carrier | None = None) -> QuerySet[ServiceRecord]:
    """Ledger entries visible to ``user`` (region scope), optionally of one carrier."""
    qs = ServiceRecord.objects.select_related("carrier", "staff", "job")
    if carrier is not None:
        qs = qs.filter(carrier=carrier)
    return scoped(qs, user, "carrier__region__code")


def ledger_counts_by_carrier(*, prefix: str | None = None, since: Any = None) -> dict[int, dict[str, int]]:
    """KPI feed: {carrier_id: {service kind: count}} for carriers within ``prefix``."""
    qs = policy.scoped_by_prefix(ServiceRecord.objects.all(), prefix, "carrier__region__code")
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    out: dict[int, dict[str, int]] = {}
    for row in qs.values("carrier_id", "kind").annotate(n=Count("id")).order_by():
        out.setdefault(row["carrier_id"], {})[row["kind"]] = row["n"]
    return out


def ledger_counts_by_kind(*, prefix: str | None = None, since: Any = None) -> dict[str, int]:
    qs = policy.scoped_by_prefix(ServiceRecord.objects.all(), prefix, "carrier__region__code")
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return {r["kind"]: r["n"] for r in qs.values("kind").annotate(n=Count("id")).order_by()}


def push_counts_by_carrier(*, prefix: str | None = None) -> dict[int, int]:
    qs = policy.scoped_by_prefix(PushRecord.objects.all(), prefix, "carrier__region__code")
    return {r["carrier_id"]: r["n"] for r in qs.values("carrier_id").annotate(n=Count("id")).order_by()}

"""Demo: the city market, markets in some (not all) counties, stations in about 70% of Suqian's real
townships, windows for part of the central villages, co-built sites for each partner, the 胡集镇 station
with staff "huji", and some ledger entries and pushes, so the coverage page shows real gaps."""

from __future__ import annotations

from typing import Any

from suzhaohuo.accounts.demo import password_hash
from suzhaohuo.carriers.choices import CarrierKind, CarrierService, Partner
from suzhaohuo.carriers.geo import county_box, point_in_county
from suzhaohuo.carriers.models import Carrier
from suzhaohuo.carriers.services import CarrierInput, WalkInInput, carrier_create
from suzhaohuo.core.demo import DemoContext
from suzhaohuo.regions.choices import RegionLevel, TownshipKind
from suzhaohuo.regions.models import Region

HUJI = "321322102"
STATION_SHARE = 0.7
# Central-village window share per county: uneven on purpose, so the map shows gaps.
WINDOW_SHARE = {"321302": 0.6, "321311": 0.5, "321322": 0.55, "321323": 0.15, "321324": 0.35, "321371": 0.5}
MARKETS = [  # (kind, region, name, host, address); 泗阳县 and 宿城区 have none yet
    (CarrierKind.CITY_MARKET, "321302001", "宿迁市零工市场", "宿迁市人力资源市场", "宿城区幸福中路88号"),
    (CarrierKind.COUNTY_MARKET, "321322001", "沭阳县零工市场", "沭阳县人力资源市场", "沭城街道人民东路16号"),
    (CarrierKind.COUNTY_MARKET, "321324001", "泗洪县零工市场", "泗洪县公共就业服务中心", "青阳街道洪泽湖大道9号"),
    (CarrierKind.COMPREHENSIVE_MARKET, "321311001", "宿豫区综合性零工服务市场", "宿豫区人力资源市场",
     "顺河街道珠江路21号"),
]
STATION_SERVICES = [CarrierService.REGISTRATION, CarrierService.VERIFICATION, CarrierService.JOB_POSTING,
                    CarrierService.MATCHING, CarrierService.PUSH, CarrierService.POLICY]
PARTNER_HOSTS = {
    Partner.ORGANIZATION_DEPT: ("新就业群体服务站", "党建服务中心"),
    Partner.TRADE_UNION: ("户外劳动者服务站", "总工会"),
    Partner.URBAN_MANAGEMENT: ("环卫工人爱心驿站", "城市管理局"),
}


_CENTERS: dict[str, tuple[float, float]] = {}


def _point(ctx: DemoContext, code: str) -> tuple[float, float]:
    """A township gets a random point inside its county; its villages and sites lie within ~3 km of it."""
    if len(code) > 6:
        center = _CENTERS.get(code[:9])
        if center is None:
            center = _CENTERS[code[:9]] = _county_point(ctx, code)
        if len(code) == 9 and not any(c.region_id == code for c in Carrier.objects.filter(region_id=code)[:1]):
            return center
        return round(center[0] + ctx.rng.uniform(-0.025, 0.025), 6), round(center[1] + ctx.rng.uniform(-0.03, 0.03), 6)
    return _county_point(ctx, code)


def _county_point(ctx: DemoContext, code: str) -> tuple[float, float]:
    county = code[:6] if county_box(code[:6]) else "321302"  # functional zones lie inside 宿城区
    lng0, lat0, lng1, lat1 = county_box(county) or (118.2, 33.9, 118.4, 34.0)
    for _ in range(200):
        lat, lng = ctx.rng.uniform(lat0, lat1), ctx.rng.uniform(lng0, lng1)
        if point_in_county(county, lat, lng):
            return round(lat, 6), round(lng, 6)
    return round((lat0 + lat1) / 2, 6), round((lng0 + lng1) / 2, 6)


def _create(ctx: DemoContext, **kw: Any) -> Carrier:
    from django.conf import settings

    lat, lng = _point(ctx, kw["region_code"])
    lng_min, lat_min, lng_max, lat_max = settings.SZH_BOUNDS
    lat, lng = min(max(lat, lat_min + 0.01), lat_max - 0.01), min(max(lng, lng_min + 0.01), lng_max - 0.01)
    staff = kw.pop("staff", None)
    kw.setdefault("opening_hours", "周一至周五 8:30-12:00 14:00-17:30")
    kw.setdefault("phone", f"0527-8{ctx.rng.randint(1000000, 9999999)}")
    return carrier_create(actor=None, data=CarrierInput(lat=lat, lng=lng, **kw), staff=staff)


def _huji_staff(ctx: DemoContext) -> Any:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create

    for user in ctx.shared.get("staff", []) or []:
        if getattr(user, "username", "") == "huji":
            return user
    user = User.objects.filter(username="huji").first()
    if user is None:
        user = staff_create(actor=None, username="huji", password="Staff-demo-2026", role="station_staff",
                            password_hash=password_hash("Staff-demo-2026"),
                            scope_region_code=HUJI, display_name="胡集镇驿站 小李")
    return user


def seed(ctx: DemoContext) -> None:
    for kind, code, name, host, address in MARKETS:
        _create(ctx, kind=kind, region_code=code, name=name, host_organization=host, address=address,
                opening_hours="周一至周六 7:00-17:30", services=[*STATION_SERVICES, CarrierService.JOB_BOARD,
                                                              CarrierService.TRAINING, CarrierService.DISPUTE])
    huji_staff = _huji_staff(ctx)
    townships = list(Region.objects.filter(level=RegionLevel.TOWNSHIP).exclude(township_kind=TownshipKind.SPECIAL)
                     .order_by("code"))
    huji_station = None
    for t in townships:
        if t.code != HUJI and ctx.rng.random() > STATION_SHARE:
            continue
        c = _create(ctx, kind=CarrierKind.STATION, region_code=t.code, name=f"{t.name}零工服务驿站",
                    host_organization=f"{t.name}党群服务中心", address=f"{t.name}党群服务中心一楼",
                    services=STATION_SERVICES, staff=[huji_staff] if t.code == HUJI else None)
        if t.code == HUJI:
            huji_station = c
    villages = Region.objects.filter(level=RegionLevel.VILLAGE, is_central_village=True).select_related("parent")
    for v in villages:
        if ctx.rng.random() > WINDOW_SHARE.get(v.code[:6], 0.4) and v.parent_id != HUJI:
            continue
        town = v.parent
        assert town is not None  # every village sits under a township
        _create(ctx, kind=CarrierKind.WINDOW, region_code=v.code, name=f"{town.name}{v.name}零工服务专窗",
                host_organization=f"{v.name}党群服务站", address=f"{town.name}{v.name}村（居）委会",
                opening_hours="周一至周五 9:00-11:30", services=[CarrierService.REGISTRATION, CarrierService.PUSH,
                                                                CarrierService.JOB_BOARD])
    sites = ctx.rng.sample(townships, min(9, len(townships)))
    for i, t in enumerate(sites):
        partner = list(PARTNER_HOSTS)[i % 3]
        suffix, host = PARTNER_HOSTS[partner]
        county = t.parent
        assert county is not None  # every township sits under a county
        _create(ctx, kind=CarrierKind.CO_BUILT, partner=partner, region_code=t.code, name=f"{t.name}{suffix}",
                host_organization=f"{county.name}{host}", address=f"{t.name}{suffix}（{host}共建）",
                opening_hours="全天开放", services=[CarrierService.JOB_BOARD, CarrierService.REST,
                                                  CarrierService.POLICY])
    if huji_station is not None:
        _console_activity(ctx, huji_station, huji_staff)
    ctx.shared["carriers_huji_station"] = huji_station
    ctx.log(f"  carriers: {Carrier.objects.count()}")


def _console_activity(ctx: DemoContext, station: Carrier, staff: Any) -> None:
    """A few real console actions at 胡集镇, through the services, so the ledger and pushes have rows."""
    from suzhaohuo.accounts.services import user_get_by_mobile
    from suzhaohuo.carriers.selectors import console_jobs
    from suzhaohuo.carriers.services import (
        jobs_push,
        match_jobs_for_person,
        match_workers_for_job_at,
        walkin_register,
    )
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.core.validators import id_check_char

    people = [("13577000101", "周桂兰", "19720315", ["agri.harvest", "cleaning.general"], "会摘果、拔草，能吃苦"),
              ("13577000102", "吴大海", "19680922", ["construction.labour", "moving.loading"], "做过十年瓦工小工")]
    registered = []
    for i, (mobile, name, birth, cats, skills) in enumerate(people):
        if user_get_by_mobile(mobile) is not None:
            continue
        first17 = f"321322{birth}{700 + i:03d}"
        try:
            user = walkin_register(actor=staff, carrier=station, data=WalkInInput(
                mobile=mobile, real_name=name, id_number=first17 + id_check_char(first17), township_code=HUJI,
                id_card_seen=i == 0, privacy_accepted=True, category_codes=cats, skills=skills,
                desired_pay=None, receive_pushes=True))
        except AppError as exc:
            ctx.log(f"  carriers: walk-in skipped ({exc.message})")
            continue
        registered.append(user)
    _post_on_behalf(ctx, station, staff)
    for user in registered[:1]:
        match_jobs_for_person(actor=staff, carrier=station, user=user)
    jobs = list(console_jobs(area=station.area_prefix)[:3])
    if jobs:
        match_workers_for_job_at(actor=staff, carrier=station, job=jobs[0])
        jobs_push(actor=staff, carrier=station, job_ids=[j.pk for j in jobs])


def _post_on_behalf(ctx: DemoContext, station: Carrier, staff: Any) -> None:
    """Two jobs the 胡集镇 station posts for a local verified employer, with its authorisation."""
    from decimal import Decimal

    from suzhaohuo.carriers.selectors import console_employers
    from suzhaohuo.carriers.services import AuthorizationInput, job_post_on_behalf
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.core.validators import id_check_char
    from suzhaohuo.jobs.services import JobInput

    employer = next((e for e in console_employers(area=station.area_prefix) if e.is_verified), None)
    if employer is None:
        return
    first17 = "32132219780506071"
    for title, desc, cat, lo, hi in [
        ("桃园套袋工", "给桃子套袋防虫，按天结算，中午管饭，工具由园区提供，适合中老年人。", "agri.harvest", 150, 180),
        ("农资仓库装卸", "化肥农药仓库装卸搬运，每天上午8点到下午5点，能搬重物优先。", "moving.loading", 200, 240)]:
        try:
            job_post_on_behalf(actor=staff, carrier=station, employer=employer, data=JobInput(
                title=title, description=desc, category_code=cat, pay_unit="day", settlement="daily",
                headcount=ctx.rng.randint(2, 6), township_code=station.region_id, address=f"{employer.name}院内",
                pay_min=Decimal(lo), pay_max=Decimal(hi), daily_hours=Decimal("8")),
                authorization=AuthorizationInput(authorized_by="王建国", method="in_person",
                                                 id_number=first17 + id_check_char(first17)))
        except AppError as exc:
            ctx.log(f"  carriers: job on behalf skipped ({exc.message})")

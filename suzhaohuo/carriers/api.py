"""/api/v1/carriers/nearby and /api/v1/coverage."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from suzhaohuo.carriers import selectors
from suzhaohuo.carriers.errors import CarrierErrorCode
from suzhaohuo.core.errors import AppError

router = Router(tags=["carriers"])


class CarrierOut(Schema):
    id: int
    kind: str
    kind_label: str
    partner: str
    name: str
    host_organization: str
    region_code: str
    region_name: str
    address: str
    lat: float
    lng: float
    opening_hours: str
    phone: str
    services: list[str]
    distance_km: float | None


class CoverageOut(Schema):
    counties_with_market: int
    county_total: int
    townships_with_station: int
    township_total: int
    central_villages_with_window: int
    central_village_total: int
    co_built_sites_by_partner: dict[str, int]


def _out(row: selectors.NearbyCarrier) -> CarrierOut:
    c = row.carrier
    return CarrierOut(id=c.pk, kind=c.kind, kind_label=str(c.get_kind_display()), partner=c.partner, name=c.name,
                      host_organization=c.host_organization, region_code=c.region_id, region_name=c.region.name,
                      address=c.address, lat=c.lat, lng=c.lng, opening_hours=c.opening_hours, phone=c.phone,
                      services=c.service_labels, distance_km=row.distance_km)


@router.get("/carriers/nearby", response=list[CarrierOut], summary="附近的零工服务站点")
def carriers_nearby(request: HttpRequest, lat: float | None = None, lng: float | None = None,
                    township: str = "", limit: int = 10) -> list[CarrierOut]:
    limit = max(1, min(limit, 50))
    if lat is not None and lng is not None:
        rows = selectors.carriers_nearby(lat=lat, lng=lng, limit=limit)
    elif township:
        rows = selectors.carriers_for_township(township_code=township, limit=limit)
    else:
        raise AppError(CarrierErrorCode.BAD_LOCATION, _("请提供位置（lat、lng）或乡镇（街道）代码（township）。"), "lat")
    return [_out(r) for r in rows]


@router.get("/coverage", response=CoverageOut, summary="「1+5+N」服务网络覆盖情况")
def coverage(request: HttpRequest, county: str = "") -> CoverageOut:
    return CoverageOut(**selectors.coverage_compute(county_code=county).as_api())

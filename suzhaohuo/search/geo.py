"""Geography helpers: haversine, GCJ-02 → WGS-84, grid cells for the nearby index, offline county lookup."""

from __future__ import annotations

import math
from functools import lru_cache

EARTH_RADIUS_KM = 6371.0088
CELL_DEG = 0.01  # grid cell edge (~1.1 km north-south, ~0.9 km east-west at Suqian's latitude)
_CELL_ROW = 100000


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def to_wgs84(lat: float, lng: float, coord: str) -> tuple[float, float]:
    """Return (lat, lng) in WGS-84. ``coord`` is "wgs84" or "gcj02" (what Chinese phone maps give)."""
    if coord == "gcj02":
        from fast_geocn import gcj02_to_wgs84

        wlng, wlat = gcj02_to_wgs84(lng, lat)
        return wlat, wlng
    return lat, lng


def cell_of(lat: float | None, lng: float | None) -> int | None:
    if lat is None or lng is None:
        return None
    return math.floor(lat / CELL_DEG) * _CELL_ROW + math.floor(lng / CELL_DEG)


def km_per_deg_lng(lat: float) -> float:
    return 111.195 * math.cos(math.radians(lat))


def bbox(lat: float, lng: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / 111.195
    dlng = radius_km / max(1e-6, km_per_deg_lng(lat))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def cells_covering(lat: float, lng: float, radius_km: float, limit: int = 900) -> list[int] | None:
    """Grid cells covering the circle's bounding box, or None when there would be more than ``limit``."""
    lat0, lat1, lng0, lng1 = bbox(lat, lng, radius_km)
    r0, r1 = math.floor(lat0 / CELL_DEG), math.floor(lat1 / CELL_DEG)
    c0, c1 = math.floor(lng0 / CELL_DEG), math.floor(lng1 / CELL_DEG)
    if (r1 - r0 + 1) * (c1 - c0 + 1) > limit:
        return None
    return [r * _CELL_ROW + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


# PostgreSQL only: a circle search with words reads one GIN index over the words *plus* two extra tokens per
# row: its coarse area ("__a" + AREA_SQL, a 1/AREA_PER_DEG degree square) and its settlement ("__s" + code).
# One tsquery, (words) & (any area of the circle's box) & settlement, is answered by one GIN scan (search
# migration 0007), so rows matching all three come out of the index together: no BitmapAnd of a large word
# bitmap with a large cell bitmap. The circle, pay and expiry are then checked on those rows only.
# The expression is frozen in migration 0007: a different grid needs a new index.
AREA_PER_DEG = 20  # 0.05° ≈ 5.6 km north-south, 4.6 km east-west at Suqian's latitude
AREA_TOKEN, SETTLEMENT_TOKEN = "__a", "__s"


def geo_tsv_sql(prefix: str = "") -> str:
    """The indexed tsvector of a row with coordinates (``prefix`` qualifies the columns)."""
    area = f"(floor({prefix}lat * {AREA_PER_DEG}) * 100000 + floor({prefix}lng * {AREA_PER_DEG}))::integer"
    return (f"({prefix}tsv || array_to_tsvector(ARRAY['{AREA_TOKEN}' || {area}::text, "
            f"'{SETTLEMENT_TOKEN}' || {prefix}settlement]))")


def areas_covering(lat: float, lng: float, radius_km: float) -> list[int]:
    """The coarse areas covering the circle's bounding box (every row in the box is in one of them)."""
    lat0, lat1, lng0, lng1 = bbox(lat, lng, radius_km)
    r0, r1 = math.floor(lat0 * AREA_PER_DEG), math.floor(lat1 * AREA_PER_DEG)
    c0, c1 = math.floor(lng0 * AREA_PER_DEG), math.floor(lng1 * AREA_PER_DEG)
    return [r * 100000 + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def geo_groups(lat: float, lng: float, radius_km: float, settlement: str = "") -> list[tuple[str, ...]]:
    """The extra AND-ed groups of a circle search over geo_tsv_sql: its areas, and its settlement if any."""
    groups = [tuple(f"{AREA_TOKEN}{a}" for a in areas_covering(lat, lng, radius_km))]
    if settlement:
        groups.append((f"{SETTLEMENT_TOKEN}{settlement}",))
    return groups


@lru_cache(maxsize=4096)
def _county_cached(lat3: float, lng3: float) -> str | None:
    from fast_geocn import reverse_geocode

    result = reverse_geocode(lat3, lng3)
    code = (result.get("address") or {}).get("district_code") or ""
    code = str(code)
    if code.startswith("156"):
        code = code[3:]
    return code[:6] or None


def county_of_point(lat: float, lng: float) -> str | None:
    """Offline reverse geocoding (fast-geocn district polygons, WGS-84) → 6-digit county code, or None."""
    try:
        return _county_cached(round(lat, 3), round(lng, 3))
    except Exception:  # noqa: BLE001 - missing data file must not break search
        return None

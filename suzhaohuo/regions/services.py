"""Writes to the region tree: loading the NBS list and importing village/community lists."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel.policy import MaybeActor
from suzhaohuo.regions.choices import RegionLevel, township_kind_for
from suzhaohuo.regions.errors import RegionErrorCode
from suzhaohuo.regions.models import Region

_LEVEL_ORDER = {RegionLevel.PROVINCE: 0, RegionLevel.CITY: 1, RegionLevel.COUNTY: 2, RegionLevel.TOWNSHIP: 3,
                RegionLevel.VILLAGE: 4}


@transaction.atomic
def regions_load_csv(*, path: str | Path) -> int:
    """Load (or refresh) a division list with columns code,name,level,parent_code[,lat,lng]. Idempotent."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows.sort(key=lambda r: _LEVEL_ORDER[RegionLevel(r["level"])])
    known = set(Region.objects.values_list("code", flat=True))
    count = 0
    for row in rows:
        code, level = row["code"].strip(), row["level"].strip()
        parent_code = row.get("parent_code", "").strip()
        parent_id = parent_code if parent_code in known else None
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"].strip(),
                "level": level,
                "parent_id": parent_id,
                "township_kind": township_kind_for(code) if level == RegionLevel.TOWNSHIP else "",
                # optional centroid columns (WGS-84): coordinates-only postings resolve to the nearest township
                **({"lat": float(row["lat"]), "lng": float(row["lng"])} if (row.get("lat") or "").strip()
                   and (row.get("lng") or "").strip() else {}),
            },
        )
        known.add(code)
        count += 1
    return count


_DATUMS = ("WGS-84", "")  # the pipeline compares with WGS-84 feed coordinates; GCJ-02 rows must be converted first


@transaction.atomic
def regions_load_points(*, path: str | Path) -> int:
    """Load township seat points (code,name,lat,lng,datum,source_url; WGS-84) onto already loaded townships.

    A row without coordinates changes nothing (the unit stays without a point and is held for review when a posting
    gives only coordinates). A row that names an unknown township, a datum other than WGS-84 or a point outside the
    deployment's bounds (settings.SZH_BOUNDS) is a data error: nothing is loaded. Returns the number of points set.
    """
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lng_min, lat_min, lng_max, lat_max = settings.SZH_BOUNDS
    townships = set(Region.objects.filter(level=RegionLevel.TOWNSHIP).values_list("code", flat=True))
    count = 0
    for rownum, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        lat_text, lng_text = (row.get("lat") or "").strip(), (row.get("lng") or "").strip()
        if not lat_text and not lng_text:
            continue
        if code not in townships:
            raise ValueError(f"{path}:{rownum}: {code!r} is not a loaded township")
        if (row.get("datum") or "").strip().upper() not in _DATUMS:
            raise ValueError(f"{path}:{rownum}: datum {row.get('datum')!r}; convert to WGS-84 first")
        lat, lng = float(lat_text), float(lng_text)
        if not (lat_min <= lat <= lat_max and lng_min <= lng <= lng_max):
            raise ValueError(f"{path}:{rownum}: ({lat}, {lng}) is outside SZH_BOUNDS")
        Region.objects.filter(code=code).update(lat=lat, lng=lng)
        count += 1
    return count


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)  # {"row", "column", "reason"}

    @property
    def ok(self) -> bool:
        return not self.errors


_TRUE = {"是", "1", "true", "yes", "y", "中心村", "√", "✓"}
_HEADERS = {"code": ("村（社区）代码", "代码", "code"), "name": ("村（社区）名称", "名称", "name"),
            "township_code": ("所属乡镇（街道）代码", "乡镇代码", "township_code"),
            "central": ("中心村（社区）", "是否中心村", "central")}


def _read_table(*, filename: str, content: bytes) -> list[list[Any]]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any parse failure is the user's file
            raise AppError(RegionErrorCode.BAD_FILE, _("无法读取这个 Excel 文件，请用模板重新保存后上传。"), "file") from exc
        return [list(r) for r in wb.active.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AppError(RegionErrorCode.BAD_FILE, _("文件编码无法识别，请另存为 UTF-8 或 Excel 格式后上传。"), "file")
    return [row for row in csv.reader(io.StringIO(text))]


def villages_import(*, actor: MaybeActor, filename: str, fileobj: BinaryIO) -> ImportReport:
    """Import a village/community list (CSV or Excel) with the 中心村（社区） flag.

    Good rows are saved; every bad row is reported with its row number, column and reason.
    Re-importing the same file updates in place and creates nothing twice.
    """
    rows = _read_table(filename=filename, content=fileobj.read())
    report = ImportReport()
    if not rows:
        raise AppError(RegionErrorCode.BAD_FILE, _("文件是空的，请下载模板填写后上传。"), "file")
    header = [str(c or "").strip() for c in rows[0]]
    col: dict[str, int] = {}
    for key, names in _HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                col[key] = i
                break
    missing = [names[0] for key, names in _HEADERS.items() if key not in col and key != "central"]
    if missing:
        raise AppError(RegionErrorCode.BAD_FILE, _("表头缺少：%(cols)s。请使用模板的表头。") % {"cols": "、".join(missing)}, "file")
    townships = {r.code: r for r in Region.objects.filter(level=RegionLevel.TOWNSHIP)}
    for rownum, row in enumerate(rows[1:], start=2):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if not any(cells):
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            i = col.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        code, name, tcode = cell("code"), cell("name"), cell("township_code")
        if not name:
            report.errors.append({"row": rownum, "column": _HEADERS["name"][0], "reason": _("请填写村（社区）名称")})
            continue
        township = townships.get(tcode)
        if township is None:
            report.errors.append({"row": rownum, "column": _HEADERS["township_code"][0],
                                  "reason": _("乡镇（街道）代码“%(c)s”不存在，请核对后重填") % {"c": tcode}})
            continue
        if not (code.isdigit() and len(code) == 12 and code.startswith(tcode)):
            report.errors.append({"row": rownum, "column": _HEADERS["code"][0],
                                  "reason": _("村（社区）代码应为以乡镇代码开头的12位数字")})
            continue
        with transaction.atomic():
            _obj, created = Region.objects.update_or_create(
                code=code,
                defaults={"name": name, "level": RegionLevel.VILLAGE, "parent": township,
                          "is_central_village": cell("central").lower() in _TRUE},
            )
        if created:
            report.created += 1
        else:
            report.updated += 1
    audit_record(actor=actor, action="regions.villages_import", target_type="regions.region", target_id="*",
                 data={"filename": filename, "created": report.created, "updated": report.updated,
                       "errors": len(report.errors)})
    return report

"""Excel/CSV for operators: the downloadable template, a streaming reader, and the per-row report.

The reader never loads a file whole: .xlsx through openpyxl's read-only mode, CSV through the csv
module over a text stream (UTF-8 with or without BOM, else GB18030, a superset of GBK). Problems
with the file itself raise ``FileProblem`` with a Chinese message that says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from suzhaohuo.aggregation.errors import AggregationErrorCode
from suzhaohuo.aggregation.normalize import FIELD_LABELS, SETTLEMENT_LABELS, UNIT_LABELS
from suzhaohuo.core.errors import AppError

# Template columns, in order: (canonical key, header, required, hint)
COLUMNS: list[tuple[str, str, bool, str]] = [
    ("external_id", "岗位编号（选填）", False, "本单位内唯一，用于以后修改或撤回；不填则按内容识别"),
    ("title", "岗位名称", True, "例如：建筑小工"),
    ("description", "工作内容", True, "干什么活、在哪干、需要什么"),
    ("employer_name", "用工单位", True, "营业执照上的名称"),
    ("employer_uscc", "统一社会信用代码（选填）", False, "18位"),
    ("category", "岗位类别", True, "从下拉列表选择"),
    ("pay", "薪酬", True, "例如：150、150元/天、20-25元/小时、面议"),
    ("pay_unit", "计薪单位", True, "从下拉列表选择"),
    ("settlement", "结算方式", True, "从下拉列表选择"),
    ("headcount", "招聘人数", True, "数字"),
    ("county", "县区", True, "从下拉列表选择"),
    ("township", "乡镇（街道）", True, "从下拉列表选择"),
    ("address", "详细地址", True, "例如：胡集镇花木大道8号"),
    ("start_date", "开工日期（选填）", False, "例如：2026-07-01"),
    ("end_date", "结束日期（选填）", False, "例如：2026-07-15"),
    ("work_time", "工作时段（选填）", False, "例如：8:00-17:00"),
    ("requirements", "任职要求（选填）", False, ""),
    ("benefits", "福利保障（选填）", False, "例如：包午饭"),
    ("valid_until", "有效期至（选填）", False, "不填默认30天"),
]
REQUIRED_HEADERS = ("title", "description", "employer_name", "pay")

_ALIASES = {
    "编号": "external_id", "岗位编号": "external_id", "外部编号": "external_id",
    "岗位": "title", "职位名称": "title", "名称": "title",
    "岗位描述": "description", "工作描述": "description", "职位描述": "description",
    "单位名称": "employer_name", "企业名称": "employer_name", "用工主体": "employer_name", "招聘单位": "employer_name",
    "信用代码": "employer_uscc", "统一社会信用代码": "employer_uscc",
    "类别": "category", "工种": "category", "岗位类型": "category",
    "工资": "pay", "薪资": "pay", "工资待遇": "pay", "薪资待遇": "pay",
    "单位": "pay_unit", "结算": "settlement", "人数": "headcount", "招聘人数（人）": "headcount",
    "县（区）": "county", "县区": "county", "区县": "county",
    "乡镇": "township", "乡镇街道": "township", "镇街": "township",
    "地址": "address", "工作地点": "address", "工作地址": "address",
}
_OPTIONAL_MARK = re.compile(r"[（(]\s*选填\s*[)）]|\*|＊|\s")


def header_key(text: Any) -> str:
    label = _OPTIONAL_MARK.sub("", str(text or ""))
    if not label:
        return ""
    for key, header, _req, _hint in COLUMNS:
        if label == _OPTIONAL_MARK.sub("", header):
            return key
    for key, name in FIELD_LABELS.items():
        if label == name:
            return key
    return _ALIASES.get(label, "")


class FileProblem(AppError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, "file")


@dataclass
class Sheet:
    """A parsed header and a row iterator: rows are (row_number, {key: value}) with blank rows skipped."""

    keys: list[str]
    ignored: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]
    total_rows: int


# --- reading -------------------------------------------------------------------------------------

def sniff(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise FileProblem(AggregationErrorCode.FILE_EMPTY, _("文件是空的，请在模板中填写岗位后再上传。"))
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 或 CSV 后再上传。"))
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8")) or b"\x00" in head:
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("这个文件不是表格，请上传 Excel（.xlsx）或 CSV 文件，可以先下载模板填写。"))
    return "csv"


def _encoding(path: Path) -> str:
    with open(path, "rb") as fh:
        chunk = fh.read(65536)
    if chunk.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    cut = chunk.rfind(b"\n")
    sample = chunk if cut == -1 or len(chunk) < 65536 else chunk[:cut]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("无法识别文件的文字编码，请用 Excel 另存为 .xlsx 或“CSV UTF-8”后再上传。")) from None


# Bounds checked before any parsing (#11 item 8): a zip bomb or a giant cell must not hold the worker.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL_CHARS = 10_000
csv.field_size_limit(MAX_CELL_CHARS * 4)


def _too_many_rows(total: int) -> FileProblem:
    return FileProblem(AggregationErrorCode.FILE_TOO_LARGE,
                       _("表格有%(n)s行，每个文件最多%(m)s行，请拆分成几个文件后分别上传。") % {"n": total, "m": MAX_ROWS})


def _check_unpacked_size(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("无法打开这个 Excel 文件，请确认文件没有损坏，或另存为 .xlsx 后再上传。")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(AggregationErrorCode.FILE_TOO_LARGE,
                          _("这个 Excel 文件解压后超过%(m)sMB，请删除图片和多余的工作表，或另存为 CSV 后再上传。")
                          % {"m": MAX_UNPACKED_BYTES // (1024 * 1024)})


def _count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def _merged_ranges(path: Path) -> list[str]:
    """Merged-cell ranges of the first worksheet, read from the sheet XML as a stream."""
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
        if not names:
            return found
        with zf.open(names[0]) as fh:
            tail = b""
            for block in iter(lambda: fh.read(1 << 16), b""):
                data = tail + block
                found += [m.decode() for m in re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', data)]
                tail = data[-64:]
                if len(found) > 5:
                    break
    return list(dict.fromkeys(found))


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _header(rows: Iterator[tuple[int, list[Any]]]) -> tuple[list[str], list[str], int]:
    """Find the header row among the first 5 non-blank rows."""
    seen = 0
    for number, values in rows:
        if all(_cell(v) is None for v in values):
            continue
        keys = [header_key(v) for v in values]
        if sum(1 for k in keys if k) >= 3:
            missing = [FIELD_LABELS[k] for k in REQUIRED_HEADERS if k not in keys]
            if missing:
                raise FileProblem(AggregationErrorCode.FILE_BAD_HEADERS,
                                  _("表头缺少这些列：%(m)s。请使用下载的模板，不要修改第一行的列名。") % {"m": "、".join(missing)})
            ignored = [str(_cell(v)) for v, k in zip(values, keys, strict=False) if not k and _cell(v) is not None]
            return keys, ignored, number
        seen += 1
        if seen >= 5:
            break
    raise FileProblem(AggregationErrorCode.FILE_BAD_HEADERS,
                      _("没有找到表头。请使用下载的模板，第一行应为：岗位名称、工作内容、用工单位、薪酬……"))


def _rows(keys: list[str], rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, values in rows:
        record: dict[str, Any] = {}
        for key, value in zip(keys, values, strict=False):
            if key:
                v = _cell(value)
                if v is not None:
                    record[key] = v
        if record:
            yield number, record


def open_sheet(path: Path, *, start_after: int = 0) -> tuple[Sheet, IO[Any] | Any]:
    """Open a spreadsheet for streaming. Returns (sheet, handle to close). Skips rows numbered ≤ start_after."""
    kind = sniff(path)
    if kind == "xlsx":
        from openpyxl import load_workbook

        _check_unpacked_size(path)
        merged = _merged_ranges(path)
        if merged:
            raise FileProblem(AggregationErrorCode.FILE_MERGED_CELLS,
                              _("表格中有合并单元格（%(r)s），请取消合并、每行只填一个岗位后再上传。") % {"r": "、".join(merged[:3])})
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file problem
            raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                              _("无法打开这个 Excel 文件，请确认文件没有损坏，或另存为 .xlsx 后再上传。")) from None
        ws = wb.worksheets[0]
        total = max((ws.max_row or 1) - 1, 0)
        if total > MAX_ROWS:
            wb.close()
            raise _too_many_rows(total)
        raw = ((i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1))
        keys, ignored, header_row = _header(raw)
        data = ((n, v) for n, v in raw if n > start_after)
        return Sheet(keys, ignored, _rows(keys, data), max(total - header_row + 1, 0)), wb
    encoding = _encoding(path)
    # Bytes that do not decode become lone surrogates: that row is refused on its own (core.text), the
    # rest of the file imports — a GBK byte after the first 64 KB is a row error, not a dead batch.
    fh = open(path, encoding=encoding, errors="surrogateescape", newline="")  # noqa: SIM115 - closed by the caller
    try:
        sample = fh.read(4096)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(fh, dialect)
        raw = ((i, r) for i, r in enumerate(reader, start=1))
        keys, ignored, header_row = _header(raw)
    except (csv.Error, UnicodeDecodeError):
        fh.close()
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("无法读取这个 CSV 文件，请用 Excel 另存为 .xlsx 后再上传。")) from None
    except FileProblem:
        fh.close()
        raise
    total = max(_count_lines(path) - header_row, 0)
    if total > MAX_ROWS:
        fh.close()
        raise _too_many_rows(total)
    data = ((n, v) for n, v in raw if n > start_after)
    return Sheet(keys, ignored, _rows(keys, data), total), fh


# --- the template --------------------------------------------------------------------------------

def build_template(*, categories: list[str], counties: list[str], townships: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "岗位"
    lists = wb.create_sheet("选项")
    options = {"category": categories, "pay_unit": list(UNIT_LABELS.values()),
               "settlement": list(SETTLEMENT_LABELS.values()), "county": counties, "township": townships}
    refs: dict[str, str] = {}
    for col, (key, values) in enumerate(options.items(), start=1):
        letter = chr(64 + col)
        lists.cell(row=1, column=col, value=FIELD_LABELS[key])
        for r, v in enumerate(values, start=2):
            lists.cell(row=r, column=col, value=v)
        refs[key] = f"选项!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4E0")
    for c, (key, header, required, hint) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font = bold
        if required:
            cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = max(12, len(header) * 2 + 2)
        if key in refs:
            dv = DataValidation(type="list", formula1=f"={refs[key]}", allow_blank=not required,
                                showErrorMessage=True, errorTitle=_("请从列表选择"),
                                error=_("请从下拉列表中选择“%(h)s”。") % {"h": header}, promptTitle=header, prompt=hint)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5001")
            ws.add_data_validation(dv)
        elif hint:
            dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=header, prompt=hint)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5001")
            ws.add_data_validation(dv)
    example = {"external_id": "ZJ-2026-0001", "title": "建筑小工", "description": "工地搬运砖块、清理现场，包午饭",
               "employer_name": "宿迁示例建筑有限公司", "category": categories[0] if categories else "",
               "pay": "200", "pay_unit": "元/天", "settlement": "日结", "headcount": 5,
               "county": counties[0] if counties else "", "township": townships[0] if townships else "",
               "address": "人民路1号", "work_time": "7:00-17:00", "benefits": "包午饭"}
    for c, (key, *_rest) in enumerate(COLUMNS, start=1):
        ws.cell(row=2, column=c, value=example.get(key))
    ws.freeze_panes = "A2"
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the report ----------------------------------------------------------------------------------

def build_report(rows: Iterator[tuple[Any, ...]], *, title: str, summary: list[tuple[str, Any]]) -> bytes:
    """rows: (row_number, external_id, outcome label, column, message, job_id). Written streaming."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入结果")
    ws.append([title])
    for label, value in summary:
        ws.append([label, value])
    ws.append([])
    ws.append([_("行号"), _("岗位编号"), _("结果"), _("列"), _("原因"), _("平台岗位编号")])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""Excel/CSV for operators: the downloadable template, a reader for sheets as departments send them, the report.

The reader takes a sheet as it is really laid out: the header row is found among the first 15 rows
(titles, 填报单位 lines and notes above it are skipped and reported); column names are matched
through ``data/column_synonyms.json``; cells merged over several rows are copied into each row; 合计,
note and repeated-header rows are reported as skipped, never as errors. .xlsx is streamed (openpyxl
read-only), legacy .xls and .ods are read by python-calamine, CSV through the csv module (UTF-8 with
or without BOM, else GB18030, a superset of GBK). Problems with the file itself raise ``FileProblem``
with a Chinese message that says what to do.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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

_SYNONYMS_PATH = Path(__file__).resolve().parent / "data" / "column_synonyms.json"
# Pay columns whose name carries the unit: 月薪 3000 → "3000元/月".
_UNIT_KEYS = {"pay_month": "元/月", "pay_day": "元/天", "pay_hour": "元/小时"}
_BRACKET = re.compile(r"\([^)]*\)")
_LABEL_NOISE = re.compile(r"\((?:选填|必填|可选|可不填)\)|[*\s:：]")


def _label(text: Any) -> str:
    return _LABEL_NOISE.sub("", unicodedata.normalize("NFKC", str(text or "")))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Normalised column name → canonical key: the template's headers, the field labels, the synonym file."""
    table: dict[str, str] = {}
    for key, header, _req, _hint in COLUMNS:
        table[_label(header)] = key
    for key, name in FIELD_LABELS.items():
        table.setdefault(_label(name), key)
    with _SYNONYMS_PATH.open(encoding="utf-8") as fh:
        data = json.load(fh)
    for key, names in data.items():
        if key.startswith("_"):
            continue
        for name in names:
            table.setdefault(_label(name), key)
    return table


def header_key(text: Any) -> str:
    label = _label(text)
    if not label:
        return ""
    table = _synonyms()
    if label in table:
        return table[label]
    bare = _BRACKET.sub("", label)
    key = table.get(bare, "")
    if key == "pay":  # 薪酬（元/月）: the unit is in the brackets
        note = "".join(_BRACKET.findall(label))
        for unit_key, unit in _UNIT_KEYS.items():
            if unit in note:
                return unit_key
    return key


class FileProblem(AppError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, "file")


SKIP_KEY = "__skipped__"
SKIP_REASONS = {
    "title": _lazy("标题行，已跳过"),
    "filler": _lazy("填报单位、填报人或日期行，已跳过"),
    "note": _lazy("说明或备注行，已跳过"),
    "total": _lazy("合计（小计）行，已跳过"),
    "header": _lazy("重复的表头行，已跳过"),
    "example": _lazy("模板中的示例行，不会导入；请删除它或改成真实岗位（去掉“示例”字样）"),
}
# The template's example row: marked so it can never import as a real posting (issue #11 item 18).
# EXAMPLE_EMPLOYER also catches the unmarked example row of templates downloaded before the marking.
EXAMPLE_MARK = "示例"
EXAMPLE_EMPLOYER = "宿迁示例建筑有限公司"


def is_example_row(record: dict[str, Any]) -> bool:
    """The template's example row (or a copy of it), which is skipped with a note instead of imported."""
    title = str(record.get("title") or "").strip()
    return (str(record.get("external_id") or "").strip().startswith(EXAMPLE_MARK)
            or title.startswith((f"【{EXAMPLE_MARK}】", f"[{EXAMPLE_MARK}]", f"({EXAMPLE_MARK})", f"（{EXAMPLE_MARK}）"))
            or str(record.get("employer_name") or "").strip() == EXAMPLE_EMPLOYER)


@dataclass
class Sheet:
    """A parsed header and a row iterator: rows are (row_number, {key: value}) with blank rows skipped.

    Title, 填报单位, note and 合计 rows come through as (row_number, {SKIP_KEY: reason}); the ones above
    the header are in ``skipped``."""

    keys: list[str]
    ignored: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]
    total_rows: int
    header_row: int = 1
    skipped: list[tuple[int, str]] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------

def sniff(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise FileProblem(AggregationErrorCode.FILE_EMPTY, _("文件是空的，请在模板中填写岗位后再上传。"))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype"):
                    return "ods"
        except zipfile.BadZipFile:
            raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                              _("无法打开这个 Excel 文件，请确认文件没有损坏，或另存为 .xlsx 后再上传。")) from None
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8")) or b"\x00" in head:
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("这个文件不是表格，请上传 Excel（.xlsx 或 .xls）或 CSV 文件，可以先下载模板填写。"))
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


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _merged_ranges(path: Path) -> list[tuple[int, int, int, int]]:
    """Merged-cell ranges of the first worksheet (row0, col0, row1, col1; 1-based), read from the sheet XML as a
    stream."""
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
        if not names:
            return []
        with zf.open(names[0]) as fh:
            tail = b""
            for block in iter(lambda: fh.read(1 << 16), b""):
                data = tail + block
                cut = data.rfind(b"<")
                body, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                found += [m.decode() for m in re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', body)]
    out: list[tuple[int, int, int, int]] = []
    for ref in dict.fromkeys(found):
        a, b = ref.split(":")
        ma, mb = _CELL_REF.fullmatch(a), _CELL_REF.fullmatch(b)
        if ma and mb:
            out.append((int(ma.group(2)), _col_number(ma.group(1)), int(mb.group(2)), _col_number(mb.group(1))))
    return out


def _unmerge(rows: Iterator[tuple[int, list[Any]]],
             ranges: list[tuple[int, int, int, int]]) -> Iterator[tuple[int, list[Any]]]:
    """Copy a merged cell's value into every row it spans (用人单位 merged over its five jobs). Ranges within one
    row (a title across the sheet) are left alone: only the first cell holds the text."""
    spans = [r for r in ranges if r[2] > r[0]]
    if not spans:
        yield from rows
        return
    by_row: dict[int, list[tuple[int, int, int, int]]] = {}
    for r in spans:
        for n in range(r[0], min(r[2], r[0] + 10000) + 1):
            by_row.setdefault(n, []).append(r)
    anchors: dict[tuple[int, int], Any] = {}
    for number, values in rows:
        for r0, c0, _r1, c1 in by_row.get(number, ()):
            values = list(values) + [None] * max(0, c1 - len(values))
            if number == r0:
                anchors[(r0, c0)] = values[c0 - 1]
            for c in range(c0, c1 + 1):
                values[c - 1] = anchors.get((r0, c0))
        yield number, values


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


_TOTAL_ROW = re.compile(r"^(?:合计|小计|总计|共计|汇总|总数|总人数)")
_NOTE_ROW = re.compile(r"^(?:备注|注[:：\d、.]|注意|说明|填表说明|填报说明|附注|附件|※)")
_FILLER_ROW = re.compile(r"^(?:填报单位|填表单位|报送单位|上报单位|填报部门|填报人|填表人|审核人|负责人|制表|填报日期|填表日期|"
                         r"报送日期|单位[(（]?盖章|联系人[:：]|联系电话[:：])")


def classify_row(values: list[Any], keys: list[str] | None = None) -> str:
    """Why a row is not a job row ('' when it may be one): title, filler, note, total or header."""
    texts = [str(v).strip() for v in (_cell(v) for v in values) if v is not None]
    if not texts:
        return ""
    compact = [t.replace(" ", "").replace("\u3000", "") for t in texts]
    if any(_TOTAL_ROW.match(t) for t in compact[:3]):
        return "total"
    if _NOTE_ROW.match(compact[0]):
        return "note"
    if _FILLER_ROW.match(compact[0]):
        return "filler"
    if keys is not None and sum(1 for v in values if header_key(v)) >= 3:
        return "header"
    distinct = set(compact)
    if len(distinct) == 1:
        text = compact[0]
        if len(texts) > 1 or (len(text) >= 8 and not re.fullmatch(r"[\d.\-/ :]+", text) and
                              (keys is None or not keys or (values and _cell(values[0]) is not None))):
            return "title" if keys is None or re.search(r"表|需求|计划|汇总|一览|清单|信息", text) else "note"
    return ""


def _header(rows: Iterator[tuple[int, list[Any]]]) -> tuple[list[str], list[str], int, list[tuple[int, str]]]:
    """Find the header row among the first 15 rows; rows above it are titles, 填报单位 lines or notes."""
    above: list[tuple[int, str]] = []
    for number, values in rows:
        if all(_cell(v) is None for v in values):
            if number >= 15:
                break
            continue
        keys = [header_key(v) for v in values]
        found = {k for k in keys if k}
        if len(found) >= 3:
            has_pay = bool(found & {"pay", *_UNIT_KEYS})
            missing = [FIELD_LABELS[k] for k in ("title", "employer_name") if k not in found]
            if not has_pay:
                missing.append(FIELD_LABELS["pay"])
            if missing:
                raise FileProblem(AggregationErrorCode.FILE_BAD_HEADERS,
                                  _("第%(r)s行是表头，但缺少这些列：%(m)s。请补上这些列（也可以用常见写法，例如“招聘岗位”“用人单位”"
                                    "“薪酬待遇”），或下载模板填写。") % {"r": number, "m": "、".join(missing)})
            ignored = [str(_cell(v)) for v, k in zip(values, keys, strict=False) if not k and _cell(v) is not None]
            return keys, ignored, number, above
        above.append((number, classify_row(values) or "title"))
        if number >= 15:
            break
    raise FileProblem(AggregationErrorCode.FILE_BAD_HEADERS,
                      _("在表格前15行中没有找到表头。表头一行应包含“岗位名称（或招聘岗位）”“用工单位（或用人单位）”“薪酬（或薪酬待遇、月薪）”"
                        "等列名；请检查列名写法，或下载模板填写。"))


def _rows(keys: list[str], rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, dict[str, Any]]]:
    from suzhaohuo.aggregation.normalize import unit_from_text

    for number, values in rows:
        record: dict[str, Any] = {}
        for key, value in zip(keys, values, strict=False):
            if key:
                v = _cell(value)
                if v is not None:
                    if key in _UNIT_KEYS:
                        text = str(v)
                        v = text if unit_from_text(text) else f"{text}{_UNIT_KEYS[key]}"
                        key = "pay"
                    if key in record and key in ("requirements", "benefits", "address", "description"):
                        record[key] = f"{record[key]}；{v}"
                    else:
                        record.setdefault(key, v)
        reason = classify_row(values, keys) or ("example" if record and is_example_row(record) else "")
        if reason:
            yield number, {SKIP_KEY: reason}
        elif record:
            yield number, record


def _calamine_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], list[tuple[int, int, int, int]], int]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        ws = wb.get_sheet_by_index(0)
        data = ws.to_python(skip_empty_area=False)
        merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in (ws.merged_cell_ranges or [])]
    except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                          _("无法打开这个表格文件，请确认文件没有损坏，或在 Excel 中另存为 .xlsx 后再上传。")) from None
    return ((i, list(r)) for i, r in enumerate(data, start=1)), merged, len(data)


def open_sheet(path: Path, *, start_after: int = 0) -> tuple[Sheet, IO[Any] | Any]:
    """Open a spreadsheet for streaming. Returns (sheet, handle to close). Skips rows numbered ≤ start_after.

    .xlsx is streamed by openpyxl (read-only); legacy .xls and .ods are read by python-calamine (docs/adr/0010);
    CSV by the csv module (UTF-8 with or without BOM, else GB18030)."""
    kind = sniff(path)
    if kind in ("xls", "ods"):
        raw, merged, total = _calamine_rows(path)
        raw = _unmerge(raw, merged)
        keys, ignored, header_row, above = _header(raw)
        data = ((n, v) for n, v in raw if n > start_after)
        return Sheet(keys, ignored, _rows(keys, data), max(total - header_row, 0), header_row, above), io.BytesIO()
    if kind == "xlsx":
        from openpyxl import load_workbook

        _check_unpacked_size(path)  # a zip that unpacks to gigabytes is refused before parsing
        try:
            merged = _merged_ranges(path)
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file problem
            raise FileProblem(AggregationErrorCode.FILE_NOT_SPREADSHEET,
                              _("无法打开这个 Excel 文件，请确认文件没有损坏，或另存为 .xlsx 后再上传。")) from None
        ws = wb.worksheets[0]
        total = ws.max_row or 1
        if total - 1 > MAX_ROWS:
            wb.close()
            raise _too_many_rows(total - 1)
        raw = _unmerge(((i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)), merged)
        keys, ignored, header_row, above = _header(raw)
        data = ((n, v) for n, v in raw if n > start_after)
        return Sheet(keys, ignored, _rows(keys, data), max(total - header_row, 0), header_row, above), wb
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
        keys, ignored, header_row, above = _header(raw)
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
    return Sheet(keys, ignored, _rows(keys, data), total, header_row, above), fh


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
    example = {"external_id": f"{EXAMPLE_MARK}-请删除本行", "title": f"【{EXAMPLE_MARK}】建筑小工",
               "description": "工地搬运砖块、清理现场，包午饭（示例行不会导入）", "employer_name": EXAMPLE_EMPLOYER, "category": categories[0] if categories else "",
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

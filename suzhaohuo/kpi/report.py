"""The monthly 联席会议 report: one data structure rendered as PDF (fpdf2, the Noto CJK font embedded as a
subset, so it prints the same everywhere) and as Excel (openpyxl)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from suzhaohuo.core.fonts import cjk_font
from suzhaohuo.kpi import selectors
from suzhaohuo.kpi.measures import BY_CODE
from suzhaohuo.kpi.selectors import TABLE_CODES, Row, fmt, gap_text


@dataclass
class ReportData:
    month: date
    asof: date
    region: Any
    rows: list[Row]
    counties: list[dict[str, Any]]
    trends: list[tuple[str, list[tuple[date, str]]]]
    cases: list[Any]
    problems: list[Any]
    tasks: list[Any]
    basis: str
    extra: dict[str, Any] = field(default_factory=dict)


def build_report(*, month: date, region_code: str) -> ReportData:
    region = selectors.region_get(region_code)
    asof = min(selectors.month_end(month), selectors.today())
    rows, basis = selectors.plan_rows(region_code, asof)
    trends = []
    for row in rows:
        pts = [(d, fmt(v if row.ind.unit != "count" else int(v), row.ind.unit)) for d, v in row.spark]
        trends.append((str(row.ind.label), pts))
    return ReportData(month=month, asof=asof, region=region, rows=rows,
                      counties=selectors.child_table(region, asof), trends=trends,
                      cases=selectors.cases_approved(month, region_code), problems=selectors.problems(month),
                      tasks=selectors.task_lines(asof), basis=basis)


def title(data: ReportData) -> str:
    return _("%(r)s打造“零工归宿”品牌实施方案推进情况月报（%(y)d年%(m)d月）") % {
        "r": data.region.name, "y": data.month.year, "m": data.month.month}


def row_cells(row: Row) -> list[str]:
    """The figures of one target row as shown on the dashboard (same text everywhere)."""
    return [str(row.ind.label), fmt(row.value, row.ind.unit) if row.connected else _("未接入"),
            fmt(row.target.value, row.ind.unit) if row.target else "—",
            fmt(row.expected_now, row.ind.unit) if row.expected_now is not None else "—", gap_text(row),
            (_("正常") if row.on_track else _("滞后")) if row.on_track is not None else "—"]


def report_pdf(data: ReportData) -> bytes:
    from fpdf import FPDF

    font = cjk_font()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
    pdf.set_title(title(data))
    pdf.set_author(_("速找活 · 零工归宿"))
    pdf.add_page()
    w = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(3)
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(w, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)

    def table(header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        pdf.set_font("cjk", size=9)
        pdf.set_fill_color(230, 236, 244)
        for h, cw in zip(header, widths, strict=True):
            pdf.cell(cw, 7, h, border=1, fill=True)
        pdf.ln()
        for r in rows:
            for cell, cw in zip(r, widths, strict=True):
                pdf.cell(cw, 7, cell, border=1)
            pdf.ln()

    pdf.set_font("cjk", size=15)
    pdf.multi_cell(w, 8, title(data), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    pdf.cell(w, 6, _("数据截至 %(d)s　·　来源：速找活业务记录（%(b)s）") % {
        "d": data.asof.isoformat(), "b": _("当日快照") if data.basis == "snapshot" else _("实时计算")},
        new_x="LMARGIN", new_y="NEXT")

    heading(_("一、目标完成情况"))
    table([_("指标"), _("当前值"), _("目标值"), _("按进度应达"), _("差距"), _("进度")],
          [row_cells(r) for r in data.rows], [54, 28, 26, 28, 34, 18])
    pdf.ln(2)
    pdf.set_font("cjk", size=8)
    for r in data.rows:
        pdf.multi_cell(w, 4.5, f"{r.ind.label}：{r.ind.definition}" + (f"（{r.reason}）" if r.reason else ""),
                       new_x="LMARGIN", new_y="NEXT")

    if data.counties:
        heading(_("二、分地区情况"))
        header = [_("地区")] + [str(BY_CODE[c].label)[:8] for c in TABLE_CODES]
        rows = [[c["region"].name] + list(c["cells"])
                for c in data.counties]
        table(header, rows, [26] + [(w - 26) / len(TABLE_CODES)] * len(TABLE_CODES))

    heading(_("三、近12个月走势（各月末）"))
    for label, pts in data.trends:
        if pts:
            pdf.multi_cell(w, 5, f"{label}：" + "　".join(f"{d:%Y-%m} {v}" for d, v in pts),
                           new_x="LMARGIN", new_y="NEXT")

    heading(_("四、本月典型案例"))
    if not data.cases:
        pdf.cell(w, 6, _("本月暂无审核采用的典型案例。"), new_x="LMARGIN", new_y="NEXT")
    for case in data.cases:
        pdf.multi_cell(w, 5, f"{case.title}：{case.summary}", new_x="LMARGIN", new_y="NEXT")

    heading(_("五、各单位反映的问题"))
    if not data.problems:
        pdf.cell(w, 6, _("本月各单位未反映问题。"), new_x="LMARGIN", new_y="NEXT")
    for u in data.problems:
        pdf.multi_cell(w, 5, f"{u.task.lead.name}（{u.task.number}{u.task.title}）：{u.problems}",
                       new_x="LMARGIN", new_y="NEXT")

    heading(_("六、牵头单位任务进展"))
    table([_("任务"), _("牵头单位"), _("最新进展"), _("月份"), _("报送")],
          [[f"{t.task.number}{t.task.title}", t.task.lead.name,
            t.latest.get_status_display() if t.latest else _("未报送"),
            f"{t.latest.month:%Y-%m}" if t.latest else "—", _("逾期未报") if t.overdue else _("按时")]
           for t in data.tasks], [56, 46, 30, 24, 26])
    return bytes(pdf.output())


def report_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("目标完成情况")
    ws.append([title(data)])
    ws.append([_("数据截至"), data.asof.isoformat()])
    ws.append([_("指标"), _("当前值"), _("目标值"), _("按进度应达"), _("差距"), _("进度"), _("分子"), _("分母"),
               _("口径")])
    for r in data.rows:
        ws.append([*row_cells(r), r.numerator, r.denominator, str(r.ind.definition) + (f"（{r.reason}）" if r.reason else "")])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["I"].width = 80

    wc = wb.create_sheet(_("分地区"))
    wc.append([_("区划代码"), _("地区")] + [str(BY_CODE[c].label) for c in TABLE_CODES])
    for c in data.counties:
        wc.append([c["region"].code, c["region"].name]
                  + list(c["cells"]))
    wt = wb.create_sheet(_("走势"))
    wt.append([_("指标"), _("月份"), _("值")])
    for label, pts in data.trends:
        for d, v in pts:
            wt.append([label, f"{d:%Y-%m}", v])
    wk = wb.create_sheet(_("典型案例"))
    wk.append([_("标题"), _("地区"), _("内容")])
    for case in data.cases:
        wk.append([case.title, case.region_code, case.summary])
    wp = wb.create_sheet(_("问题与任务"))
    wp.append([_("任务"), _("牵头单位"), _("最新进展"), _("月份"), _("报送"), _("进展情况"), _("存在问题")])
    for t in data.tasks:
        wp.append([f"{t.task.number}{t.task.title}", t.task.lead.name,
                   t.latest.get_status_display() if t.latest else _("未报送"),
                   f"{t.latest.month:%Y-%m}" if t.latest else "", _("逾期未报") if t.overdue else _("按时"),
                   t.latest.note if t.latest else "", t.latest.problems if t.latest else ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


"""Excel exports (openpyxl): the coverage table and the service ledger."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suzhaohuo.carriers.choices import Partner


def _bold_header(ws: Any) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def coverage_xlsx(coverage: Any) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("汇总")
    ws.append([_("指标"), _("已覆盖"), _("总数"), _("目标")])
    ws.append([_("有综合性零工市场的县（区）"), coverage.counties_with_market, coverage.county_total, _("100%")])
    ws.append([_("有零工服务驿站的乡镇（街道）"), coverage.townships_with_station, coverage.township_total, _("100%")])
    ws.append([_("有零工服务专窗的中心村（社区）"), coverage.central_villages_with_window,
               coverage.central_village_total, _("不低于40%")])
    labels = dict(Partner.choices)
    for key, n in coverage.co_built_sites_by_partner.items():
        ws.append([_("共建站点：%(p)s") % {"p": labels.get(key, key)}, n, "", ""])
    _bold_header(ws)
    ws.column_dimensions["A"].width = 40

    wc = wb.create_sheet(_("县区"))
    wc.append([_("区划代码"), _("县（区）"), _("综合性市场数"), _("乡镇总数"), _("有驿站乡镇"), _("驿站覆盖率%"),
               _("中心村总数"), _("有专窗中心村"), _("专窗覆盖率%"), _("共建站点"), _("备注")])
    for c in coverage.counties:
        wc.append([c.code, c.name, c.markets, c.townships_total, c.townships_with_station, c.station_pct,
                   c.central_villages, c.central_villages_with_window, c.window_pct, c.co_built,
                   _("功能区，不计入5个县（区）") if c.functional_zone else ""])
    _bold_header(wc)

    wt = wb.create_sheet(_("乡镇"))
    wt.append([_("区划代码"), _("县（区）"), _("乡镇（街道）"), _("计入统计"), _("驿站数"), _("中心村总数"),
               _("有专窗中心村"), _("专窗数"), _("共建站点")])
    for c in coverage.counties:
        for t in c.townships:
            wt.append([t.code, c.name, t.name, _("是") if t.counted else _("否（类似乡级单位）"), t.stations,
                       t.central_villages, t.central_villages_with_window, t.windows, t.co_built])
    _bold_header(wt)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ledger_xlsx(records: Any) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("服务台账")
    ws.append([_("时间"), _("载体"), _("服务事项"), _("服务对象（脱敏）"), _("办理内容"), _("结果"), _("工作人员"),
               _("岗位编号")])
    for r in records:
        ws.append([timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"), r.carrier.name, r.get_kind_display(),
                   r.subject_label, r.description, r.get_outcome_display(), str(r.staff or ""), r.job_id or ""])
    _bold_header(ws)
    ws.column_dimensions["E"].width = 50
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""Excel export of the handler's cases (openpyxl); party names masked unless the viewer may see them."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suzhaohuo.disputes import clock, selectors


def cases_xlsx(cases: list[Any], *, viewer: Any) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("劳动争议案件")
    ws.append([_("案件编号"), _("区划代码"), _("来源"), _("状态"), _("申请人"), _("被申请人"), _("请求金额（元）"),
               _("申请日期"), _("调解受理"), _("调解期限"), _("调解结束"), _("调解结果"), _("仲裁进度"), _("仲裁案号"),
               _("仲裁受理"), _("仲裁结案"), _("仲裁结果"), _("结案日期"), _("当前期限"), _("期限状态")])
    today = timezone.localdate()
    for c in cases:
        deadlines = clock.active_deadlines(c, pauses=c.pauses.all(), payments=c.payments.all(), today=today)
        d = deadlines[0] if deadlines else None
        ws.append([c.number, c.region_code, c.get_source_display(), c.get_status_display(),
                   selectors.party_view(c, viewer)["worker_name"], c.employer_name,
                   float(c.claim_amount) if c.claim_amount else None, timezone.localtime(c.created_at).date(),
                   c.mediation_accepted_on, clock.mediation_due(c), c.mediation_closed_on,
                   c.get_mediation_result_display() if c.mediation_result else "",
                   c.get_arbitration_status_display() if c.arbitration_status else "", c.arbitration_case_no,
                   c.arbitration_accepted_on, c.arbitration_closed_on,
                   c.get_arbitration_outcome_display() if c.arbitration_outcome else "", c.closed_on,
                   d.due_on if d else None, d.state_label if d else ""])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

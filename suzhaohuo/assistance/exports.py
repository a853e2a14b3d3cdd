"""Excel export (openpyxl) of public-welfare attendance and subsidy: one row per person per month."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suzhaohuo.assistance.models import Attendance
from suzhaohuo.core.masking import mask_id_number


def attendance_xlsx(rows: Iterable[Attendance]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("考勤与补贴")
    ws.append([_("月份"), _("乡镇（街道）"), _("用人单位"), _("岗位"), _("姓名"), _("身份证号"), _("安置协议编号"),
               _("应出勤天数"), _("实出勤天数"), _("月补贴标准（元）"), _("应发补贴（元）"), _("备注")])
    total = Decimal("0")
    for a in rows:
        p = a.placement
        identity = getattr(p.person.user, "identity", None)
        ws.append([a.month.strftime("%Y-%m"), p.post.township.name, p.post.unit_name, p.post.title,
                   identity.real_name if identity else "", mask_id_number(identity.id_number) if identity else "",
                   p.agreement_number, a.days_scheduled, a.days_present, float(p.post.monthly_subsidy),
                   float(a.subsidy), a.note])
        total += a.subsidy
    ws.append(["", "", "", "", "", "", _("合计"), "", "", "", float(total), ""])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKL", (10, 14, 24, 18, 10, 22, 26, 10, 10, 14, 14, 20), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

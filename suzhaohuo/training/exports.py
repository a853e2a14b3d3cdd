"""Excel export of a subsidy claim list (openpyxl), for the bureau."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suzhaohuo.core.masking import mask_id_number


def claim_xlsx(claim: Any, lines: list[Any], *, example_rules: bool) -> bytes:
    from suzhaohuo.identity.selectors import person_identity_of

    wb = Workbook()
    ws = wb.active
    ws.title = _("补贴申报明细")
    ws.append([_("培训机构"), claim.provider.name, _("许可证号/备案号"), claim.provider.licence_number,
               _("申报期"), claim.period])
    if example_rules:
        ws.append([_("注意：补贴规则为示例数据（EXAMPLE），金额不是真实标准，请按本市公布的规则配置后再申报。")])
    ws.append([])
    header = [_("序号"), _("姓名"), _("身份证号（脱敏）"), _("课程"), _("职业分类大典编码"), _("等级"), _("结业日期"),
              _("证书编号"), _("补贴规则"), _("补贴金额（元）"), _("判断理由")]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for i, line in enumerate(lines, 1):
        e = line.enrolment
        identity = person_identity_of(e.worker)
        cert = getattr(e, "certificate", None)
        ws.append([i, identity.real_name if identity else e.worker.display_name,
                   mask_id_number(identity.id_number) if identity and identity.id_number else "",
                   e.course.title, e.course.occupation_code, e.course.get_level_display(),
                   timezone.localtime(e.completed_at).date().isoformat() if e.completed_at else "",
                   cert.number if cert else "", line.rule_code, float(line.amount), "；".join(e.subsidy_reasons)])
    ws.append([])
    ws.append(["", "", "", "", "", "", "", "", _("合计"), float(claim.total)])
    for col, width in zip("ABCDEFGHIJK", (6, 10, 22, 28, 14, 14, 12, 20, 24, 14, 60), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""Issue #11 item 18: the spreadsheet template's example row never imports as a real job; it is skipped with
a note (also the unmarked example row of templates downloaded earlier)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from suzhaohuo.aggregation.tests.test_upload import HEADERS, builder, operator, row, upload, xlsx  # noqa: F401

pytestmark = pytest.mark.django_db


def test_template_example_row_is_skipped_with_a_note_and_real_rows_import(
        client: Any, operator: Any, builder: Any, django_capture_on_commit_callbacks: Any) -> None:  # noqa: F811
    from openpyxl import load_workbook

    from suzhaohuo.aggregation.models import ImportBatch
    from suzhaohuo.jobs.models import Job

    client.force_login(operator)
    wb = load_workbook(io.BytesIO(client.get("/aggregation/upload/template.xlsx").content))
    ws = wb["岗位"]
    example = [c.value for c in ws[2]]
    assert str(example[0]).startswith("示例") and str(example[1]).startswith("【示例】")
    headers = [c.value for c in ws[1]]
    real = dict(zip(headers, example, strict=False))
    real.update({"岗位编号（选填）": "ZJ-REAL-1", "岗位名称": "钢筋工", "工作内容": "胡集镇安置房工地绑扎钢筋，包午饭。",
                 "用工单位": "沭阳县胡集建筑工程有限公司", "县区": "沭阳县", "乡镇（街道）": "胡集镇", "薪酬": "260"})
    ws.append([real.get(h) for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    resp = upload(client, "template-filled.xlsx", buf.getvalue(), django_capture_on_commit_callbacks)
    assert resp.status_code == 302
    batch = ImportBatch.objects.get()
    assert [n for n, _reason in batch.counts["skipped_rows"]] == [2]
    page = client.get(resp["Location"]).content.decode()
    assert "示例行" in page
    titles = list(Job.objects.values_list("title", flat=True))
    assert titles == ["钢筋工"], titles


def test_the_old_unmarked_example_row_is_skipped_too(client: Any, operator: Any, builder: Any,  # noqa: F811
                                                    django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch
    from suzhaohuo.jobs.models import Job

    client.force_login(operator)
    old_example = row(0, id="ZJ-2026-0001", title="建筑小工", employer="宿迁示例建筑有限公司")
    upload(client, "old-template.xlsx", xlsx([old_example, row(1)]), django_capture_on_commit_callbacks)
    assert [n for n, _r in ImportBatch.objects.get().counts["skipped_rows"]] == [2]
    assert list(Job.objects.values_list("title", flat=True)) == ["建筑小工1号"]

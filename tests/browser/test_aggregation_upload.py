"""Done-when test of the aggregation issue: a 住建 department operator uploads a 500-row sheet (merged title row,
填报单位 line, header on row 3) with 20 bad rows,
30 rows duplicating an agency's pushed jobs and 5 rows demanding a deposit; sees the progress and the report;
the sources dashboard shows exactly those counts."""

from __future__ import annotations

import io
from typing import Any

import pytest

from conftest import screenshot, township_code

PASSWORD = "Staff-pass-12345"
HEADERS = ["岗位编号（选填）", "岗位名称", "工作内容", "用工单位", "岗位类别", "薪酬", "计薪单位", "结算方式", "招聘人数",
           "县区", "乡镇（街道）", "详细地址", "备注"]
TASKS = ["搬运砖块", "清理建筑垃圾", "扎钢筋", "搅拌混凝土", "刷墙", "贴瓷砖", "安装吊顶", "铺设水管", "布电线", "搭脚手架"]


def _row(ext: str, title: str, desc: str, employer: str, town: Any, pay: str = "220", **over: Any) -> list[Any]:
    values = [ext, title, desc, employer, "建筑小工", pay, "元/天", "日结", 3, town.parent.name, town.name,
              f"{town.name}建设路8号", "额外列"]
    for index, value in over.items():
        values[int(index[1:])] = value
    return values


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_zhujian_operator_uploads_500_rows_and_dashboard_matches(page: Any, make_employer: Any, make_staff: Any,
                                                                  live_server: Any) -> None:
    from openpyxl import Workbook

    from suzhaohuo.aggregation.services import SourceInput, ingest_items, source_create, source_operator_link
    from suzhaohuo.regions.models import Region

    towns = list(Region.objects.filter(level="township", code__startswith="3213").exclude(
        township_kind="special").select_related("parent").order_by("code"))[:25]
    employers = [make_employer(township="胡集镇", name=f"宿迁第{i + 1}建筑劳务有限公司") for i in range(24)]
    zhujian_org = make_employer(township="胡集镇", name="宿迁市住房和城乡建设局")
    agency_org = make_employer(township="胡集镇", name="宿迁众联人力资源服务有限公司", is_agency=True)
    zhujian = source_create(actor=None, data=SourceInput(
        name="住建局·建筑装修岗位", kind="department", sector="housing", organization="宿迁市住房和城乡建设局",
        organization_employer=zhujian_org))
    agency = source_create(actor=None, data=SourceInput(
        name="众联人力·政府购买服务", kind="agency", organization="宿迁众联人力资源服务有限公司",
        organization_employer=agency_org, contract_number="SQRS-GM-2026-001", contract_target_jobs=20000))
    from suzhaohuo.aggregation.tests.conftest import authorize

    for employer in employers:  # the employers authorised both sources (recorded at a station, issue #11)
        authorize(employer, zhujian, agency)
    operator = make_staff(role="department_operator", scope="宿迁市", username="zhujian", password=PASSWORD)
    source_operator_link(actor=None, source=zhujian, user=operator)

    # the agency pushed 30 jobs (employers 20-22); the upload repeats them under its own ids
    def job_text(e: int, t: int) -> tuple[str, str]:
        return (f"建筑小工（{towns[t].name}）",
                f"{employers[e].name}在{towns[t].name}承建的项目{TASKS[(e + t) % 10]}、{TASKS[(e * 3 + t) % 10]}，包午饭。")

    pushed = []
    for j in range(30):
        e, t = 20 + j % 3, j // 3
        title, desc = job_text(e, t)
        pushed.append({"external_id": f"ZL-{j}", "title": title, "description": desc, "employer_name": employers[e].name,
                       "category": "建筑小工", "pay": "220元/天", "settlement": "日结", "headcount": 3,
                       "township": towns[t].name, "county": towns[t].parent.name})
    assert {r.outcome for r in ingest_items(source=agency, items=pushed)} == {"created"}

    rows: list[list[Any]] = []
    for i in range(445):  # distinct jobs: every (employer, township) pair appears once
        e, t = i % 20, (i // 20) % 25
        title, desc = job_text(e, t)
        rows.append(_row(f"ZJ-{i:04d}", title, desc, employers[e].name, towns[t]))
    for j, item in enumerate(pushed):  # 30 duplicates of the agency's jobs
        t = j // 3
        rows.append(_row(f"ZJ-D{j:02d}", item["title"], item["description"], item["employer_name"], towns[t]))
    bad_kinds = [{"c1": ""}, {"c5": "看情况"}, {"c10": "火星镇", "c11": "火星"}, {"c8": "很多"}, {"c2": "", "c1": ""}]
    for b in range(20):  # 20 bad rows, each with a reason the report names
        rows.append(_row(f"ZJ-B{b:02d}", f"坏行{b}", f"第{b}行", employers[23].name, towns[b], **bad_kinds[b % 5]))
    for d in range(5):  # 5 rows demanding a deposit
        rows.append(_row(f"ZJ-Y{d}", "钢筋工", f"扎钢筋，入职需交押金{200 + d}元，包住。", employers[23].name, towns[d + 20]))
    assert len(rows) == 500
    wb = Workbook()
    ws = wb.active
    # laid out as departments really send it: a merged title, a 填报单位 line, the header on row 3
    ws.append(["宿迁市住房和城乡建设局2026年12月建筑装修用工需求表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.append(["填报单位：宿迁市住房和城乡建设局（盖章）", None, None, None, None, None, None, None, "填报日期：2026年12月1日"])
    ws.append(HEADERS)
    for i, r in enumerate(rows):
        ws.append(r)
        if i % 100 == 50:
            ws.append([None] * len(HEADERS))  # blank rows are skipped
    path = io.BytesIO()
    wb.save(path)

    page.goto("/accounts/staff-login/")
    page.fill("#id_username", "zhujian")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/me/")
    page.goto("/aggregation/upload/")
    assert page.get_by_test_id("template-link").is_visible()
    screenshot(page, "aggregation-upload-360")
    page.set_input_files("#id_file", files=[{"name": "住建岗位.xlsx", "buffer": path.getvalue(),
                                             "mimeType": "application/octet-stream"}])
    page.set_default_navigation_timeout(300000)  # 500 rows run in the request with the immediate task backend
    page.set_default_timeout(300000)
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/aggregation/batches/*/")
    page.set_default_timeout(15000)
    progress = page.get_by_test_id("progress")
    assert "100%" in progress.inner_text() and page.locator("progress").get_attribute("value") == "100"
    counts = {k: page.get_by_test_id(f"count-{k}").inner_text() for k in
              ("created", "duplicate", "rejected", "blocked", "held", "skipped")}
    assert counts == {"created": "445", "duplicate": "30", "rejected": "20", "blocked": "5", "held": "0",
                      "skipped": "2"}
    assert "第 3 行" in page.get_by_test_id("header-row").inner_text()
    assert "标题行" in page.get_by_test_id("skipped").inner_text()
    problems = page.get_by_test_id("problems").inner_text()
    assert "请填写岗位名称" in problems and "押金" in problems and "乡镇" in problems
    screenshot(page, "aggregation-report-360")
    with page.expect_download() as dl:
        page.get_by_test_id("report-link").click()
    from openpyxl import load_workbook

    with open(dl.value.path(), "rb") as fh:
        report = load_workbook(io.BytesIO(fh.read()))
    lines = [r for r in report.active.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert sum(1 for r in lines if r[2] == "数据有误") >= 20 and sum(1 for r in lines if r[2] == "新岗位") == 445

    page.goto("/aggregation/sources/")
    section = page.locator('[data-testid="source"][data-source="住建局·建筑装修岗位"]')
    got = {k: section.get_by_test_id(k).inner_text() for k in ("received", "created", "duplicates", "rejected",
                                                                "blocked", "held")}
    assert got == {"received": "500", "created": "445", "duplicates": "30", "rejected": "20", "blocked": "5",
                   "held": "0"}
    assert section.get_by_test_id("blocked-fee").inner_text().startswith("收取押金或费用 5")
    assert section.get_by_test_id("duplicate-rate").inner_text() == "6%"  # 30 / (445 + 30)
    # an operator sees only its own source; the platform-wide KPI credits the 30 duplicates to the agency
    assert page.get_by_test_id("kpi-distinct").inner_text() == "475"
    assert page.get_by_test_id("kpi-third").inner_text() == "30"
    screenshot(page, "aggregation-dashboard-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "aggregation-dashboard-desktop")
    page.goto("/aggregation/upload/")
    screenshot(page, "aggregation-upload-desktop")
    assert township_code("胡集镇") == "321322102"

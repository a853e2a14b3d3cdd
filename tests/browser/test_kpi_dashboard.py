"""The bureau's leader opens the plan dashboard, drills into 沭阳县 then 胡集镇, and downloads the monthly
联席会议 report as PDF and Excel; the PDF's text has every target row with the same numbers as the page.
At 360 px wide, with no serious or critical axe violations."""

from __future__ import annotations

import io
import os
import subprocess

import pytest

from conftest import screenshot
from suzhaohuo.kpi.tests.conftest import dataset, only_fake_provider, today  # noqa: F401 - fixtures
from tests.browser.test_accessibility import AXE, _audit

PASSWORD = "Bureau-pass-12345"


def _rows(page) -> list[tuple[str, list[str]]]:
    out = []
    for li in page.locator("li.kpi-row").all():
        label = li.locator(".kpi-label").inner_text().strip()
        cells = [li.locator(f"[data-testid={k}]").inner_text().strip()
                 for k in ("value", "target", "expected", "gap") if li.locator(f"[data-testid={k}]").count()]
        out.append((label, cells))
    return out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bureau_dashboard_drill_down_and_monthly_report(browser, live_server, make_staff, dataset):  # noqa: F811
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers`")
    # bypass_csp only so the audit script can be injected; the pages' own CSP is unchanged
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    boss = make_staff(role="regulator", scope="宿迁市", username="lingdao_t", password=PASSWORD)
    page.goto("/accounts/staff-login/")
    page.fill("#id_username", boss.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()

    bad, _size = _audit(page, "/kpi/")
    assert bad == [], bad
    assert "宿迁市" in page.inner_text("h1")
    rows = _rows(page)
    assert len(rows) == 10
    assert ("发布零工岗位数", ["5", "50,000", "29,562", "落后 29,557"]) in rows
    assert page.locator("li[data-code=mediation_success_rate] [data-testid=value]").inner_text() == "未接入"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # usable at 360 px
    screenshot(page, "kpi-dashboard-city")

    page.locator("#drill-table").get_by_role("link", name="沭阳县").click()
    assert "沭阳县" in page.inner_text("h1")
    assert page.locator("li[data-code=jobs_posted] [data-testid=value]").inner_text() == "4"
    page.locator("#drill-table").get_by_role("link", name="胡集镇").click()
    assert "胡集镇" in page.inner_text("h1")
    assert page.locator("li[data-code=jobs_posted] [data-testid=value]").inner_text() == "2"
    assert page.locator("li[data-code=third_party_share] [data-testid=value]").inner_text() == "50.0%"
    bad, _size = _audit(page, page.url)
    assert bad == [], bad
    screenshot(page, "kpi-dashboard-huji")

    page.get_by_role("link", name="宿迁市").click()
    city_rows = _rows(page)
    page.fill("#id_month", "2026-05")
    page.get_by_role("button", name="生成月报").click()
    assert "已生成 2026-05 联席会议月报" in page.inner_text(".messages")
    with page.expect_download() as dl:
        page.locator("#report-list").get_by_role("link", name="下载 PDF").first.click()
    pdf = dl.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    for label, cells in city_rows:
        line = next((ln for ln in text.splitlines() if ln.strip().startswith(label)), None)
        assert line is not None, label
        for cell in cells:
            assert cell in line, (label, cell, line)
    with page.expect_download() as dl:
        page.locator("#report-list").get_by_role("link", name="下载 Excel").first.click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(dl.value.path().read_bytes())).worksheets[0]
    excel = {row[0].value: [c.value for c in row[1:5]] for row in sheet.iter_rows(min_row=4)}
    for label, cells in city_rows:
        assert excel[label][:len(cells)] == cells, label
    context.close()

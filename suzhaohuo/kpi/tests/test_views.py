"""Dashboard (scope, drill-down, definitions beside figures), monthly report (PDF with an embedded Chinese
font, Excel), lead departments' updates with the overdue flag, notable cases, registration links."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from typing import Any

import pytest

from suzhaohuo.kpi.tests.conftest import CITY, HUJI, SHUYANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(dataset: Any) -> Any:
    from suzhaohuo.accounts.models import User

    return User.objects.create(username="boss", role="regulator", scope_region_id=CITY)


def test_dashboard_city_and_drill_down(client: Any, boss: Any) -> None:
    client.force_login(boss)
    html = client.get("/kpi/").content.decode()
    assert "宿迁市“零工归宿”实施方案推进情况" in html
    assert "发布零工岗位数" in html and "至少发布（进入“招聘中”）过一次" in html  # the definition beside it
    assert "50,000" in html and "29,562" in html and "落后 29,557" in html and "进度滞后" in html
    assert "<svg class=\"bar\"" in html and "<script" not in html.split("<main")[1].split("</main>")[0]
    assert f'?region={SHUYANG}"' in html and "沭阳县" in html
    county = client.get("/kpi/", {"region": SHUYANG}).content.decode()
    assert f'?region={HUJI}"' in county and "胡集镇" in county
    town = client.get("/kpi/", {"region": HUJI}).content.decode()
    assert 'data-code="jobs_posted"' in town and "未接入" in town


def test_dashboard_scope(client: Any, dataset: Any) -> None:
    client.force_login(dataset["staff"])  # 胡集镇 station staff
    assert client.get("/kpi/").status_code == 200  # defaults to their township
    assert client.get("/kpi/", {"region": CITY}).status_code == 403
    from suzhaohuo.accounts.models import User

    client.force_login(User.objects.create(username="wk", role="worker"))
    assert client.get("/kpi/").status_code == 403


def test_monthly_report_pdf_and_excel(client: Any, boss: Any, settings: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from suzhaohuo.kpi.models import MonthlyReport, NotableCase
    from suzhaohuo.kpi.report import row_cells

    NotableCase.objects.create(month=date(2026, 5, 1), region_code=HUJI, title="胡集镇驿站匹配采收零工",
                               summary="一周匹配38人。", status="approved")
    NotableCase.objects.create(month=date(2026, 5, 1), region_code=HUJI, title="未审核的案例", summary="x")
    client.force_login(boss)
    r = client.post("/kpi/reports/", {"month": "2026-05", "region": CITY})
    assert r.status_code == 302
    report = MonthlyReport.objects.get()
    pdf = client.get(f"/kpi/reports/{report.pk}.pdf")
    data = b"".join(pdf.streaming_content)
    fonts = [f for page in PdfReader(io.BytesIO(data)).pages
             for f in (page["/Resources"]["/Font"].get_object().values())]
    assert any("/FontFile3" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
               or "/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
               for f in fonts)  # the Chinese font is embedded
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode()
        from suzhaohuo.kpi.selectors import plan_rows

        for row in plan_rows(CITY, date(2026, 5, 20))[0]:
            for cell in row_cells(row)[:4]:
                assert cell in text, (cell, row.code)
        assert "胡集镇驿站匹配采收零工" in text and "未审核的案例" not in text
    wb = load_workbook(io.BytesIO(b"".join(client.get(f"/kpi/reports/{report.pk}.xlsx").streaming_content)))
    sheet = wb.worksheets[0]
    labels = [row[0].value for row in sheet.iter_rows(min_row=4)]
    assert "发布零工岗位数" in labels and "劳动争议调解成功率" in labels
    assert wb["分地区"].max_row == 1 + 6  # 6 counties / zones


def test_report_due_on_the_first(dataset: Any) -> None:
    from suzhaohuo.kpi.models import MonthlyReport
    from suzhaohuo.kpi.services import report_due

    assert report_due(on=date(2026, 5, 1)) is not None
    assert report_due(on=date(2026, 5, 1)) is None  # once
    assert MonthlyReport.objects.get().month == date(2026, 4, 1)


def test_task_updates_and_overdue(client: Any, dataset: Any) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.kpi.models import Department, PlanTask
    from suzhaohuo.kpi.selectors import task_lines

    op = User.objects.create(username="renshe", role="department_operator", scope_region_id=CITY)
    Department.objects.get(name="市人力资源社会保障局").operators.add(op)
    task = PlanTask.objects.get(number="（三）")
    assert all(line.overdue for line in task_lines(date(2026, 5, 20)))  # nothing reported for April
    client.force_login(op)
    r = client.post(f"/kpi/tasks/{task.pk}/", {"month": "2026-04", "status": "at_risk", "note": "接口对接中",
                                               "problems": "需财政局明确资金"})
    assert r.status_code == 302
    lines = {line.task.number: line for line in task_lines(date(2026, 5, 20))}
    assert not lines["（三）"].overdue and lines["（一）"].overdue
    assert lines["（三）"].latest is not None and lines["（三）"].latest.problems == "需财政局明确资金"
    r = client.post(f"/kpi/tasks/{task.pk}/", {"month": "2026-04", "status": "at_risk", "note": ""})
    assert "请填写" in r.content.decode() or "这个字段是必填项" in r.content.decode()
    other = User.objects.create(username="zhujian", role="department_operator", scope_region_id=CITY)
    client.force_login(other)
    assert client.get(f"/kpi/tasks/{task.pk}/").status_code == 403


def test_cases_submitted_then_approved_by_the_bureau(client: Any, boss: Any, dataset: Any) -> None:
    from suzhaohuo.kpi.models import NotableCase

    client.force_login(dataset["staff"])
    client.post("/kpi/cases/", {"month": "2026-05", "region_code": HUJI, "title": "驿站案例", "summary": "内容"})
    case = NotableCase.objects.get()
    assert case.status == "submitted"
    client.post(f"/kpi/cases/{case.pk}/decide/", {"decision": "approve"})  # station staff cannot approve
    case.refresh_from_db()
    assert case.status == "submitted"
    page = client.get("/kpi/cases/").content.decode()
    assert 'data-testid="approve-case"' not in page  # nothing to tap for those who may not decide
    client.force_login(boss)
    page = client.get("/kpi/cases/").content.decode()
    # the decision asks first, saying what will happen (a <details> step, no JavaScript)
    assert '<details class="confirm-step" data-testid="approve-case">' in page
    assert "写入 2026-05 的联席会议月报，审核结果不能更改" in page
    client.post(f"/kpi/cases/{case.pk}/decide/", {"decision": "approve"})
    case.refresh_from_db()
    assert case.status == "approved"


def test_case_and_campaign_forms_offer_regions_in_scope(client: Any, boss: Any, dataset: Any) -> None:
    client.force_login(dataset["staff"])  # 胡集镇
    for url in ("/kpi/cases/", "/kpi/campaigns/"):
        page = client.get(url).content.decode()
        assert '<select name="region_code"' in page and f'<option value="{HUJI}" selected>' in page, url
        assert f'value="{CITY}"' not in page and f'value="{SHUYANG}"' not in page and "地区代码" not in page, url
    r = client.post("/kpi/cases/", {"month": "2026-05", "region_code": SHUYANG, "title": "越权", "summary": "内容"})
    assert "请从列表中选择您负责范围内的地区" in r.content.decode()
    client.force_login(boss)
    page = client.get("/kpi/cases/").content.decode()
    assert f'<option value="{CITY}" selected>宿迁市</option>' in page and f'value="{HUJI}"' in page


def test_registration_link_records_the_campaign(client: Any, regions: Any,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    from conftest import read_last_sms_code
    from suzhaohuo.accounts.models import User
    from suzhaohuo.kpi.models import Attribution, Campaign

    Campaign.objects.create(code="chunfeng", name="春风行动", region_code=CITY)
    assert client.get("/kpi/r/chunfeng/").status_code == 302
    client.post("/accounts/login/", {"mobile": "13912345678", "role": "worker"})
    with django_capture_on_commit_callbacks(execute=True):  # the registration event is delivered on commit
        client.post("/accounts/login/code/", {"code": read_last_sms_code("13912345678"), "accept_privacy": "on"})
    user = User.objects.get(role="worker")
    attribution = Attribution.objects.get(user=user)
    assert attribution.campaign is not None and attribution.campaign.code == "chunfeng"


def test_campaign_links_with_qr_codes(client: Any, dataset: Any) -> None:
    from suzhaohuo.kpi.models import Campaign

    client.force_login(dataset["staff"])  # 胡集镇
    r = client.post("/kpi/campaigns/", {"code": "Bad code!", "name": "x", "region_code": HUJI})
    assert "小写字母" in r.content.decode() and not Campaign.objects.exists()
    r = client.post("/kpi/campaigns/", {"code": "huji-2026", "name": "胡集镇驿站扫码注册", "region_code": HUJI})
    assert r.status_code == 302
    page = client.get("/kpi/campaigns/").content.decode()
    assert "/kpi/r/huji-2026/" in page and '<svg width="' in page
    r = client.post("/kpi/campaigns/", {"code": "city-x", "name": "全市", "region_code": CITY})
    assert r.status_code == 403 or "范围" in r.content.decode()
    assert not Campaign.objects.filter(code="city-x").exists()


def test_dashboard_shows_the_phone_channel_with_definitions(client: Any, boss: Any, dataset: Any,
                                                            monkeypatch: Any) -> None:
    """Issue #17: the phone channel's figures (read from the phone app's indicators) in 「短信/语音渠道」."""
    from suzhaohuo.kernel import indicators
    from suzhaohuo.kpi.tests.conftest import at
    from suzhaohuo.phone import indicators as phone_indicators
    from suzhaohuo.phone.models import PhoneMessage

    providers = dict(indicators._PROVIDERS)
    for code in ("sms_sessions", "voice_sessions", "applications_by_sms", "applications_by_voice"):
        providers[code] = getattr(phone_indicators, code)
    monkeypatch.setattr(indicators, "_PROVIDERS", providers)
    w = dataset["w"]
    for i, (user, channel) in enumerate([(w[1], "sms"), (w[1], "sms"), (w[2], "sms"), (w[2], "voice")]):
        m = PhoneMessage.objects.create(user=user, channel=channel, direction="in", text="找活",
                                        provider_message_id=f"k{i}")
        PhoneMessage.objects.filter(pk=m.pk).update(created_at=at(2026, 5, 1 + i))
    client.force_login(boss)
    html = client.get("/kpi/", {"region": HUJI}).content.decode()
    assert "短信/语音渠道" in html and 'id="phone-rows"' in html
    section = html.split('id="phone-rows"')[1].split("</ul>")[0]
    assert 'data-code="sms_sessions"' in section and "同一人多次只计一人" in section  # definition beside it
    sms = section.split('data-code="sms_sessions"')[1].split("</li>")[0]
    voice = section.split('data-code="voice_sessions"')[1].split("</li>")[0]
    assert "短信服务人数" in sms and 'data-testid="phone-value">2</strong>' in sms
    assert 'data-testid="phone-value">1</strong>' in voice
    assert 'data-code="applications_by_sms"' in section and 'data-code="applications_by_voice"' in section
    assert "计入第三方的来源类型（配置）：第三方机构、行业协会" in html and "agency" not in html

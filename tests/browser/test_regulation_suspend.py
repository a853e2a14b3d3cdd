"""A regulator suspends an employer for 7 days: its postings vanish from search, it cannot post on the web,
through the API or through a station posting on its behalf, an agency import naming it is refused per row;
the employer appeals; the regulator upholds the appeal and lifts the suspension; posting works again.
The console pages pass axe-core (no serious/critical violations) at 360 px."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest

from conftest import read_last_sms_code, screenshot, valid_id_number

HUJI = "321322102"
PASSWORD = "Staff-pass-12345"
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def _login_staff(page, username: str) -> None:
    page.goto("/accounts/staff-login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/me/")


def _login_mobile(page, mobile: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_mobile", mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/accounts/me/")


def _axe(browser, live_server, page, paths: list[str]) -> list[dict]:
    """axe-core on ``paths`` with the page's session, in a context that lets the audit script in (bypass_csp
    only for the injection; the pages' own CSP is unchanged)."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                              bypass_csp=True)
    ctx.add_cookies(page.context.cookies())
    audit = ctx.new_page()
    bad: list[dict] = []
    for path in paths:
        audit.goto(path)
        bad += [dict(v, path=path) for v in _axe_run(audit)]
    ctx.close()
    return bad


def _axe_run(page) -> list[dict]:
    page.add_script_tag(path=AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _fill_job(page, title: str) -> None:
    page.goto("/jobs/new/")
    page.fill("#id_title", title)
    page.select_option("#id_category_code", "agri.harvest")
    page.fill("#id_description", "花木基地采摘、分拣苗木，包午饭，男女不限。")
    page.fill("#id_pay_min", "180")
    page.select_option("#id_pay_unit", "day")
    page.check("input[name=settlement][value=daily]")
    page.fill("#id_headcount", "3")
    page.fill("#id_daily_hours", "8")
    page.select_option("#id_township_code", HUJI)
    page.fill("#id_address", "胡集镇花木大道8号")
    page.get_by_role("button", name="提交发布").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_regulator_suspends_employer_everywhere_then_appeal_lifts(page, browser, live_server, make_employer,
                                                                 make_staff):
    from django.test import Client

    from suzhaohuo.aggregation.services import SourceInput, ingest_items, source_create
    from suzhaohuo.carriers import services as carriers
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.regulation.models import Membership, Sanction

    regulator = make_staff(role="regulator", scope="沭阳县", username="shichang")
    Membership.objects.create(user=regulator, organisation="market")
    farm = make_employer(township="胡集镇", name="沭阳县胡集花木专业合作社")
    live = job_create(actor=farm.owner, employer=farm, data=JobInput(
        title="苗木扦插工", description="花木基地扦插苗木，包午饭，男女不限。", category_code="agri.planting",
        pay_unit="day", settlement="daily", headcount=4, township_code=HUJI, address="胡集镇花木大道8号",
        pay_min=Decimal("170"), daily_hours=Decimal("8")))
    page.goto("/search/?q=苗木扦插")
    assert "苗木扦插工" in page.inner_text("main")

    # the regulator finds the employer and suspends it for 7 days
    _login_staff(page, "shichang")
    page.goto("/regulation/")
    assert page.get_by_role("heading", name="监管工作台").is_visible()
    page.goto("/regulation/employers/?q=花木")
    page.get_by_role("link", name="作出处理").click()
    assert page.inner_text("[data-testid=subject-name]") == "沭阳县胡集花木专业合作社"
    page.select_option("#id_kind", "suspend_posting")
    page.fill("#id_days", "7")
    page.fill("#id_legal_basis", "《人力资源市场暂行条例》第四十三条")
    page.fill("#id_reason", "发布虚假招聘信息，经核查属实")
    page.fill("#id_evidence", "投诉 C-2026-118：到岗后岗位与发布内容不符")
    screenshot(page, "regulation-sanction-new")
    page.get_by_role("button", name="确认处理").click()
    page.wait_for_url("**/regulation/sanctions/*/")
    assert page.inner_text("[data-testid=sanction-status]") == "执行中"
    sanction = Sanction.objects.get()
    assert sanction.ends_at is not None and (sanction.ends_at - sanction.starts_at).days == 7
    if os.path.exists(AXE):
        assert _axe(browser, live_server, page, [page.url, "/regulation/", "/regulation/risk/",
                                                 "/regulation/referrals/", "/regulation/listings/"]) == []
    page.goto("/accounts/me/")
    page.get_by_role("button", name="退出登录").click()

    # its postings vanish from search and the job page at once
    page.goto("/search/?q=苗木扦插")
    assert "苗木扦插工" not in page.inner_text("main")
    assert page.goto(f"/jobs/{live.pk}/").status == 404

    # it cannot post on the web ...
    _login_mobile(page, farm.owner.mobile)
    _fill_job(page, "花木采摘工")
    assert "暂停招聘服务" in page.inner_text("main") and "发布虚假招聘信息" in page.inner_text("main")
    assert not Job.objects.filter(title="花木采摘工").exists()
    screenshot(page, "regulation-post-refused")
    # ... nor through the API ...
    api = Client()
    api.force_login(farm.owner)
    resp = api.post("/api/v1/jobs", data=json.dumps({
        "title": "花木分拣工", "description": "分拣苗木，男女不限。", "category_code": "agri.harvest",
        "pay_unit": "day", "settlement": "daily", "headcount": 2, "township_code": HUJI, "address": "花木大道8号",
        "pay_min": "160"}), content_type="application/json")
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "sanctioned"
    # ... nor through a station posting on its behalf ...
    staff = make_staff(scope="胡集镇", username="huji-station")
    station = carriers.carrier_create(actor=None, data=carriers.CarrierInput(
        kind="station", name="胡集镇零工服务驿站", region_code=HUJI, address="胡集镇党群服务中心",
        lat=34.13, lng=118.77), staff=[staff])
    with pytest.raises(AppError) as exc:
        carriers.job_post_on_behalf(actor=staff, carrier=station, employer=farm, data=JobInput(
            title="代发：花木工", description="代发花木基地用工。", category_code="agri.harvest", pay_unit="day",
            settlement="daily", headcount=2, township_code=HUJI, address="花木大道8号", pay_min=Decimal("160")),
            authorization=carriers.AuthorizationInput(authorized_by="王五", method="in_person",
                                                      id_number=valid_id_number(9, birth="19750101")))
    assert exc.value.code == "sanctioned"
    # ... and an agency import naming it is refused per row (the other row goes through)
    agency_org = make_employer(name="宿迁人力资源服务有限公司", is_agency=True)
    source = source_create(actor=None, data=SourceInput(name="宿迁人力资源服务公司", kind="agency",
                                                        organization="宿迁人力资源服务有限公司",
                                                        organization_employer=agency_org))
    rows = [{"external_id": "A-1", "title": "花木基地采摘工", "employer_name": "沭阳县胡集花木专业合作社",
             "description": "花木基地采摘，包午饭。", "pay": "150元/天", "settlement": "日结", "headcount": 5,
             "county": "沭阳县", "township": "胡集镇", "address": "胡集镇花木大道8号", "category": "农忙采收"},
            {"external_id": "A-2", "title": "仓库分拣员", "employer_name": "宿迁人力资源服务有限公司",
             "description": "物流仓库分拣包裹，男女不限。", "pay": "160元/天", "settlement": "日结", "headcount": 3,
             "county": "沭阳县", "township": "胡集镇", "address": "胡集镇工业园", "category": "农忙采收"}]
    results = ingest_items(source=source, items=rows)
    assert [r.outcome for r in results] == ["rejected", "created"]
    assert "暂停招聘服务" in results[0].issues[-1]["message"]

    # the employer appeals
    page.goto("/accounts/me/")
    page.get_by_role("link", name="监管处理与申诉").click()
    page.fill(f"#statement-{sanction.pk}", "被投诉岗位系他人冒用本社名义发布，本社已报警并提供报案回执。")
    page.get_by_role("button", name="提交申诉").click()
    assert "申诉已提交" in page.inner_text("main")
    page.goto("/accounts/me/")
    page.get_by_role("button", name="退出登录").click()

    # the regulator upholds the appeal: the suspension is lifted
    _login_staff(page, "shichang")
    page.goto("/regulation/appeals/")
    page.get_by_role("link", name="暂停招聘服务 · 沭阳县胡集花木专业合作社").click()
    assert "冒用本社名义" in page.inner_text("[data-testid=appeal-statement]")
    page.check("input[name=decision][value=uphold]")
    page.fill("#id_reason", "经核实系他人冒用名义发布，解除暂停。")
    page.get_by_role("button", name="提交处理结果").click()
    page.wait_for_url(f"**/regulation/sanctions/{sanction.pk}/")
    assert page.inner_text("[data-testid=sanction-status]") == "已解除"
    page.goto("/accounts/me/")
    page.get_by_role("button", name="退出登录").click()

    # the old posting is back in search and posting works again
    page.goto("/search/?q=苗木扦插")
    assert "苗木扦插工" in page.inner_text("main")
    session = Client()  # a second SMS code within the resend interval is refused: sign in by session
    session.force_login(farm.owner)
    page.context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value,
                               "url": live_server.url}])
    _fill_job(page, "花木采摘工")
    page.wait_for_url("**/jobs/*/")
    assert Job.objects.get(title="花木采摘工").status == "published"
    screenshot(page, "regulation-posting-works-again")

"""Issue #11 item 1, as the employer meets it at 360 px: an agency imported two postings under the employer's name
without its authorisation; they are held and the employer is asked. It confirms one, then confirms the other
while granting the agency a standing authorisation (and sees it listed, revocable). Pages pass axe-core (no
serious/critical violations) and nothing is wider than the screen."""

from __future__ import annotations

import os

import pytest

from conftest import read_last_sms_code, screenshot

AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def _axe(browser, live_server, page) -> list[dict]:
    """axe-core on the current page with its session, in a context that lets the audit script in."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                              bypass_csp=True)
    ctx.add_cookies(page.context.cookies())
    audit = ctx.new_page()
    audit.goto(page.url)
    audit.add_script_tag(path=AXE)
    result = audit.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    ctx.close()
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_employer_confirms_held_import_and_grants_standing_authorisation(page, browser, live_server, make_employer):
    from suzhaohuo.aggregation.models import EmployerConfirmation, SourceAuthorization
    from suzhaohuo.aggregation.services import SourceInput, ingest_items, source_create
    from suzhaohuo.jobs.models import Job

    employer = make_employer(township="胡集镇", name="沭阳县胡集苗木有限公司")
    org = make_employer(township="胡集镇", name="宿迁众联人力资源服务有限公司", is_agency=True)
    agency = source_create(actor=None, data=SourceInput(name="众联人力·政府购买服务", kind="agency",
                                                        organization=org.name, organization_employer=org))
    rows = [{"external_id": f"ZL-{n}", "title": title, "employer_name": employer.name, "employer_uscc": employer.uscc,
             "description": f"{title}：苗圃装车、搬运，包午饭，男女不限。", "pay": "180元/天", "settlement": "日结",
             "headcount": 3, "county": "沭阳县", "township": "胡集镇", "address": "胡集镇花木大道8号",
             "category": "农忙采收"} for n, title in ((1, "苗木装车工"), (2, "苗圃除草工"))]
    assert [r.outcome for r in ingest_items(source=agency, items=rows)] == ["held", "held"]
    assert not Job.objects.filter(employer=employer).exists()

    page.goto("/accounts/login/")
    page.fill("#id_mobile", employer.owner.mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code(employer.owner.mobile))
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/accounts/me/")
    page.get_by_role("link", name="代发授权（2个岗位待确认）").click()
    page.wait_for_url("**/aggregation/authorizations/")
    assert page.get_by_test_id("pending-link").count() == 2
    _fits(page)
    assert _axe(browser, live_server, page) == []

    page.get_by_role("link", name="苗木装车工").click()
    assert "众联人力·政府购买服务" in page.inner_text("main") and "不会发布" in page.inner_text("main")
    _fits(page)
    assert _axe(browser, live_server, page) == []
    screenshot(page, "import-confirm-360")
    page.get_by_test_id("confirm-one").click()
    page.wait_for_url("**/aggregation/authorizations/")
    first = Job.objects.get(title="苗木装车工")
    assert first.employer == employer and first.status == "published"
    assert page.get_by_test_id("pending-link").count() == 1

    page.get_by_role("link", name="苗圃除草工").click()
    page.get_by_test_id("confirm-authorize").click()
    page.wait_for_url("**/aggregation/authorizations/")
    assert Job.objects.get(title="苗圃除草工").status == "published"
    assert page.get_by_test_id("pending-none").is_visible()
    assert "众联人力·政府购买服务" in page.get_by_test_id("authorization").inner_text()
    assert SourceAuthorization.objects.filter(source=agency, employer=employer, revoked_at__isnull=True,
                                              via="employer").exists()
    assert not EmployerConfirmation.objects.filter(status="pending").exists()
    _fits(page)
    assert _axe(browser, live_server, page) == []

"""Issue #13 "Done when": an unpaid 日结 worker taps 「我要投诉/申请调解」, the 胡集镇 mediator accepts, records a
session, both parties sign the 调解协议书 by SMS code, its PDF verifies at /verify, the employer pays, the case
closes and the KPI page's mediation rate moves; a second case fails, is referred, closed by award, and the
arbitration closure rate counts it. Three phone-sized browsers (worker, employer, staff)."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import read_last_sms_code, screenshot

HUJI = "321322102"
PASSWORD = "Staff-pass-12345"
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def _axe(page) -> list[dict]:
    """Serious or critical axe-core violations on the current page."""
    page.add_script_tag(path=AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _login(page, mobile: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_mobile", mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/accounts/me/")


def _staff_login(page, username: str) -> None:
    page.goto("/accounts/staff-login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _sign(page, agreement_pk: int, mobile: str) -> None:
    page.goto(f"/agreements/{agreement_pk}/")
    page.click("button:has-text('获取签署验证码')")
    page.get_by_text("签署验证码已发送到").wait_for()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.check("#id_agree")
    page.click("button:has-text('确认签署')")


def _unpaid(worker, employer, title: str):
    from suzhaohuo.gigs import services as s
    from suzhaohuo.jobs.services import JobInput, job_create

    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=title, description="大棚葡萄采摘装箱，当天结算。", category_code="agri.harvest", pay_unit="day",
        settlement="daily", headcount=2, township_code=HUJI, address="胡集镇葡萄园", pay_min=Decimal("200"),
        start_date=timezone.localdate(), daily_hours=Decimal("8")))
    eng = s.engagement_apply(worker=worker, job=job, consent=True)
    s.engagement_accept(actor=employer.owner, engagement=eng)
    eng.refresh_from_db()
    s.engagement_on_agreement_signed(engagement=eng)
    code = s.checkin_code_issue(actor=employer.owner, job=job)
    s.engagement_checkin(actor=worker, engagement=eng, code=code.code)
    s.engagement_complete(actor=employer.owner, engagement=eng, hours="8")
    eng.refresh_from_db()
    return eng


def _apply(page, eng) -> str:
    page.goto(f"/gigs/e/{eng.pk}/")
    page.get_by_test_id("apply-mediation").click()
    page.fill("#id_claim_text", f"{eng.job.title}完工后约定当天结清200元，至今未付。")
    page.get_by_test_id("case-submit").click()
    page.wait_for_url("**/disputes/cases/*/")
    assert page.get_by_test_id("case-status").inner_text() == "已申请，待受理"
    return page.url


def _kpi(page, testid: str) -> str:
    page.goto("/disputes/kpi/")
    return page.get_by_test_id(testid).inner_text().strip()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_mediation_settles_and_is_paid_then_a_second_case_is_closed_by_award(
        browser, live_server, make_worker, make_employer, make_staff, settings, tmp_path):
    from suzhaohuo.agreements import signing
    from suzhaohuo.disputes.models import Case
    from suzhaohuo.disputes.services import organisation_create

    settings.SITE_URL = live_server.url
    organisation_create(actor=None, kind="mediation", name="胡集镇劳动争议调解委员会", region_code=HUJI)
    organisation_create(actor=None, kind="arbitration", name="沭阳县劳动人事争议仲裁院", region_code="321322")
    worker = make_worker(name="周桂兰")
    employer = make_employer(township="胡集镇", name="沭阳胡集葡萄合作社")
    mediator = make_staff(role="mediator", scope="胡集镇", username="huji_mediator", password=PASSWORD)
    make_staff(role="mediator", scope="颜集镇", username="yanji_mediator", password=PASSWORD)
    clerk = make_staff(role="arbitration_clerk", scope="沭阳县", username="shuyang_clerk", password=PASSWORD)
    eng1 = _unpaid(worker, employer, "葡萄采摘（日结）")

    def ctx():
        c = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                accept_downloads=True, bypass_csp=True)  # bypass only to inject axe-core
        p = c.new_page()
        p.set_default_timeout(15000)
        return c, p

    worker_ctx, page = ctx()
    boss_ctx, boss = ctx()
    staff_ctx, staff = ctx()
    try:
        # --- the worker taps 「我要投诉/申请调解」 on the unpaid engagement
        _login(page, worker.mobile)
        case_url = _apply(page, eng1)
        case1 = Case.objects.get(engagement=eng1)
        assert case1.region_code == HUJI

        # --- the 颜集镇 mediator does not see it; the 胡集镇 mediator does, and accepts
        _staff_login(staff, "yanji_mediator")
        staff.goto("/disputes/queue/")
        assert case1.number not in staff.get_by_test_id("case-queue").inner_text()
        staff_ctx.clear_cookies()
        _staff_login(staff, mediator.username)
        assert _kpi(staff, "mediation-rate") == "—"
        staff.goto("/disputes/queue/")
        staff.get_by_test_id("queue-case").filter(has_text=case1.number).get_by_role("link").first.click()
        staff.get_by_test_id("case-accept").click()
        assert staff.get_by_test_id("case-status").inner_text() == "调解中"
        assert staff.get_by_test_id("deadline").first.get_attribute("data-state") == "ok"
        staff.fill("#id_held_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
        staff.fill("#id_place", "胡集镇零工服务驿站调解室")
        staff.fill("#id_attendees", "申请人周桂兰、合作社负责人、调解员")
        staff.fill("#id_record", "用工方承认未付200元，同意7日内付清。")
        staff.get_by_test_id("session-save").click()
        assert "7日内付清" in staff.get_by_test_id("session").inner_text()
        staff.get_by_test_id("agreement-generate").click()
        link = staff.get_by_test_id("mediation-agreement")
        number = link.inner_text().strip()
        screenshot(staff, "disputes-case-mediator-360")
        case1.refresh_from_db()
        agreement = case1.mediation_agreement
        assert agreement is not None and agreement.number == number

        # --- both parties sign by SMS code; the PDF verifies at /verify
        page.goto(case_url)
        page.get_by_test_id("mediation-agreement").click()
        page.wait_for_url(f"**/agreements/{agreement.pk}/")
        assert "劳动争议调解协议书" in page.get_by_test_id("agreement-text").inner_text()
        _sign(page, agreement.pk, worker.mobile)
        page.get_by_text("正在等待对方签署").first.wait_for()
        _login(boss, employer.owner.mobile)
        _sign(boss, agreement.pk, employer.owner.mobile)
        assert boss.get_by_test_id("agreement-status").inner_text() == "已生效"
        page.goto(f"/agreements/{agreement.pk}/")
        with page.expect_download() as info:
            page.get_by_test_id("download-pdf").click()
        pdf = tmp_path / "mediation.pdf"
        info.value.save_as(pdf)
        agreement.refresh_from_db()
        assert signing.sha256_hex(pdf.read_bytes()) == agreement.pdf_sha256
        page.goto("/verify/")
        page.set_input_files("#id_file", str(pdf))
        page.click("button:has-text('核验文件')")
        assert page.get_by_test_id("verify-result").get_attribute("data-outcome") == "authentic"
        assert page.get_by_test_id("verify-kind").inner_text() == "调解协议书"
        page.goto(case_url)
        assert page.get_by_test_id("case-status").inner_text() == "调解成功，履行中"
        assert _kpi(staff, "mediation-rate") == "100%"  # mediation ended by agreement

        # --- the employer pays through the platform: the engagement's payment record and the case follow
        boss.goto(case_url)
        boss.get_by_test_id("employer-pay").click()
        assert boss.get_by_test_id("case-status").inner_text() == "已结案"
        eng1.refresh_from_db()
        assert eng1.status == "paid" and eng1.pay_amount == Decimal("200.00")
        page.goto(case_url)
        assert page.get_by_test_id("case-status").inner_text() == "已结案"
        screenshot(page, "disputes-case-closed-worker-360")

        # --- a second case fails mediation, is referred, and is closed by an award
        eng2 = _unpaid(worker, employer, "葡萄装箱（日结）")
        case2_url = _apply(page, eng2)
        staff.goto(case2_url)
        staff.get_by_test_id("case-accept").click()
        staff.get_by_text("调解不成：终结调解并引导仲裁").click()
        staff.select_option("#id_fail_reason", "respondent_refused")
        staff.fill("#id_fail_note", "用工方拒绝调解")
        staff.get_by_test_id("mediation-fail").click()
        assert staff.get_by_test_id("arbitration-status").inner_text() == "已引导申请仲裁"
        staff.get_by_test_id("referral-letter").click()
        letter = staff.get_by_test_id("printable").inner_text()
        assert "劳动争议仲裁引导函" in letter and "沭阳县劳动人事争议仲裁院" in letter
        assert _kpi(staff, "mediation-rate") == "50%"  # 1 settled of 2 mediations ended

        staff_ctx.clear_cookies()
        _staff_login(staff, clerk.username)
        staff.goto(case2_url)
        staff.get_by_test_id("arb-apply").click()
        staff.fill("#id_case_no", "沭劳人仲案字〔2026〕第88号")
        staff.get_by_test_id("arb-accept").click()
        assert staff.get_by_test_id("arbitration-status").inner_text() == "仲裁院已受理"
        assert _kpi(staff, "arbitration-rate") == "0%"
        staff.goto(case2_url)
        staff.select_option("#id_outcome", "award")
        staff.get_by_test_id("arb-close").click()
        assert staff.get_by_test_id("case-status").inner_text() == "已结案"
        assert staff.get_by_test_id("arbitration-outcome").inner_text().startswith("裁决")
        assert _kpi(staff, "arbitration-rate") == "100%"

        # --- elder mode: the worker's case page still works at 360 px
        page.context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])
        page.goto(case2_url)
        assert page.get_by_test_id("case-status").inner_text() == "已结案"
        screenshot(page, "disputes-case-elder-360")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert _axe(page) == []
        page.goto(f"/disputes/complaints/new/?job={eng2.job_id}")
        assert _axe(page) == []
        staff.goto("/disputes/queue/")
        assert _axe(staff) == []
        staff.goto(case2_url)
        assert _axe(staff) == []
    finally:
        worker_ctx.close()
        boss_ctx.close()
        staff_ctx.close()

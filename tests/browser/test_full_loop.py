"""The whole transaction in two phone-sized browsers (a worker and an employer, separate contexts):
post → apply → accept → both sign → check in → complete → record payment → worker confirms → both rate;
then the worker downloads the agreement PDF, verifies it on /verify, changes one byte and sees it fail.
A second test: a 日结 job left unpaid past its deadline shows up in 胡集镇's station queue, not 颜集镇's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import read_last_sms_code, screenshot

HUJI = "321322102"


def _login(page, mobile: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_mobile", mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/accounts/me/")


def _status(page) -> str:
    return page.get_by_test_id("engagement-status").inner_text()


def _sign(page, agreement_pk: int, mobile: str) -> None:
    page.goto(f"/agreements/{agreement_pk}/")
    page.click("button:has-text('获取签署验证码')")
    page.get_by_text("签署验证码已发送到").wait_for()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.check("#id_agree")
    page.click("button:has-text('确认签署')")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_and_employer_walk_the_whole_loop(page, browser, live_server, make_worker, make_employer, tmp_path):
    from suzhaohuo.agreements import signing
    from suzhaohuo.agreements.selectors import agreement_for_engagement
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.jobs.models import Job

    worker = make_worker(name="周桂兰")
    employer = make_employer(township="胡集镇", name="沭阳胡集葡萄合作社")
    boss_ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   base_url=live_server.url, accept_downloads=True)
    boss = boss_ctx.new_page()
    boss.set_default_timeout(15000)
    try:
        # --- the employer posts a job
        _login(boss, employer.owner.mobile)
        boss.goto("/jobs/new/")
        boss.fill("#id_title", "葡萄采摘工")
        boss.select_option("#id_category_code", "agri.harvest")
        boss.fill("#id_description", "在大棚内采摘葡萄并装箱，男女不限，当天结算。")
        boss.fill("#id_pay_min", "200")
        boss.select_option("#id_pay_unit", "day")
        boss.check("input[name=settlement][value=daily]")
        boss.fill("#id_headcount", "2")
        boss.fill("#id_start_date", timezone.localdate().isoformat())
        boss.fill("#id_daily_hours", "8")
        boss.select_option("#id_township_code", HUJI)
        boss.fill("#id_address", "胡集镇葡萄园3号棚")
        boss.get_by_role("button", name="提交发布").click()
        boss.wait_for_url("**/jobs/*/")
        job = Job.objects.get(title="葡萄采摘工")
        assert job.status == "published"

        # --- the worker finds it and applies with a message and the separate consent
        _login(page, worker.mobile)
        page.goto(f"/jobs/{job.pk}/")
        panel = page.get_by_test_id("job-panel")
        assert "已实名认证" in panel.inner_text() and "暂无付款记录" in panel.inner_text()
        screenshot(page, "gigs-job-panel-360")
        page.fill("#id_message", "有采摘经验，能连干三天")
        page.get_by_test_id("apply").click()
        assert "请勾选同意" in page.locator(".error-summary").inner_text()  # consent is required
        assert page.input_value("#id_message") == "有采摘经验，能连干三天"  # nothing typed is lost
        page.check("#id_consent")
        page.get_by_test_id("apply").click()
        page.wait_for_url("**/gigs/e/*/")
        eng = Engagement.objects.get(job=job, worker=worker)
        assert _status(page) == "已报名"

        # --- the employer sees the applicant with a masked mobile, accepts, and may now reveal it
        boss.goto(f"/gigs/employer/jobs/{job.pk}/")
        card = boss.get_by_test_id("applicant")
        assert worker.masked_mobile in card.inner_text() and worker.mobile not in boss.content()
        screenshot(boss, "gigs-applicants-360")
        card.get_by_test_id("accept").click()
        boss.wait_for_url(f"**/gigs/e/{eng.pk}/")
        assert _status(boss) == "已录用，待签协议"
        boss.get_by_test_id("reveal").click()
        assert boss.get_by_test_id("worker-mobile").inner_text() == worker.mobile

        # --- both sign the agreement with SMS codes (agreements app)
        agreement = agreement_for_engagement(eng)
        assert agreement is not None
        page.goto(f"/gigs/e/{eng.pk}/")
        page.get_by_test_id("agreement-link").click()
        page.wait_for_url(f"**/agreements/{agreement.pk}/")
        _sign(page, agreement.pk, worker.mobile)
        page.get_by_text("正在等待对方签署").first.wait_for()
        _sign(boss, agreement.pk, employer.owner.mobile)
        assert boss.get_by_test_id("agreement-status").inner_text() == "已生效"
        eng.refresh_from_db()
        assert eng.status == "signed"

        # --- check in with the 6-digit code the employer shows (a wrong code first)
        boss.goto(f"/gigs/e/{eng.pk}/")
        boss.get_by_test_id("show-checkin-code").click()
        code = boss.get_by_test_id("checkin-code").inner_text().strip()
        assert boss.locator(".qr svg").count() == 1
        screenshot(boss, "gigs-checkin-code-360")
        page.goto(f"/gigs/e/{eng.pk}/")
        page.fill("#id_checkin-code", "000000" if code != "000000" else "111111")
        page.get_by_test_id("act-checkin").click()
        assert "到岗码不对" in page.locator(".error-summary").inner_text()
        page.fill("#id_checkin-code", code)
        page.get_by_test_id("act-checkin").click()
        page.wait_for_url(f"**/gigs/e/{eng.pk}/")
        assert _status(page) == "已到岗"

        # --- the employer confirms completion with hours, then records the payment
        boss.goto(f"/gigs/e/{eng.pk}/")
        boss.fill("#id_complete-hours", "8")
        boss.get_by_test_id("act-complete").click()
        boss.wait_for_url(f"**/gigs/e/{eng.pk}/")
        assert _status(boss) == "已完工"
        boss.fill("#id_pay-amount", "200")
        boss.select_option("#id_pay-method", "wechat")
        boss.fill("#id_pay-paid_on", timezone.localdate().isoformat())
        boss.get_by_test_id("act-pay").click()
        boss.wait_for_url(f"**/gigs/e/{eng.pk}/")
        assert _status(boss) == "已付款"

        # --- the worker confirms receipt and rates; the employer rates back
        page.goto(f"/gigs/e/{eng.pk}/")
        assert "200" in page.get_by_test_id("payment").inner_text()
        page.get_by_test_id("act-confirm").click()
        page.wait_for_url(f"**/gigs/e/{eng.pk}/")
        assert _status(page) == "工人已确认收款"
        page.check("#id_rate-score_0")  # 5 stars
        page.fill("#id_rate-comment", "老板实在，当天结清")
        page.get_by_test_id("act-rate").click()
        page.wait_for_url(f"**/gigs/e/{eng.pk}/")
        boss.goto(f"/gigs/e/{eng.pk}/")
        boss.check("#id_rate-score_1")  # 4 stars
        boss.fill("#id_rate-comment", "干活认真")
        boss.get_by_test_id("act-rate").click()
        boss.wait_for_url(f"**/gigs/e/{eng.pk}/")
        assert _status(boss) == "已互评"
        eng.refresh_from_db()
        assert eng.status == "rated" and eng.ratings.count() == 2
        page.goto(f"/gigs/e/{eng.pk}/")
        screenshot(page, "gigs-engagement-rated-360")
        page.goto("/gigs/earnings/")
        assert page.get_by_test_id("earnings-total").inner_text().startswith("200")

        # --- the worker downloads the PDF and verifies it; one changed byte fails
        page.goto(f"/agreements/{agreement.pk}/")
        with page.expect_download() as info:
            page.get_by_test_id("download-pdf").click()
        pdf_path = tmp_path / "agreement.pdf"
        info.value.save_as(pdf_path)
        data = pdf_path.read_bytes()
        agreement.refresh_from_db()
        assert signing.sha256_hex(data) == agreement.pdf_sha256
        page.goto("/verify/")
        page.set_input_files("#id_file", str(pdf_path))
        page.click("button:has-text('核验文件')")
        assert page.get_by_test_id("verify-result").get_attribute("data-outcome") == "authentic"
        edited = bytearray(data)
        edited[len(edited) // 2] ^= 0x01
        edited_path = tmp_path / "edited.pdf"
        edited_path.write_bytes(bytes(edited))
        page.set_input_files("#id_file", str(edited_path))
        page.click("button:has-text('核验文件')")
        assert page.get_by_test_id("verify-result").get_attribute("data-outcome") == "changed"
    finally:
        boss_ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unpaid_daily_job_alerts_the_right_township_queue(page, make_worker, make_employer, make_staff):
    from decimal import Decimal

    from suzhaohuo.gigs import services as s
    from suzhaohuo.gigs.tasks import gigs_wage_alerts
    from suzhaohuo.jobs.services import JobInput, job_create

    employer = make_employer(township="胡集镇")
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="西瓜采收（日结）", description="大棚西瓜采收装车。", category_code="agri.harvest", pay_unit="day",
        settlement="daily", headcount=1, township_code=HUJI, address="胡集镇西瓜园", pay_min=Decimal("180"),
        start_date=timezone.localdate(), daily_hours=Decimal("8")))
    worker = make_worker()
    eng = s.engagement_apply(worker=worker, job=job, consent=True)
    s.engagement_accept(actor=employer.owner, engagement=eng)
    s.engagement_on_agreement_signed(engagement=eng)
    s.engagement_confirm_attendance(actor=employer.owner, engagement=eng)
    eng = s.engagement_complete(actor=employer.owner, engagement=eng, hours="8")
    gigs_wage_alerts.enqueue()
    assert not hasattr(eng, "wage_alert") or eng.wage_alert is None  # not due yet
    # the deadline (end of the next day) passes without a payment record
    assert s.wage_alerts_raise(now=eng.payment_due_at + timedelta(minutes=1)) == 1

    make_staff(scope="胡集镇", username="hujistaff")
    make_staff(scope="颜集镇", username="yanjistaff")
    for username, sees in (("hujistaff", True), ("yanjistaff", False)):
        page.context.clear_cookies()
        page.goto("/accounts/staff-login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "Staff-pass-12345")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/accounts/me/")
        page.goto("/gigs/staff/wage-alerts/")
        assert (page.get_by_test_id("wage-alert").count() == 1) is sees
        if sees:
            assert "西瓜采收（日结）" in page.get_by_test_id("wage-alert").inner_text()
            screenshot(page, "gigs-wage-alerts-360")
    # the worker was told how to seek mediation
    _login(page, worker.mobile)
    page.goto(f"/gigs/e/{eng.pk}/")
    assert "调解" in page.locator(".alert-box").inner_text()

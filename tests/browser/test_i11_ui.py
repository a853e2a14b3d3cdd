"""Issue #11 items 13 and 16 (and #18 item 4's page) in Chromium at 360 px, each page checked with axe-core:
the job form fits the screen, round-trips its dates and leaves no draft per blocked submit; real-name
submission leads back to the job; staff pages say 「此页面仅供工作人员使用」; the code page offers
「重新获取验证码」 and says when the SMS was not delivered; /favicon.ico works; no page logs a CSP error."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import screenshot, township_code, valid_id_number
from tests.browser.i11ui_helpers import axe, fits_360, login_as, phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _job(employer, **extra):
    from suzhaohuo.jobs.services import JobInput, job_create

    return job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="葡萄采摘", description="在大棚内采摘葡萄并装箱，男女不限。", category_code="agri.harvest",
        pay_unit="day", settlement="daily", headcount=3, township_code=township_code("胡集镇"),
        address="胡集镇葡萄园", pay_min=Decimal("200"), daily_hours=Decimal("8"), **extra))


def test_job_form_fits_round_trips_dates_and_leaves_no_draft(browser, live_server, make_employer):
    from suzhaohuo.jobs.models import Job

    employer = make_employer(township="胡集镇")
    ctx, page, csp = phone(browser, live_server.url)
    login_as(page, employer.owner, live_server.url)

    page.goto("/jobs/new/")
    assert fits_360(page), page.evaluate("document.documentElement.scrollWidth")
    assert axe(page) == []
    page.fill("#id_title", "搬运工")
    page.select_option("#id_category_code", "moving.loading")
    page.fill("#id_description", "招聘搬运工，限男性，需交押金200元")
    page.fill("#id_pay_min", "220")
    page.fill("#id_headcount", "3")
    page.select_option("#id_township_code", township_code("胡集镇"))
    page.fill("#id_address", "胡集镇物流园2号库")
    for _attempt in range(2):
        page.get_by_role("button", name="提交发布").click()
        page.wait_for_load_state()
        assert page.url.endswith("/jobs/new/") and page.get_by_test_id("screening-summary").is_visible()
        assert page.input_value("#id_description") == "招聘搬运工，限男性，需交押金200元"
    assert not Job.objects.exists()
    assert fits_360(page)
    screenshot(page, "i11-job-new-blocked")

    start = timezone.localdate() + timedelta(days=5)
    valid_until = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=25),
                                                       datetime.min.time().replace(hour=9)))
    job = _job(employer, start_date=start, end_date=start + timedelta(days=2), valid_until=valid_until)
    page.goto(f"/jobs/{job.pk}/edit/")
    assert page.input_value("#id_start_date") == start.isoformat()
    assert page.input_value("#id_end_date") == (start + timedelta(days=2)).isoformat()
    assert page.input_value("#id_valid_until") == timezone.localtime(valid_until).date().isoformat()
    assert fits_360(page) and axe(page) == []
    screenshot(page, "i11-job-edit-dates")
    page.fill("#id_title", "葡萄采摘（周末）")
    page.get_by_role("button", name="提交发布").click()
    page.wait_for_url(f"**/jobs/{job.pk}/")
    job.refresh_from_db()
    assert job.title == "葡萄采摘（周末）" and job.valid_until == valid_until and job.start_date == start
    assert csp == []
    ctx.close()


def test_realname_leads_back_to_the_job_and_staff_pages_say_so(browser, live_server, make_worker, make_employer):
    job = _job(make_employer(township="胡集镇"))
    worker = make_worker(verified=False)
    ctx, page, csp = phone(browser, live_server.url)
    login_as(page, worker, live_server.url)

    page.goto(f"/jobs/{job.pk}/")
    page.get_by_test_id("realname-link").click()
    page.wait_for_url(lambda url: "/identity/realname/" in url and f"next=/jobs/{job.pk}/" in url)
    page.fill("#id_real_name", "周桂兰")
    page.fill("#id_id_number", valid_id_number(321))
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(lambda url: "/identity/realname/done/" in url)
    assert fits_360(page) and axe(page) == []
    screenshot(page, "i11-realname-done-back-to-job")
    page.get_by_test_id("back-to-job").click()
    page.wait_for_url(f"**/jobs/{job.pk}/")

    page.goto("/jobs/review/")
    assert page.get_by_test_id("forbidden").inner_text() == "此页面仅供工作人员使用"
    assert "岗位已结束" not in page.content()
    assert fits_360(page) and axe(page) == []
    screenshot(page, "i11-staff-only")
    assert csp == []
    ctx.close()


def test_code_page_resend_and_undelivered_sms(browser, live_server, regions):
    from suzhaohuo.core.crypto import keyed_hash
    from suzhaohuo.core.models import SmsMessage, SmsOutbox

    mobile = "13512345670"
    ctx, page, csp = phone(browser, live_server.url)
    page.goto("/accounts/login/")
    page.fill("#id_mobile", mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url("**/accounts/login/code/")
    countdown = page.get_by_test_id("resend-countdown")
    assert "秒后可以重新获取" in countdown.inner_text()
    assert page.get_by_test_id("resend").is_disabled()  # JS waits the interval out; the server says so too
    first = int(countdown.get_attribute("data-countdown"))
    page.wait_for_function(f"!document.querySelector('[data-testid=resend-countdown]').textContent"
                           f".includes('{first}秒')", timeout=5000)  # the text counts down
    assert fits_360(page) and axe(page) == []
    screenshot(page, "i11-code-page-resend")

    SmsMessage.objects.create(mobile=mobile, mobile_hash=keyed_hash(mobile), purpose="otp_login", text="x",
                              provider="fake", state=SmsMessage.State.FAILED, last_error="undeliverable")
    page.reload()
    problem = page.get_by_test_id("sms-problem")
    assert "没有送达" in problem.inner_text()
    assert page.get_by_test_id("station-finder").get_attribute("href") == "/carriers/"
    assert axe(page) == []
    screenshot(page, "i11-code-page-undelivered")
    assert SmsOutbox.objects.filter(mobile=mobile).count() == 1
    assert csp == []
    ctx.close()


def test_no_csp_errors_and_favicon(browser, live_server, make_worker, make_employer):
    job = _job(make_employer(township="胡集镇"))
    ctx, page, csp = phone(browser, live_server.url, bypass_csp=False)  # the real policy
    resp = page.goto("/favicon.ico")
    assert resp is not None and resp.ok and "svg" in resp.headers.get("content-type", "")
    for path in ("/", "/accounts/login/", f"/jobs/{job.pk}/", "/search/?q=%E9%87%87%E6%91%98", "/carriers/"):
        page.goto(path, wait_until="load")
    login_as(page, make_worker(), live_server.url)
    for path in ("/accounts/me/", f"/jobs/{job.pk}/", "/gigs/", "/jobs/review/"):
        page.goto(path, wait_until="load")
    page.wait_for_timeout(300)
    assert csp == [], csp
    ctx.close()

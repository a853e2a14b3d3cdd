"""Issue #11 items 12 and 14 in a 360 px browser: withdrawing asks for a confirmation and the worker can apply
again while the job is open; the payment and check-in forms label required fields without 「（选填）」."""

from __future__ import annotations

import pytest

from conftest import screenshot
from tests.browser.i11ui_helpers import axe, fits_360, login_as, phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_withdraw_is_confirmed_and_the_worker_can_apply_again(browser, live_server, make_worker, make_job):
    from suzhaohuo.gigs.models import Engagement

    worker, job = make_worker(), make_job()
    ctx, page, csp = phone(browser, live_server.url)
    login_as(page, worker, live_server.url)
    page.goto(f"/jobs/{job.pk}/")
    page.check("input[name=consent]")
    page.get_by_test_id("apply").click()
    page.wait_for_url("**/gigs/e/*/")
    eng = Engagement.objects.get(worker=worker, job=job)
    assert page.inner_text("[data-testid=engagement-status]") == "已报名"

    # one tap does not withdraw: the confirmation box must be ticked, the status stays
    page.get_by_test_id("act-withdraw").click()
    page.wait_for_load_state()
    assert "请勾选" in page.inner_text("main")
    eng.refresh_from_db()
    assert eng.status == "applied"
    assert fits_360(page) and axe(page) == []
    screenshot(page, "i11-withdraw-confirm")
    page.get_by_label("我确定撤回这次报名", exact=False).check()
    page.get_by_test_id("act-withdraw").click()
    page.wait_for_load_state()
    eng.refresh_from_db()
    assert eng.status == "withdrawn"

    # the job page no longer says 已报名; the worker applies again, the same record goes on
    page.goto(f"/jobs/{job.pk}/")
    assert page.get_by_test_id("withdrawn-status").is_visible()
    assert page.get_by_test_id("applied-status").count() == 0
    page.check("input[name=consent]")
    page.get_by_test_id("apply").click()
    page.wait_for_url("**/gigs/e/*/")
    eng.refresh_from_db()
    assert eng.status == "applied" and Engagement.objects.filter(worker=worker, job=job).count() == 1
    assert csp == []
    ctx.close()


def test_required_fields_are_not_labelled_optional_on_the_engagement_page(browser, live_server, make_worker,
                                                                         make_job, advance):
    from suzhaohuo.gigs import services as s

    worker, job = make_worker(), make_job()
    completed = advance(s.engagement_apply(worker=worker, job=job, consent=True), to="completed")
    signed = advance(s.engagement_apply(worker=make_worker(), job=job, consent=True), to="signed")
    ctx, page, csp = phone(browser, live_server.url)

    login_as(page, job.employer.owner, live_server.url)
    page.goto(f"/gigs/e/{completed.pk}/")
    pay = page.locator("section.action", has=page.get_by_test_id("act-pay"))
    assert "选填" not in pay.locator("label[for=id_pay-amount]").inner_text()
    assert "选填" not in pay.locator("label[for=id_pay-method]").inner_text()
    assert "选填" in pay.locator("label[for=id_pay-paid_on]").inner_text()  # empty = today
    assert fits_360(page) and axe(page) == []
    screenshot(page, "i11-pay-labels")
    page.goto(f"/gigs/e/{signed.pk}/")
    no_show = page.locator("section.action", has=page.get_by_test_id("act-no_show"))
    assert "选填" not in no_show.inner_text()
    cancel = page.locator("section.action", has=page.get_by_test_id("act-cancel"))
    assert "选填" not in cancel.inner_text()

    page.context.clear_cookies()
    login_as(page, signed.worker, live_server.url)
    page.goto(f"/gigs/e/{signed.pk}/")
    assert "选填" not in page.locator("label[for=id_checkin-code]").inner_text()
    assert axe(page) == [] and csp == []
    ctx.close()

"""New-user walk at 360 px (issue #11): one-tap actions that cannot be undone ask first (without JavaScript: a
<details> step or a confirmation panel), the station's callback queue has an action, and the walk-in dispute form
shows every error at once. Screenshots in test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from conftest import screenshot
from tests.browser.test_accessibility import AXE, _audit, _login

HUJI = "321322102"


@pytest.fixture
def page(browser, live_server):
    """A 360 px page; bypass_csp only so axe-core can be injected (the pages' own CSP is unchanged)."""
    import os

    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers`")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _job(employer, title="大棚西红柿采摘"):
    from django.utils import timezone

    from suzhaohuo.jobs.services import JobInput, job_create

    start = timezone.localdate() + timedelta(days=2)
    return job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=title, description="在大棚里采摘西红柿并装箱，包午饭。", category_code="agri.harvest",
        pay_unit="day", settlement="daily", headcount=3, township_code=HUJI, address="胡集镇东村大棚",
        pay_min=Decimal("160"), pay_max=Decimal("180"), start_date=start, end_date=start, daily_hours=Decimal("8")))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_employer_is_asked_before_declining_and_closing(page, live_server, make_employer, make_worker):
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.gigs.services import engagement_apply
    from suzhaohuo.jobs.models import Job

    employer = make_employer(township="胡集镇", name="胡集镇果蔬专业合作社")
    job = _job(employer)
    eng = engagement_apply(worker=make_worker(township="胡集镇", name="钱大妈"), job=job, consent=True)
    _login(page, employer.owner, live_server.url)

    page.goto(f"/gigs/employer/jobs/{job.pk}/")
    step = page.get_by_test_id("decline")
    step.locator("summary").click()  # the first tap only opens the step …
    assert "不能撤销" in step.inner_text() and step.get_by_role("button", name="确认不录用").is_visible()
    screenshot(page, "i11-decline-confirm-360")
    assert Engagement.objects.get(pk=eng.pk).status == "applied"  # … nothing happened yet
    step.get_by_role("button", name="确认不录用").click()
    page.wait_for_url(f"**/gigs/e/{eng.pk}/")
    assert Engagement.objects.get(pk=eng.pk).status == "declined"

    page.goto(f"/jobs/{job.pk}/")
    close = page.get_by_test_id("close-job")
    assert not close.get_by_role("button", name="确认关闭").is_visible()
    close.locator("summary").click()
    assert "关闭不能撤销" in close.inner_text()
    close.locator("textarea").fill("人已招满")
    screenshot(page, "i11-close-job-confirm-360")
    bad, _size = _audit(page, f"/jobs/{job.pk}/")
    assert not bad, bad
    close = page.get_by_test_id("close-job")
    close.locator("summary").click()
    close.locator("textarea").fill("人已招满")
    close.get_by_role("button", name="确认关闭").click()
    page.wait_for_url("**/jobs/mine/")
    job.refresh_from_db()
    assert job.status == "closed" and job.status_changes.order_by("-pk").first().reason == "人已招满"
    assert Job.objects.filter(pk=job.pk, status="closed").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_station_confirms_a_push_and_records_a_callback(page, live_server, make_staff, make_employer, make_worker):
    from suzhaohuo.carriers.models import PushRecord
    from suzhaohuo.carriers.services import CarrierInput, carrier_create
    from suzhaohuo.core.models import PiiAccessLog
    from suzhaohuo.phone.models import CallbackRequest

    staff = make_staff(scope="胡集镇", username="huji_walk")
    carrier_create(actor=None, staff=[staff], data=CarrierInput(
        kind="station", name="胡集镇零工服务驿站", region_code=HUJI, address="胡集镇党群服务中心一楼",
        lat=34.13, lng=118.77, services=["registration", "matching"]))
    job = _job(make_employer(township="胡集镇", name="胡集镇果蔬专业合作社"))
    caller = make_worker(township="胡集镇", name="孙大娘")
    cb = CallbackRequest.objects.create(user=caller, township_code=HUJI, reason="语音菜单按0")
    _login(page, staff, live_server.url)

    page.goto("/carriers/console/push/")
    page.check(f"input[name=jobs][value='{job.pk}']")
    page.get_by_role("button", name="推送所选岗位").click()
    panel = page.get_by_test_id("push-confirm")
    assert "推送发出后不能撤回" in panel.inner_text() and job.title in panel.inner_text()
    assert not PushRecord.objects.exists()
    screenshot(page, "i11-push-confirm-360")
    panel.get_by_role("button", name="确认推送").click()
    assert page.locator("#push-result").is_visible()

    page.goto("/phone/station/")
    item = page.get_by_test_id("callback")
    assert caller.masked_mobile in item.inner_text() and caller.mobile not in page.content()
    item.get_by_test_id("callback-reveal").click()
    assert page.get_by_test_id("callback-number").inner_text() == caller.mobile
    assert PiiAccessLog.objects.filter(actor=staff, subject=caller).exists()
    item = page.get_by_test_id("callback")
    item.get_by_label("已回电").check()
    item.locator("input[name$=note]").fill("已回电，约定明天到站登记")
    screenshot(page, "i11-callback-360")
    bad, _size = _audit(page, "/phone/station/")
    assert not bad, bad
    item = page.get_by_test_id("callback")
    item.get_by_label("已回电").check()
    item.locator("input[name$=note]").fill("已回电，约定明天到站登记")
    item.get_by_role("button", name="记录回电结果").click()
    assert "已记录回电结果" in page.inner_text(".messages")
    cb.refresh_from_db()
    assert (cb.outcome, cb.note, cb.handled_by_id) == ("called_back", "已回电，约定明天到站登记", staff.pk)
    assert "没有待回电的村民" in page.content() and "已回电：已回电，约定明天到站登记" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_confirms_before_withdrawing_assistance(page, live_server, make_staff, make_worker):
    from suzhaohuo.assistance.models import DifficultyPerson
    from suzhaohuo.assistance.services import categories_load, person_identify

    categories_load()
    worker = make_worker(township="胡集镇", name="李桂英")
    person = person_identify(actor=make_staff(scope="沭阳县", username="shuyang_walk"), user=worker,
                             category_code="long_term_unemployed", consent=True, consent_note="本人签字确认",
                             evidence="失业登记证 3213220001")
    _login(page, worker, live_server.url)
    page.goto("/assistance/mine/")
    step = page.get_by_test_id("withdraw-assistance")
    step.locator("summary").click()
    assert "不能恢复" in step.inner_text()
    screenshot(page, "i11-assistance-withdraw-confirm-360")
    assert DifficultyPerson.objects.get(pk=person.pk).status == "identified"
    step.locator("textarea").fill("已找到工作")
    step.get_by_role("button", name="确认撤回").click()
    page.wait_for_url("**/assistance/mine/")
    person.refresh_from_db()
    assert person.status == "withdrawn" and person.end_reason == "已找到工作"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_walk_in_dispute_form_shows_every_error_at_once(page, live_server, make_staff):
    from suzhaohuo.disputes.services import organisation_create

    organisation_create(actor=None, kind="mediation", name="胡集镇劳动争议调解委员会", region_code=HUJI)
    _login(page, make_staff(scope="胡集镇", username="huji_desk"), live_server.url)
    page.goto("/disputes/walk-in/")
    page.fill("#id_claim_amount", "六百")
    page.get_by_role("button", name="登记").click()
    summary = page.locator(".error-summary")
    assert summary.locator("li").count() == 5, summary.inner_text()  # name, employer, amount, reason, consent
    assert page.locator(".field-error").count() == 5 and page.input_value("#id_claim_amount") == "六百"
    screenshot(page, "i11-walk-in-errors-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

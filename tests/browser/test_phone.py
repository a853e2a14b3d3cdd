"""Work without a smartphone: the agreement is read aloud from offline audio that plays in the browser, and
station staff show a resident the SMS and voice menus and see the conversation (360 px, axe-core)."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import screenshot
from tests.browser.test_accessibility import AXE, _audit, _login


@pytest.fixture
def accepted(make_worker, make_employer, make_staff):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from suzhaohuo.gigs.services import engagement_accept, engagement_apply
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.regions.models import Region

    employer = make_employer(township="胡集镇", name="胡集镇果蔬专业合作社")
    code = Region.objects.get(name="胡集镇", level="township").code
    start = timezone.localdate() + timedelta(days=1)
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="大棚西红柿采摘", description="在大棚里采摘西红柿并装箱，包午饭。", category_code="agri.harvest",
        pay_unit="day", settlement="daily", headcount=3, township_code=code, address="胡集镇东村大棚",
        pay_min=Decimal("160"), pay_max=Decimal("180"), start_date=start, end_date=start, daily_hours=Decimal("8")))
    worker = make_worker(township="胡集镇", name="钱大妈")
    eng = engagement_apply(worker=worker, job=job, consent=True)
    engagement_accept(actor=employer.owner, engagement=eng)
    return worker, job, eng, make_staff(scope="胡集镇", username="huji_phone")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agreement_read_aloud_plays_from_offline_audio(page, live_server, accepted):
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng missing: run `make browsers`")
    from suzhaohuo.agreements.selectors import agreement_for_engagement

    worker, job, eng, _staff = accepted
    agreement = agreement_for_engagement(eng)
    _login(page, worker, live_server.url)
    page.goto(f"/agreements/{agreement.pk}/")
    audio = page.get_by_test_id("read-aloud-audio")
    assert audio.is_visible()
    duration = page.evaluate("""async () => {
        const a = document.querySelector('[data-testid=read-aloud-audio]');
        a.preload = 'auto';
        const loaded = new Promise((ok, bad) => { a.addEventListener('loadedmetadata', ok, {once: true});
                                                  a.addEventListener('error', () => bad(a.error && a.error.code)); });
        a.load();
        await loaded;
        return a.duration;
    }""")
    assert duration > 5  # the whole agreement, spoken
    screenshot(page, "phone-agreement-read-aloud-360")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_station_staff_show_the_sms_and_voice_menus(browser, live_server, accepted):
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers`")
    worker, job, eng, staff = accepted
    # bypass_csp only so the audit script can be injected; the page's own CSP is unchanged
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, staff, live_server.url)
    page.goto("/accounts/me/")
    page.get_by_role("link", name="短信与电话服务").click()
    page.fill("#mobile", worker.mobile)
    page.get_by_role("button", name="查看记录").click()
    page.fill("#sms", "帮助")
    page.get_by_role("button", name="发送").click()
    assert "找活" in page.get_by_test_id("sms-reply").inner_text()
    page.get_by_role("button", name="开始通话（已征得村民同意）").click()
    assert "按1" in page.get_by_test_id("voice-say").inner_text()
    page.fill("#digits", "3")
    page.get_by_role("button", name="按键").click()
    assert "工钱" in page.get_by_test_id("voice-say").inner_text() or "结算" in page.get_by_test_id(
        "voice-say").inner_text()
    lines = page.get_by_test_id("conversation").inner_text()
    assert "帮助" in lines and "短信" in lines and "电话" in lines
    screenshot(page, "phone-station-360")
    bad, _size = _audit(page, f"/phone/station/?mobile={worker.mobile}")
    context.close()
    assert bad == [], bad

"""Issue #16 in the browser (phone width):
1. an employer posts a 搬运 job with accident cover; the accepted worker sees the policy number on the engagement
   and on the agreement, reports an injury in one tap, and the claim is tracked to the insurer's decision;
2. station staff identify a resident as an employment-difficulty person with consent, place her on a
   public-welfare post, record a month of attendance and export it to Excel."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import screenshot

HUJI = "321322102"
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def _context(browser, live_server, user):
    from django.test import Client

    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                              accept_downloads=True, bypass_csp=True)
    client = Client()
    client.force_login(user, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    ctx.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = ctx.new_page()
    page.set_default_timeout(15000)
    return ctx, page


def _no_serious_axe_violations(page) -> None:
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers`")
    page.add_script_tag(path=AXE)
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.help)""")
    assert found == [], found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_accident_cover_policy_number_and_one_tap_claim(browser, live_server, make_worker, make_employer,
                                                       make_staff):
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.protection.models import Claim, Enrolment
    from suzhaohuo.protection.services import products_load

    products_load()
    employer = make_employer(township="胡集镇", name="胡集物流园仓储有限公司")
    worker = make_worker(name="周大山", birth="19680412")
    insurer = make_staff(role="insurer", scope="宿迁市", username="baoxian_t")
    contexts = []
    try:
        ctx, boss = _context(browser, live_server, employer.owner)
        contexts.append(ctx)
        # --- the employer posts a 搬运 job and chooses accident cover
        boss.goto("/jobs/new/")
        boss.fill("#id_title", "仓库搬运装卸工")
        boss.select_option("#id_category_code", "moving.loading")
        boss.fill("#id_description", "物流园仓库货物搬运、装车，需上下梯子，当天结算。")
        boss.select_option("#id_cover_code", "acc-daily")
        boss.fill("#id_pay_min", "220")
        boss.select_option("#id_pay_unit", "day")
        boss.check("input[name=settlement][value=daily]")
        boss.fill("#id_headcount", "2")
        boss.fill("#id_start_date", timezone.localdate().isoformat())
        boss.fill("#id_end_date", (timezone.localdate() + timedelta(days=1)).isoformat())
        boss.select_option("#id_township_code", HUJI)
        boss.fill("#id_address", "胡集镇物流园2号仓")
        boss.get_by_role("button", name="提交发布").click()
        boss.wait_for_url("**/jobs/*/")
        job = Job.objects.get(title="仓库搬运装卸工")
        assert job.status == "published" and job.cover_code == "acc-daily"
        assert "含意外险" in boss.get_by_test_id("job-cover").inner_text()

        # --- the worker applies; the employer accepts; enrolment happens on commit
        ctx, page = _context(browser, live_server, worker)
        contexts.append(ctx)
        page.goto(f"/jobs/{job.pk}/")
        assert "零工日保" in page.get_by_test_id("job-cover").inner_text()
        page.check("#id_consent")
        page.get_by_test_id("apply").click()
        page.wait_for_url("**/gigs/e/*/")
        eng = Engagement.objects.get(job=job, worker=worker)
        boss.goto(f"/gigs/employer/jobs/{job.pk}/")
        boss.get_by_test_id("applicant").get_by_test_id("accept").click()
        boss.wait_for_url(f"**/gigs/e/{eng.pk}/")
        enrolment = Enrolment.objects.get(engagement=eng)
        assert enrolment.status == "active" and enrolment.policy_number

        page.goto(f"/gigs/e/{eng.pk}/")
        assert page.get_by_test_id("policy-number").inner_text() == enrolment.policy_number
        assert page.get_by_test_id("cover-status").inner_text() == "已生效"
        screenshot(page, "protection-engagement-cover-360")
        _no_serious_axe_violations(page)
        page.get_by_test_id("agreement-link").click()
        page.wait_for_url("**/agreements/*/")
        assert page.get_by_test_id("agreement-policy-number").inner_text() == enrolment.policy_number
        assert "零工日保" in page.get_by_test_id("agreement-text").inner_text()  # the clause names the cover
        page.goto("/protection/mine/")
        assert page.get_by_test_id("my-policy-number").inner_text() == enrolment.policy_number

        # --- he falls from a ladder: one tap from the engagement, date and place already filled in
        page.goto(f"/gigs/e/{eng.pk}/")
        page.get_by_test_id("report-injury").click()
        page.wait_for_url("**/claim/")
        assert page.input_value("#id_incident_date") == timezone.localdate().isoformat()
        assert "物流园2号仓" in page.input_value("#id_place")
        page.get_by_test_id("submit-claim").click()  # nothing said yet: the form asks what happened
        assert "发生了什么" in page.locator(".error-summary").inner_text()
        page.fill("#id_description", "卸货时从梯子上摔下，左脚踝肿痛，已到镇卫生院。")
        page.get_by_test_id("submit-claim").click()
        page.wait_for_url("**/protection/claims/*/")
        claim = Claim.objects.get(enrolment=enrolment)
        assert page.get_by_test_id("claim-status").inner_text() == "保险机构已受理"
        assert page.get_by_test_id("insurer-reference").inner_text() == claim.insurer_reference
        screenshot(page, "protection-claim-360")
        _no_serious_axe_violations(page)

        # --- the insurer decides; the worker sees the decision
        ctx, ins = _context(browser, live_server, insurer)
        contexts.append(ctx)
        ins.goto("/protection/queue/")
        ins.get_by_test_id("queue-claim").first.get_by_role("link").click()
        ins.check("input[name=decision][value=approved]")
        ins.get_by_test_id("decide").click()
        assert "赔付金额" in ins.locator(".error-summary").inner_text()  # no amount yet
        ins.fill("#id_amount", "3260")
        ins.fill("#id_note", "医疗费用及误工补助")
        ins.get_by_test_id("decide").click()
        ins.get_by_test_id("claim-decision").wait_for()  # same URL after the redirect: wait for the result
        page.goto(f"/protection/claims/{claim.pk}/")
        assert page.get_by_test_id("claim-status").inner_text() == "已核定赔付"
        assert "3260" in page.get_by_test_id("claim-decision").inner_text()
        timeline = page.get_by_test_id("claim-timeline").inner_text()
        assert "已报案" in timeline and "保险机构已受理" in timeline and "已核定赔付" in timeline
    finally:
        for ctx in contexts:
            ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_station_identifies_a_difficulty_person_places_her_and_exports_attendance(browser, live_server,
                                                                                   make_worker, make_staff):
    from openpyxl import load_workbook

    from suzhaohuo.assistance.models import Attendance, DifficultyPerson, Placement
    from suzhaohuo.assistance.services import PostInput, categories_load, post_create

    categories_load()
    resident = make_worker(name="王秀兰", birth="19720305")
    staff = make_staff(scope="沭阳县", username="shuyang_t")
    post = post_create(actor=staff, data=PostInput(
        title="村级保洁员", unit_name="胡集镇人民政府", unit_kind="township", township_code=HUJI,
        duties="负责村内道路和公共区域保洁。", hours="每天 6:30-10:30", monthly_subsidy="2000", term_months=12, slots=2))
    ctx, page = _context(browser, live_server, staff)
    try:
        # --- identification: without consent it is refused and nothing is written
        page.goto("/assistance/identify/")
        page.fill("#id_mobile", resident.mobile)
        page.select_option("#id_category_code", "long_term_unemployed")
        page.fill("#id_evidence", "失业登记证 321322-2024-1102")
        page.fill("#id_circumstances", "失业14个月，照顾老人，只能在本镇上班")
        page.get_by_role("button", name="认定并建立台账").click()
        assert "本人同意" in page.locator(".error-summary").inner_text()
        assert page.input_value("#id_evidence") == "失业登记证 321322-2024-1102"  # nothing typed is lost
        assert not DifficultyPerson.objects.exists()
        page.check("#id_consent")
        page.get_by_role("button", name="认定并建立台账").click()
        page.wait_for_url("**/assistance/persons/*/")
        person = DifficultyPerson.objects.get(user=resident)
        assert page.get_by_test_id("person-category").inner_text() == "连续失业一年以上人员"
        assert "321322-2024-1102" not in page.content()  # evidence shown only on an explicit, logged reveal
        screenshot(page, "assistance-person-360")
        _no_serious_axe_violations(page)

        # --- placement on the public-welfare post (eligibility checked on the page)
        page.goto(f"/assistance/posts/{post.pk}/")
        page.get_by_test_id(f"place-{person.pk}").click()
        page.wait_for_url("**/assistance/placements/*/")
        placement = Placement.objects.get(person=person)
        assert page.get_by_test_id("placement-agreement").inner_text() == placement.agreement_number

        # --- a month of attendance (last month; the placement started then)
        from suzhaohuo.assistance.models import Placement as P

        last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
        P.objects.filter(pk=placement.pk).update(start_date=last_month)
        page.reload()
        page.fill("#id_month", last_month.strftime("%Y-%m"))
        page.fill("#id_days_scheduled", "22")
        page.fill("#id_days_present", "23")
        page.get_by_test_id("record-attendance").click()
        assert "实出勤天数" in page.locator(".error-summary").inner_text()
        page.fill("#id_days_present", "21")
        page.get_by_test_id("record-attendance").click()
        page.get_by_test_id("attendance").wait_for()
        assert "1909.09" in page.get_by_test_id("attendance").inner_text()
        assert Attendance.objects.get(placement=placement).days_present == 21
        screenshot(page, "assistance-placement-360")
        with page.expect_download() as dl:
            page.get_by_test_id("export-attendance").click()
        rows = list(load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).active.iter_rows(values_only=True))
        assert rows[1][0] == last_month.strftime("%Y-%m") and rows[1][4] == "王秀兰"
        assert rows[1][7:11] == (22, 21, 2000.0, 1909.09)
    finally:
        ctx.close()

"""Skills training to certification in phone-sized browsers (issue 15, "Done when"):
a worker sees on a 家政 job that a course at her township's station would qualify her, enrols, attends both
sessions by scanning the teacher's QR, the provider records the pass, the certificate PDF verifies at /verify,
the training KPI moves by one; after seeded completed and rated engagements the nightly task grants 金牌家政,
the employer sees the badge on her application, and an upheld complaint revokes it with a notice."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from conftest import read_last_sms_code, screenshot

HUJI = "321322102"
PASSWORD = "Provider-pass-123"


def _login(page, mobile: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_mobile", mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/accounts/me/")


def _kpi_completed(regulator) -> int:
    c = Client()
    c.force_login(regulator)
    return c.get("/api/v1/kpi/training", {"region": "321322"}).json()["completed"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_trains_is_certified_and_loses_the_badge_on_an_upheld_complaint(
        page, browser, live_server, make_worker, make_employer, make_staff, tmp_path):
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.carriers.services import CarrierInput, carrier_create
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.kernel import events
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.training.models import BadgeGrant, Certificate, Enrolment
    from suzhaohuo.training.seeding import (
        completed_engagements,
        course_with_sessions,
        sessions_now,
        verified_provider,
    )
    from suzhaohuo.training.tasks import training_badges_nightly

    # --- the world: 胡集镇's station, a verified provider with a 家政 course there, a 家政 job, a regulator
    station = carrier_create(actor=None, data=CarrierInput(kind="station", name="胡集镇零工服务驿站", region_code=HUJI,
                                                           address="胡集镇党群服务中心", lat=34.12, lng=118.78))
    owner = staff_create(actor=None, username="qiaoshou", password=PASSWORD, role="training_provider",
                         scope_region_code=HUJI, display_name="巧手培训 小沈")
    provider = verified_provider(owner=owner, staff=make_staff(scope="胡集镇"), township_code=HUJI)
    course = course_with_sessions(provider=provider, township_code=HUJI, carrier_id=station.pk)
    employer = make_employer(township="胡集镇", name="胡集幸福家政服务部")
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="住家保姆（照顾老人）", description="照顾老人起居，做饭打扫，月休4天。", category_code="domestic.housekeeping",
        pay_unit="day", settlement="monthly", headcount=1, township_code=HUJI, address="胡集镇幸福小区",
        pay_min=Decimal("180"), start_date=timezone.localdate() + timedelta(days=10)))
    worker = make_worker(name="周桂兰", township="胡集镇")
    regulator = make_staff(role="regulator", scope="宿迁市")
    kpi_before = _kpi_completed(regulator)

    # --- she sees on the 家政 job that a course at her township's station would open up more such jobs
    _login(page, worker.mobile)
    page.goto(f"/jobs/{job.pk}/")
    slot = page.get_by_test_id("job-training")
    assert "学这门课，能报更多这类岗位" in slot.inner_text() and "附近现在有1个家政岗位在招" in slot.inner_text()
    assert "就在你的乡镇" in slot.inner_text()
    screenshot(page, "training-job-slot-360")
    slot.get_by_role("link", name="家政服务员（专项能力）").click()
    page.wait_for_url(f"**/training/courses/{course.pk}/*")
    assert "胡集镇零工服务驿站" in page.get_by_test_id("course-detail").inner_text()
    page.get_by_test_id("enrol").click()
    page.wait_for_url(f"**/training/courses/{course.pk}/")
    assert page.get_by_test_id("enrolment-status").inner_text() == "已报名"
    enrolment = Enrolment.objects.get(course=course, worker=worker)
    assert (enrolment.channel, enrolment.via_job_id) == ("job_page", job.pk)

    # --- class days come (time travel); the teacher shows each session's QR and she scans it
    sessions_now(course)
    teacher_ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                      base_url=live_server.url)
    teacher = teacher_ctx.new_page()
    teacher.set_default_timeout(15000)
    try:
        teacher.goto("/accounts/staff-login/")
        teacher.fill("#id_username", owner.username)
        teacher.fill("#id_password", PASSWORD)
        teacher.get_by_role("button", name="登录").click()
        teacher.goto(f"/training/provider/courses/{course.pk}/")
        for i in range(2):
            teacher.get_by_test_id("session-code-link").nth(i).click()
            assert teacher.locator(".qr svg").count() == 1
            qr_url = teacher.get_by_test_id("session-url").inner_text().strip()
            if i == 0:
                screenshot(teacher, "training-session-qr-360")
            page.goto(qr_url)
            page.get_by_test_id("confirm-checkin").click()
            page.wait_for_url(f"**/training/courses/{course.pk}/")
            assert page.get_by_test_id("attended").count() == i + 1
            teacher.go_back()
        # --- the provider records the pass
        teacher.goto(f"/training/provider/courses/{course.pk}/")
        student = teacher.get_by_test_id("student")
        assert "出勤 2/2" in student.inner_text()
        student.locator("select[name=result]").select_option("pass")
        student.locator("input[name=score]").fill("92")
        student.get_by_test_id("assess").click()
        teacher.wait_for_url(f"**/training/provider/courses/{course.pk}/")
        assert "已结业（合格）" in teacher.get_by_test_id("student").inner_text()
    finally:
        teacher_ctx.close()

    # --- her certificate PDF verifies at /verify; the KPI moved by one
    cert = Certificate.objects.get(enrolment=enrolment)
    page.goto("/training/me/")
    assert page.get_by_test_id("certificate-number").inner_text() == cert.number
    with page.expect_download() as dl:
        page.get_by_test_id("certificate-pdf").click()
    pdf_path = tmp_path / "certificate.pdf"
    dl.value.save_as(pdf_path)
    assert pdf_path.read_bytes() == bytes(cert.pdf)
    page.goto("/verify/")
    page.set_input_files("#id_file", str(pdf_path))
    page.get_by_role("button", name="核验文件").click()
    verdict = page.get_by_test_id("verify-result")
    assert verdict.get_attribute("data-outcome") == "authentic"
    assert cert.number in verdict.inner_text() and "周**" in verdict.inner_text()
    screenshot(page, "training-certificate-verified-360")
    assert _kpi_completed(regulator) == kpi_before + 1

    # --- seeded completed, rated 家政 engagements; the nightly task grants 金牌家政
    other = make_employer(township="胡集镇", name="胡集家家乐保洁服务部")
    completed_engagements(worker=worker, employer=other, n=5)
    training_badges_nightly.enqueue()
    assert BadgeGrant.objects.get(worker=worker, badge="gold_domestic").status == "active"
    page.goto("/training/me/")
    assert page.get_by_test_id("badge-gold_domestic").get_by_test_id("badge-status").inner_text() == "有效"

    # --- she applies to the 家政 job; the employer sees the badge on her application
    page.goto(f"/jobs/{job.pk}/")
    page.check("#id_consent")
    page.get_by_test_id("apply").click()
    page.wait_for_url("**/gigs/e/*/")
    boss_ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url)
    boss = boss_ctx.new_page()
    boss.set_default_timeout(15000)
    try:
        _login(boss, employer.owner.mobile)
        boss.goto(f"/gigs/employer/jobs/{job.pk}/")
        assert "技能认证 金牌家政" in boss.get_by_test_id("applicant").inner_text()
        screenshot(boss, "training-badge-on-application-360")

        # --- an upheld complaint about her revokes the badge at once, with a notice
        events.emit("complaint.upheld", complaint_id="TS-2026-0001", category="service", job_id=job.pk,
                     employer_id=employer.pk, worker_user_id=worker.pk)
        boss.reload()
        assert "技能认证 暂无" in boss.get_by_test_id("applicant").inner_text()
    finally:
        boss_ctx.close()
    grant = BadgeGrant.objects.get(worker=worker, badge="gold_domestic")
    assert grant.status == "revoked"
    note = Notification.objects.get(user=worker, title="「金牌家政」认证已撤销")
    assert "TS-2026-0001" in note.body
    page.goto("/training/me/")
    card = page.get_by_test_id("badge-gold_domestic")
    assert card.get_by_test_id("badge-status").inner_text() == "已撤销"
    assert "投诉（编号TS-2026-0001）经核实成立" in card.get_by_test_id("badge-reason").inner_text()

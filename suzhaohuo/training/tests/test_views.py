"""Pages and API: what each role sees, the exact API shapes, and errors in the envelope."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from suzhaohuo.training import services
from suzhaohuo.training.models import Enrolment
from suzhaohuo.training.seeding import attend_all, sessions_now

pytestmark = pytest.mark.django_db
HUJI = "321322102"


def _job(employer, title="住家保姆"):
    from suzhaohuo.jobs.services import JobInput, job_create

    return job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=title, description="照顾老人起居，做饭打扫。", category_code="domestic.housekeeping", pay_unit="day",
        settlement="monthly", headcount=1, township_code=employer.township_id, address="胡集镇", pay_min=Decimal("180"),
        start_date=timezone.localdate() + timedelta(days=2)))


def test_public_course_api_shape_and_filters(client, make_course):
    course = make_course()
    make_course(title="外卖骑手安全", category_code="delivery.rider", township_code="321322116")
    r = client.get("/api/v1/training/courses", {"township": HUJI, "category": "domestic"})
    assert r.status_code == 200
    body = r.json()
    assert list(body) == ["results"] and len(body["results"]) == 1
    row = body["results"][0]
    assert set(row) == {"id", "title", "category_code", "provider", "township_code", "subsidy_eligible", "next_session"}
    assert (row["id"], row["category_code"], row["township_code"], row["subsidy_eligible"]) == (
        course.pk, "domestic.housekeeping", HUJI, True)
    assert row["next_session"] is not None


def test_worker_enrols_by_api_and_errors_use_the_envelope(client, make_course, make_worker):
    course = make_course()
    w = make_worker(name="周桂兰")
    client.force_login(w)
    r = client.post("/api/v1/training/enrolments", json.dumps({"course_id": course.pk}), content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "enrolled" and r.json()["sessions"] == 2
    r = client.post("/api/v1/training/enrolments", json.dumps({"course_id": course.pk}), content_type="application/json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_enrolled"
    r = client.post("/api/v1/training/enrolments", json.dumps({"course_id": 99999}), content_type="application/json")
    assert r.status_code == 404 and r.json()["error"]["field"] == "course_id"
    mine = client.get("/api/v1/me/training").json()["enrolments"]
    assert [(e["course_id"], e["status"]) for e in mine] == [(course.pk, "enrolled")]
    certs = client.get("/api/v1/me/certifications").json()
    gold = next(b for b in certs["badges"] if b["code"] == "gold_domestic")
    assert gold["met"] is False and gold["summary"].startswith("还差5单") and certs["certificates"] == []


def test_kpi_training_moves_by_one_and_is_for_kpi_viewers(client, make_course, make_worker, make_staff):
    course = make_course()
    regulator = make_staff(role="regulator", scope="宿迁市")
    client.force_login(regulator)
    before = client.get("/api/v1/kpi/training").json()
    w = make_worker()
    services.enrolment_create(worker=w, course=course)
    sessions_now(course)
    attend_all(course, w)
    services.enrolment_assess(actor=course.provider.owner, enrolment=Enrolment.objects.get(worker=w), result="pass")
    after = client.get("/api/v1/kpi/training", {"region": "321322"}).json()
    assert (after["enrolled"], after["completed"]) == (before["enrolled"] + 1, before["completed"] + 1)
    assert after["by_category"]["domestic"] == {"enrolled": 1, "completed": 1}
    assert set(after) >= {"enrolled", "completed", "certified", "subsidy_eligible", "by_category"}
    r = client.get("/api/v1/kpi/training", {"from": "2026-13-01"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "from"
    client.force_login(w)
    assert client.get("/api/v1/kpi/training").status_code == 403


def test_job_page_carries_the_course_slot_and_enrol_from_it(client, make_course, make_worker, make_employer):
    course = make_course()
    employer = make_employer(township="胡集镇")
    job = _job(employer)
    w = make_worker(name="周桂兰")
    client.force_login(w)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "学这门课，能报更多这类岗位" in page and "附近现在有1个家政岗位在招" in page
    assert f"/training/courses/{course.pk}/?via_job={job.pk}" in page
    r = client.post(f"/training/courses/{course.pk}/", {"action": "enrol", "via_job": job.pk})
    assert r.status_code == 302
    e = Enrolment.objects.get(worker=w)
    assert (e.channel, e.via_job_id) == ("job_page", job.pk)


def test_kiosk_and_board_show_the_station_course(client, make_course):
    from suzhaohuo.carriers.services import CarrierInput, carrier_create
    from suzhaohuo.regions.models import Region

    town = Region.objects.get(code=HUJI)
    carrier = carrier_create(actor=None, data=CarrierInput(
        kind="station", name="胡集镇零工服务驿站", region_code=HUJI, address="胡集镇党群服务中心",
        lat=town.lat or 34.2, lng=town.lng or 118.8))
    make_course(carrier_id=carrier.pk)
    page = client.get(f"/carriers/{carrier.pk}/kiosk/").content.decode()
    assert "本站技能培训" in page and "家政服务员（专项能力）" in page
    r = client.get(f"/carriers/{carrier.pk}/board.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")


def test_provider_staff_and_verify_pages(client, make_course, make_worker, make_staff):
    course = make_course()
    w = make_worker(name="周桂兰")
    services.enrolment_create(worker=w, course=course)
    sessions_now(course)
    attend_all(course, w)
    services.enrolment_assess(actor=course.provider.owner, enrolment=Enrolment.objects.get(worker=w), result="pass")
    cert = w.training_certificates.get()
    page = client.get("/verify/", {"no": cert.number}).content.decode()
    assert 'data-outcome="authentic"' in page and "培训合格证书" in page and "周**" in page
    client.force_login(course.provider.owner)
    assert "家政服务员" in client.get("/training/provider/").content.decode()
    page = client.get(f"/training/provider/courses/{course.pk}/").content.decode()
    assert "出勤 2/2" in page
    s = course.sessions.first()
    page = client.get(f"/training/provider/sessions/{s.pk}/code/").content.decode()
    assert "<svg" in page and "/training/checkin/" in page
    assert client.get("/training/provider/claims/").status_code == 200
    client.force_login(w)
    assert client.get(f"/training/certificates/{cert.pk}.pdf").content.startswith(b"%PDF-")
    page = client.get("/training/me/").content.decode()
    assert cert.number in page and "金牌家政" in page and "还差5单" in page
    assert 'href="/accounts/me/" data-testid="back-to-me"' in page  # a way back (walk finding)
    stranger = make_worker()
    client.force_login(stranger)
    assert client.get(f"/training/certificates/{cert.pk}.pdf").status_code == 404
    staff = make_staff(scope="胡集镇")
    client.force_login(staff)
    assert "宿迁市巧手职业培训学校" in client.get("/training/staff/").content.decode()
    assert client.get("/training/demand/", {"township": HUJI}).status_code == 200
    r = client.post(f"/training/staff/courses/{course.pk}/walk-in/", {"mobile": stranger.mobile})
    assert r.status_code == 302 and not Enrolment.objects.filter(worker=stranger).exists()


def test_badge_shows_on_applicant_list_and_public_card(client, make_course, make_worker, make_employer):
    from suzhaohuo.gigs.services import engagement_apply
    from suzhaohuo.training.models import BadgeGrant

    w = make_worker(name="周桂兰")
    employer = make_employer(township="胡集镇")
    job = _job(employer)
    engagement_apply(worker=w, job=job, consent=True)
    now = timezone.now()
    BadgeGrant.objects.create(worker=w, badge="gold_domestic", criteria_version="1", granted_at=now, renewed_at=now)
    client.force_login(employer.owner)
    assert "技能认证 金牌家政" in client.get(f"/gigs/employer/jobs/{job.pk}/").content.decode()
    assert "金牌家政" in client.get("/training/certified/", {"badge": "gold_domestic"}).content.decode()
    other = _job(employer, title="钟点保洁")
    r = client.post("/training/certified/invite/", {"job": other.pk, "worker": w.pk})
    assert r.status_code == 302 and w.engagements.filter(job=other, status="invited").exists()
    assert "金牌家政" in client.get(f"/training/workers/{w.pk}/").content.decode()

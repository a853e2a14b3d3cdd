"""Training services end to end on the database: enrolment rules, attendance through the gig check-in codes,
completion and the sealed certificate at /verify, subsidy claims, and badges from platform records."""

from __future__ import annotations

import json

import pytest

from suzhaohuo.core.errors import AppError
from suzhaohuo.training import selectors, services
from suzhaohuo.training.models import Attendance, BadgeGrant, Certificate, Enrolment
from suzhaohuo.training.seeding import attend_all, completed_engagements, sessions_now

pytestmark = pytest.mark.django_db


def _code(exc: pytest.ExceptionInfo[AppError]) -> str:
    return str(exc.value.code)


def test_enrol_twice_is_refused_and_nothing_is_written(make_course, make_worker):
    course, w = make_course(), make_worker(name="李秀英")
    services.enrolment_create(worker=w, course=course)
    with pytest.raises(AppError) as exc:
        services.enrolment_create(worker=w, course=course)
    assert _code(exc) == "already_enrolled" and "不用重复报名" in exc.value.message
    assert Enrolment.objects.filter(course=course).count() == 1


def test_capacity_waiting_list_and_promotion_on_cancel(make_course, make_worker):
    from suzhaohuo.notifications.models import Notification

    course = make_course(capacity=1)
    a, b = make_worker(name="甲"), make_worker(name="乙")
    ea = services.enrolment_create(worker=a, course=course)
    with pytest.raises(AppError) as exc:
        services.enrolment_create(worker=b, course=course)
    assert _code(exc) == "course_full" and not Enrolment.objects.filter(worker=b).exists()
    eb = services.enrolment_create(worker=b, course=course, waitlist=True)
    assert eb.status == "waitlisted"
    services.enrolment_cancel(actor=a, enrolment=ea)
    eb.refresh_from_db()
    assert eb.status == "enrolled"
    assert Notification.objects.filter(user=b, title__startswith="候补成功").count() == 1


def test_enrol_after_the_course_started_is_refused(make_course, make_worker):
    course = make_course()
    sessions_now(course)
    with pytest.raises(AppError) as exc:
        services.enrolment_create(worker=make_worker(), course=course)
    assert _code(exc) == "course_started"
    assert not Enrolment.objects.exists()


def test_attendance_uses_the_gig_checkin_codes_and_refuses_strangers(make_course, make_worker):
    from suzhaohuo.gigs.models import CheckinCode

    course = make_course()
    w, stranger = make_worker(name="王芳"), make_worker(name="路人")
    services.enrolment_create(worker=w, course=course)
    sessions_now(course)
    s1 = course.sessions.order_by("starts_at").first()
    code = services.session_checkin_code(actor=course.provider.owner, session=s1)
    assert CheckinCode.objects.get(pk=code.pk).subject == f"training.session:{s1.pk}" and code.job_id is None
    with pytest.raises(AppError) as exc:
        services.attend_by_token(actor=stranger, token=code.token)
    assert _code(exc) == "not_enrolled"
    with pytest.raises(AppError) as exc:
        services.attend_by_code(actor=w, session=s1, code="000000" if code.code != "000000" else "111111")
    assert _code(exc) == "bad_checkin_code"
    services.attend_by_code(actor=w, session=s1, code=code.code)
    with pytest.raises(AppError) as exc:
        services.attend_by_token(actor=w, token=code.token)
    assert _code(exc) == "already_attended"
    assert Attendance.objects.count() == 1


def test_certificate_needs_completion_then_verifies_like_an_agreement(make_course, make_worker, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    from suzhaohuo.agreements.verification import verify_chain, verify_number, verify_pdf
    from suzhaohuo.kernel import events

    seen = []
    monkeypatch.setitem(events._SUBSCRIPTIONS, "training.completed", [
        events.Subscription(lambda e: seen.append(e.payload), background=False)])
    course = make_course()
    w = make_worker(name="周桂兰")
    e = services.enrolment_create(worker=w, course=course)
    with pytest.raises(AppError) as exc:
        services.certificate_issue(actor=course.provider.owner, enrolment=e)
    assert _code(exc) == "course_not_complete"
    sessions_now(course)
    first = course.sessions.order_by("starts_at").first()
    services.attend_by_token(actor=w, token=services.session_checkin_code(actor=course.provider.owner,
                                                                          session=first).token)
    with pytest.raises(AppError) as exc:  # one of two sessions: below the 100% attendance rule
        services.enrolment_assess(actor=course.provider.owner, enrolment=e, result="pass", score=90)
    assert _code(exc) == "course_not_complete" and "出勤50%" in exc.value.message
    e.refresh_from_db()
    assert e.status == "enrolled" and not Certificate.objects.exists()
    second = course.sessions.order_by("starts_at").last()
    services.attend_by_token(actor=w, token=services.session_checkin_code(actor=course.provider.owner,
                                                                          session=second).token)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_assess(actor=course.provider.owner, enrolment=e, result="pass", score=90)
    cert = Certificate.objects.get(enrolment=e)
    assert cert.number.startswith("SZHT-") and bytes(cert.pdf).startswith(b"%PDF-")
    assert json.loads(cert.document)["fields"]["worker_name"] == "周桂兰"
    assert {"enrolment_id": e.pk, "worker_user_id": w.pk} in seen
    r = verify_number(cert.number)
    assert r.ok and [c.ok for c in r.checks] == [True, True, True]
    assert ("持证人", "周**") in r.public_summary()["facts"]
    assert verify_pdf(bytes(cert.pdf)).ok
    changed = bytearray(bytes(cert.pdf))
    i = changed.rindex(b"stream") + 20
    changed[i] = (changed[i] + 1) % 256
    assert verify_pdf(bytes(changed)).outcome == "changed"
    assert verify_chain().ok
    with pytest.raises(AppError) as exc:  # recording again is refused
        services.enrolment_assess(actor=course.provider.owner, enrolment=e, result="fail")
    assert _code(exc) == "already_assessed"


def test_subsidy_evaluated_with_reasons_and_claimed_once(make_course, make_worker, make_staff):
    from suzhaohuo.training.exports import claim_xlsx

    course = make_course()
    staff = make_staff(scope="胡集镇")
    eligible, other = make_worker(name="赵兰"), make_worker(name="钱梅")
    services.person_group_confirm(actor=staff, user=eligible, group="difficulty")
    for w in (eligible, other):
        services.enrolment_create(worker=w, course=course)
    sessions_now(course)
    for w in (eligible, other):
        attend_all(course, w)
        services.enrolment_assess(actor=course.provider.owner, enrolment=Enrolment.objects.get(worker=w),
                                  result="pass", score=88)
    e1, e2 = Enrolment.objects.get(worker=eligible), Enrolment.objects.get(worker=other)
    assert (e1.subsidy_eligible, e1.subsidy_rule, str(e1.subsidy_amount)) == (True, "EXAMPLE-SPECIAL-2026", "100.00")
    assert e2.subsidy_eligible is False
    assert e2.subsidy_reasons == [
        "「示例规则：职业技能等级培训补贴（示例金额，非真实标准）」不适用于这个等级的课程",
        "「示例规则：专项职业能力培训补贴（示例金额，非真实标准）」只补贴就业困难人员、毕业年度高校毕业生、农村转移劳动力、"
        "登记失业人员，学员未登记为其中任何一类"]
    from django.utils import timezone

    period = timezone.localdate().strftime("%Y-%m")
    claim = services.claim_create(actor=course.provider.owner, period=period)
    assert [line.enrolment_id for line in claim.lines.all()] == [e1.pk] and str(claim.total) == "100.00"
    with pytest.raises(AppError) as exc:
        services.claim_create(actor=course.provider.owner, period=period)
    assert _code(exc) == "already_claimed"
    with pytest.raises(AppError) as exc:
        services.claim_create(actor=course.provider.owner, period="2020-01")
    assert _code(exc) == "nothing_to_claim"
    with pytest.raises(AppError) as exc:
        services.claim_create(actor=course.provider.owner, period="11/2026")
    assert _code(exc) == "bad_period"
    assert claim_xlsx(claim, selectors.claim_lines(claim), example_rules=True)[:2] == b"PK"


def test_walk_in_needs_logged_consent(make_course, make_worker, make_staff):
    course = make_course()
    staff = make_staff(scope="胡集镇")
    w = make_worker(name="孙大娘")
    with pytest.raises(AppError) as exc:
        services.enrolment_walk_in(actor=staff, course=course, mobile=w.mobile, consent=False)
    assert _code(exc) == "consent_required" and not Enrolment.objects.exists()
    e = services.enrolment_walk_in(actor=staff, course=course, mobile=w.mobile, consent=True)
    assert e.channel == "walk_in" and e.enrolled_by == staff and staff.username in e.consent_note
    with pytest.raises(AppError) as exc:  # station staff enrol walk-ins but never record assessments
        services.enrolment_assess(actor=staff, enrolment=e, result="pass")
    assert "培训机构" in exc.value.message
    far = make_staff(scope="颜集镇")
    with pytest.raises(AppError):
        services.enrolment_walk_in(actor=far, course=course, mobile=make_worker().mobile, consent=True)


def test_badge_from_platform_records_granted_nightly_and_revoked_on_upheld_complaint(
        make_course, make_worker, make_employer, django_capture_on_commit_callbacks):
    from suzhaohuo.kernel import events
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.training import rules

    course = make_course()
    w = make_worker(name="周桂兰")
    employer = make_employer(township="胡集镇", name="胡集幸福家政服务部")
    completed_engagements(worker=w, employer=employer, n=2)
    badge = rules.badge_by_code("gold_domestic")
    progress = {p.badge.code: p for p in selectors.worker_badge_progress(w)}["gold_domestic"]
    assert progress.met is False and progress.summary.startswith("还差3单；还需1条雇主评价")
    completed_engagements(worker=w, employer=employer, n=3)
    crit = badge.criteria_on(__import__("datetime").date.today())
    from django.utils import timezone

    record = selectors.worker_record(w, badge, crit, now=timezone.now())
    assert record == rules.WorkerRecord(completed=5, rating_sum=25, rating_count=5, checkins_on_time=5,
                                        checkins_due=5, upheld_complaints=0, has_certificate=False)
    assert services.badges_nightly()["granted"] == 0  # still no training certificate
    services.enrolment_create(worker=w, course=course)
    sessions_now(course)
    attend_all(course, w)
    services.enrolment_assess(actor=course.provider.owner, enrolment=Enrolment.objects.get(worker=w), result="pass")
    assert services.badges_nightly()["granted"] == 1
    assert selectors.active_badges(w) == ["金牌家政"]
    assert services.badges_nightly()["renewed"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        events.emit("complaint.upheld", complaint_id="TS-1", category="service", job_id=None, employer_id=None,
                    worker_user_id=w.pk)
    g = BadgeGrant.objects.get(worker=w)
    assert g.status == "revoked" and "TS-1" in g.reason
    assert selectors.active_badges(w) == []
    assert Notification.objects.filter(user=w, title="「金牌家政」认证已撤销").count() == 1
    # the upheld complaint keeps the nightly run from granting it again
    assert services.badges_nightly()["granted"] == 0


def test_job_page_suggestion_counts_open_postings_nearby(make_course, make_worker, make_employer):
    course = make_course()
    w = make_worker(name="周桂兰")
    employer = make_employer(township="胡集镇")
    from decimal import Decimal

    from django.utils import timezone

    from suzhaohuo.jobs.services import JobInput, job_create

    jobs = [job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=f"住家保姆{i}", description="照顾老人起居，做饭打扫。", category_code="domestic.housekeeping", pay_unit="day",
        settlement="monthly", headcount=1, township_code=employer.township_id, address="胡集镇", pay_min=Decimal("180"),
        start_date=timezone.localdate())) for i in range(3)]
    count, suggestions = selectors.courses_for_job(jobs[0], w)
    assert count == 3 and [s.course.pk for s in suggestions] == [course.pk] and suggestions[0].same_township
    assert [s.course.pk for s in selectors.suggestions_for_worker(w)] == [course.pk]
    demand = {d.code: d for d in selectors.township_demand("321322102")}
    assert (demand["domestic"].open_postings, demand["domestic"].qualified_workers, demand["domestic"].courses) == (3, 0, 1)


def test_reminders_once_per_session_for_seated_students_only(make_course, make_worker):
    from datetime import timedelta

    from django.utils import timezone

    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.training.models import Session

    course = make_course(capacity=1)
    seated, waiting = make_worker(name="甲"), make_worker(name="乙")
    services.enrolment_create(worker=seated, course=course)
    services.enrolment_create(worker=waiting, course=course, waitlist=True)
    now = timezone.now()
    first, second = course.sessions.order_by("starts_at")
    Session.objects.filter(pk=first.pk).update(starts_at=now + timedelta(hours=20), ends_at=now + timedelta(hours=28))
    Session.objects.filter(pk=second.pk).update(starts_at=now + timedelta(hours=44), ends_at=now + timedelta(hours=52))
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now + timedelta(hours=1)) == 0  # same session: not again
    assert services.reminders_send(now=now + timedelta(hours=21)) == 1  # the second session, a day later
    assert Notification.objects.filter(user=seated, event="training_reminder").count() == 2
    assert not Notification.objects.filter(user=waiting, event="training_reminder").exists()

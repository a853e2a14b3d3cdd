"""The transaction loop through the services: the happy path and every refusal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from suzhaohuo.core.errors import AppError
from suzhaohuo.gigs import services as s
from suzhaohuo.gigs.choices import EngagementStatus as S
from suzhaohuo.gigs.errors import GigErrorCode
from suzhaohuo.gigs.models import EngagementEvent, Rating
from suzhaohuo.gigs.selectors import employer_stats, worker_stats
from suzhaohuo.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_full_loop_records_history_audit_and_notifications(make_worker, make_job, advance):
    from suzhaohuo.accounts.models import Consent
    from suzhaohuo.core.models import AuditEvent

    worker = make_worker()
    job = make_job()
    eng = s.engagement_apply(worker=worker, job=job, consent=True, message="我有经验")
    assert eng.status == S.APPLIED
    assert Consent.objects.filter(user=worker, kind="share_with_employer", context__job_id=job.pk).exists()
    assert Notification.objects.filter(user=job.employer.owner, event="application_received").exists()
    eng = advance(eng, to="rated")
    assert eng.status == S.RATED
    assert eng.hours == Decimal("8") and eng.pay_amount == Decimal("200") and eng.confirmed_at
    events = list(EngagementEvent.objects.filter(engagement=eng).values_list("event", flat=True))
    assert events == ["apply", "accept", "sign", "checkin", "complete", "pay", "confirm", "rate", "rate"]
    assert AuditEvent.objects.filter(target_type="gigs.engagement", target_id=str(eng.pk)).count() == len(events)
    for event in ("application_accepted", "agreement_to_sign", "payment_recorded", "rating_received"):
        assert Notification.objects.filter(user=worker, event=event).exists(), event
    ws, es = worker_stats(worker), employer_stats(job.employer)
    assert (ws.rating_avg, ws.rating_count, ws.completed, ws.no_shows) == (5.0, 1, 1, 0)
    assert (es.rating_avg, es.rating_count, es.completed, es.paid_on_time_percent) == (4.0, 1, 1, 100)


def test_rating_stays_confirmed_until_both_sides_rated(make_worker, make_job, advance):
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(), consent=True), to="confirmed")
    s.engagement_rate(actor=eng.worker, engagement=eng, score=5)
    eng.refresh_from_db()
    assert eng.status == S.CONFIRMED
    with pytest.raises(AppError) as exc:
        s.engagement_rate(actor=eng.worker, engagement=eng, score=3)
    assert exc.value.code == GigErrorCode.ALREADY_RATED
    with pytest.raises(AppError) as exc:
        s.engagement_rate(actor=eng.employer.owner, engagement=eng, score=9)
    assert exc.value.code == GigErrorCode.BAD_SCORE and "1到5星" in exc.value.message
    s.engagement_rate(actor=eng.employer.owner, engagement=eng, score=4)
    eng.refresh_from_db()
    assert eng.status == S.RATED and Rating.objects.filter(engagement=eng).count() == 2


def test_apply_twice_unverified_and_without_consent_are_refused(make_worker, make_job):
    job = make_job()
    worker = make_worker()
    with pytest.raises(AppError) as exc:
        s.engagement_apply(worker=worker, job=job, consent=False)
    assert exc.value.code == GigErrorCode.CONSENT_REQUIRED and exc.value.field == "consent"
    s.engagement_apply(worker=worker, job=job, consent=True)
    with pytest.raises(AppError) as exc:
        s.engagement_apply(worker=worker, job=job, consent=True)
    assert exc.value.code == GigErrorCode.ALREADY_APPLIED and "已经报名" in exc.value.message
    with pytest.raises(AppError) as exc:
        s.engagement_apply(worker=make_worker(verified=False), job=job, consent=True)
    assert exc.value.code == GigErrorCode.NOT_VERIFIED and "实名认证" in exc.value.message


def test_accepting_more_than_headcount_is_refused_and_job_is_filled(make_worker, make_job):
    from suzhaohuo.jobs.choices import JobStatus

    job = make_job(headcount=1)
    a = s.engagement_apply(worker=make_worker(), job=job, consent=True)
    b = s.engagement_apply(worker=make_worker(), job=job, consent=True)
    s.engagement_accept(actor=job.employer.owner, engagement=a)
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED
    with pytest.raises(AppError) as exc:
        s.engagement_accept(actor=job.employer.owner, engagement=b)
    assert exc.value.code == GigErrorCode.HEADCOUNT_FULL and "满额" in exc.value.message
    b.refresh_from_db()
    assert b.status == S.APPLIED


def test_two_employers_accepting_same_worker_for_overlapping_dates(make_worker, make_job):
    worker = make_worker()
    first = make_job(start_in_days=2, days=3, title="葡萄采摘")
    second = make_job(start_in_days=3, days=1, title="花木搬运")
    e1 = s.engagement_apply(worker=worker, job=first, consent=True)
    e2 = s.engagement_apply(worker=worker, job=second, consent=True)
    s.engagement_accept(actor=first.employer.owner, engagement=e1)
    with pytest.raises(AppError) as exc:
        s.engagement_accept(actor=second.employer.owner, engagement=e2)
    assert exc.value.code == GigErrorCode.OVERLAPPING and "时间冲突" in exc.value.message
    e2.refresh_from_db()
    assert e2.status == S.APPLIED
    note = Notification.objects.get(user=worker, event="overlap_refused")
    assert "花木搬运" in note.title
    # a job on another day is fine
    third = make_job(start_in_days=10, title="苗木移栽")
    e3 = s.engagement_apply(worker=worker, job=third, consent=True)
    assert s.engagement_accept(actor=third.employer.owner, engagement=e3).status == S.ACCEPTED


def test_only_the_employer_of_the_job_can_accept(make_worker, make_job, make_employer):
    eng = s.engagement_apply(worker=make_worker(), job=make_job(), consent=True)
    with pytest.raises(AppError) as exc:
        s.engagement_accept(actor=make_employer().owner, engagement=eng)
    assert exc.value.status == 403
    with pytest.raises(AppError) as exc:
        s.engagement_accept(actor=eng.worker, engagement=eng)
    assert exc.value.code == GigErrorCode.NOT_ALLOWED


def test_checkin_wrong_expired_someone_elses_and_geofence(make_worker, make_job, advance, settings):
    job = make_job(lat=34.0905, lng=118.7726)
    eng = advance(s.engagement_apply(worker=make_worker(), job=job, consent=True), to="signed")
    code = s.checkin_code_issue(actor=job.employer.owner, job=job)
    wrong = "000000" if code.code != "000000" else "111111"
    with pytest.raises(AppError) as exc:
        s.engagement_checkin(actor=eng.worker, engagement=eng, code=wrong)
    assert exc.value.code == GigErrorCode.BAD_CODE and exc.value.field == "code"
    with pytest.raises(AppError) as exc:
        s.engagement_checkin(actor=eng.worker, engagement=eng, code=code.code, lat=34.2, lng=118.9)
    assert exc.value.code == GigErrorCode.OUTSIDE_GEOFENCE and "米" in exc.value.message
    # someone else's job: a worker engaged elsewhere scans this job's QR code
    other = advance(s.engagement_apply(worker=make_worker(), job=make_job(start_in_days=20), consent=True), to="signed")
    with pytest.raises(AppError) as exc:
        s.engagement_checkin_by_token(actor=other.worker, token=code.token)
    assert exc.value.code == GigErrorCode.NOT_YOUR_JOB
    with pytest.raises(AppError) as exc:
        s.engagement_checkin(actor=other.worker, engagement=eng, code=code.code)
    assert exc.value.code == GigErrorCode.NOT_YOUR_JOB
    # expired
    type(code).objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AppError) as exc:
        s.engagement_checkin(actor=eng.worker, engagement=eng, code=code.code)
    assert exc.value.code == GigErrorCode.CODE_EXPIRED and "过期" in exc.value.message
    fresh = s.checkin_code_issue(actor=job.employer.owner, job=job)
    eng = s.engagement_checkin_by_token(actor=eng.worker, token=fresh.token, lat=34.0910, lng=118.7730)
    assert eng.status == S.CHECKED_IN and eng.checkin_method == "qr"


def test_cancel_and_no_show_need_a_reason_and_are_counted(make_worker, make_job, advance):
    worker = make_worker()
    job = make_job(start_in_days=0)
    eng = advance(s.engagement_apply(worker=worker, job=job, consent=True), to="accepted")
    with pytest.raises(AppError) as exc:
        s.engagement_cancel(actor=job.employer.owner, engagement=eng, reason=" ")
    assert exc.value.code == GigErrorCode.REASON_REQUIRED and exc.value.field == "reason"
    eng = s.engagement_cancel(actor=job.employer.owner, engagement=eng, reason="下雨停工")
    assert eng.status == S.CANCELLED and eng.late_cancellation and eng.ended_by == "employer"
    assert employer_stats(job.employer).late_cancellations == 1
    eng2 = advance(s.engagement_apply(worker=worker, job=make_job(start_in_days=5), consent=True), to="signed")
    s.engagement_no_show(actor=eng2.employer.owner, engagement=eng2, reason="未到现场，电话未接")
    eng3 = advance(s.engagement_apply(worker=worker, job=make_job(start_in_days=9), consent=True), to="accepted")
    s.engagement_cancel(actor=worker, engagement=eng3, reason="家里有事")
    st = worker_stats(worker)
    assert (st.no_shows, st.cancellations) == (1, 1)


def test_transitions_out_of_order_are_refused(make_worker, make_job):
    eng = s.engagement_apply(worker=make_worker(), job=make_job(), consent=True)
    with pytest.raises(AppError) as exc:
        s.engagement_pay(actor=eng.employer.owner, engagement=eng, amount="100", method="cash")
    assert exc.value.code == GigErrorCode.BAD_TRANSITION and "当前状态" in exc.value.message


def test_invite_then_worker_accepts(make_worker, make_job):
    worker = make_worker()
    job = make_job()
    eng = s.engagement_invite(actor=job.employer.owner, job=job, worker=worker, message="来帮忙两天")
    assert eng.status == S.INVITED
    assert Notification.objects.filter(user=worker, event="invitation_received").exists()
    eng = s.engagement_act(actor=worker, engagement=eng, action="accept")
    assert eng.status == S.ACCEPTED


def test_payment_and_completion_validation_and_dispute(make_worker, make_job, advance):
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(), consent=True), to="checked_in")
    boss = eng.employer.owner
    with pytest.raises(AppError) as exc:
        s.engagement_complete(actor=boss, engagement=eng)
    assert exc.value.field == "hours"
    s.engagement_complete(actor=boss, engagement=eng, pieces="120")
    with pytest.raises(AppError) as exc:
        s.engagement_pay(actor=boss, engagement=eng, amount="-5", method="cash")
    assert exc.value.field == "amount"
    with pytest.raises(AppError) as exc:
        s.engagement_dispute(actor=eng.worker, engagement=eng, kind="completion", text="")
    assert exc.value.field == "text"
    d = s.engagement_dispute(actor=eng.worker, engagement=eng, kind="completion", text="实际采了150箱",
                             claimed_amount="260")
    assert d.claimed_amount == Decimal("260")
    eng.refresh_from_db()
    assert eng.status == S.COMPLETED and eng.disputes.count() == 1


def test_reveal_mobile_only_after_acceptance_and_logged(make_worker, make_job):
    from suzhaohuo.core.models import PiiAccessLog

    worker = make_worker()
    eng = s.engagement_apply(worker=worker, job=make_job(), consent=True)
    with pytest.raises(AppError) as exc:
        s.engagement_reveal_mobile(actor=eng.employer.owner, engagement=eng)
    assert exc.value.code == GigErrorCode.NOT_REVEALABLE
    eng = s.engagement_accept(actor=eng.employer.owner, engagement=eng)
    assert s.engagement_reveal_mobile(actor=eng.employer.owner, engagement=eng) == worker.mobile
    assert PiiAccessLog.objects.filter(subject=worker, field="mobile").count() == 1

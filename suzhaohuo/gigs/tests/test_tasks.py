"""Timed steps: auto-complete, 欠薪 alerts in the right township queue, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from suzhaohuo.gigs import services as s
from suzhaohuo.gigs.choices import EngagementStatus as S
from suzhaohuo.gigs.models import WageAlert
from suzhaohuo.gigs.selectors import employer_stats, wage_alerts_for_staff
from suzhaohuo.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_unpaid_daily_job_raises_alert_in_its_township_queue_only(make_worker, make_job, make_staff, advance,
                                                                   client):
    from suzhaohuo.gigs.tasks import gigs_wage_alerts

    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(settlement="daily", start_in_days=0),
                                     consent=True), to="completed")
    # 日结: due at the end of the next day
    local_due = timezone.localtime(eng.payment_due_at)
    assert local_due.date() == timezone.localdate(eng.completed_at) + timedelta(days=1)
    assert s.wage_alerts_raise() == 0  # not overdue yet
    assert s.wage_alerts_raise(now=eng.payment_due_at + timedelta(minutes=1)) == 1
    assert s.wage_alerts_raise(now=eng.payment_due_at + timedelta(hours=5)) == 0  # idempotent
    gigs_wage_alerts.enqueue()  # the periodic task runs without error and adds nothing new
    alert = WageAlert.objects.get(engagement=eng)
    assert alert.township_code == eng.job.township_id
    worker_note = Notification.objects.get(user=eng.worker, event="wage_alert")
    assert "调解" in worker_note.body and "仲裁" in worker_note.body
    huji, yanji, county = make_staff(scope="胡集镇"), make_staff(scope="颜集镇"), make_staff(scope="沭阳县")
    assert list(wage_alerts_for_staff(actor=huji)) == [alert]
    assert list(wage_alerts_for_staff(actor=county)) == [alert]
    assert list(wage_alerts_for_staff(actor=yanji)) == []
    assert employer_stats(eng.employer).overdue == 1
    # the station page shows it to 胡集镇 staff only
    client.force_login(huji)
    assert eng.job.title in client.get("/gigs/staff/wage-alerts/").content.decode()
    client.force_login(yanji)
    page = client.get("/gigs/staff/wage-alerts/").content.decode()
    assert eng.job.title not in page and "暂无欠薪预警" in page
    assert client.get(f"/gigs/e/{eng.pk}/").status_code == 404
    # paying closes the alert automatically; late payment counts against paid-on-time
    s.engagement_pay(actor=eng.employer.owner, engagement=eng, amount="180", method="cash")
    alert.refresh_from_db()
    assert alert.status == "resolved"


def test_staff_resolve_needs_a_note_and_scope(make_worker, make_job, make_staff, advance):
    from suzhaohuo.core.errors import AppError

    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(), consent=True), to="completed")
    s.wage_alerts_raise(now=eng.payment_due_at + timedelta(seconds=1))
    alert = WageAlert.objects.get()
    with pytest.raises(AppError):
        s.wage_alert_resolve(actor=make_staff(scope="颜集镇"), alert=alert, note="已处理")
    with pytest.raises(AppError) as exc:
        s.wage_alert_resolve(actor=make_staff(scope="胡集镇"), alert=alert, note="")
    assert exc.value.field == "note"


@pytest.mark.parametrize(("settlement", "days"), [("weekly", 7), ("monthly", 30), ("on_completion", 3)])
def test_settlement_periods(make_worker, make_job, advance, settlement, days):
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(settlement=settlement), consent=True),
                  to="completed")
    assert timezone.localtime(eng.payment_due_at).date() == timezone.localdate(eng.completed_at) + timedelta(days=days)


def test_unconfirmed_completion_auto_confirms_after_configured_hours(make_worker, make_job, advance, settings):
    settings.GIG_AUTO_COMPLETE_HOURS = 12
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(start_in_days=0, days=2), consent=True),
                  to="checked_in")
    end_of_last_day = timezone.make_aware(timezone.datetime.combine(eng.work_end, timezone.datetime.max.time()))
    assert s.engagements_auto_complete(now=end_of_last_day + timedelta(hours=11)) == 0
    assert s.engagements_auto_complete(now=end_of_last_day + timedelta(hours=13)) == 1
    assert s.engagements_auto_complete(now=end_of_last_day + timedelta(hours=14)) == 0
    eng.refresh_from_db()
    assert eng.status == S.COMPLETED and eng.completion_auto and eng.hours == 16 and eng.payment_due_at
    assert eng.events.filter(event="auto_complete", party="system").exists()


def test_checkin_reminder_sent_once(make_worker, make_job, advance):
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(start_in_days=1), consent=True), to="signed")
    assert s.checkin_reminders_send() == 1
    assert s.checkin_reminders_send() == 0
    assert Notification.objects.filter(user=eng.worker, event="checkin_reminder").count() == 1

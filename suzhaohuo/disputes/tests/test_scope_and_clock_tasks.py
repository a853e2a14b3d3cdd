"""Region scope for every case action and queue; masking and logged reveals; the periodic reminders and the
unpaid-award flag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(unpaid: Any) -> Any:
    from suzhaohuo.disputes.services import case_open_from_engagement

    return case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="完工后工钱200元未付",
                                     claim_amount="200")


def test_mediator_outside_her_scope_cannot_act_and_nothing_is_written(case: Any, make_staff: Any) -> None:
    from suzhaohuo.disputes.models import CaseEvent
    from suzhaohuo.disputes.selectors import case_get_for_user, case_queue
    from suzhaohuo.disputes.services import case_accept

    yanji = make_staff(role="mediator", scope="颜集镇", username="med_yanji")
    before = CaseEvent.objects.count()
    with pytest.raises(AppError) as exc:
        case_accept(actor=yanji, case=case)
    assert exc.value.status == 403 and "地区范围" in exc.value.message
    case.refresh_from_db()
    assert case.status == "applied" and case.mediator is None and CaseEvent.objects.count() == before
    assert case_queue(yanji) == []
    with pytest.raises(AppError):
        case_get_for_user(case.pk, yanji)


def test_huji_mediator_sees_and_accepts_and_county_mediator_sees_it_too(case: Any, mediator: Any,
                                                                         make_staff: Any) -> None:
    from suzhaohuo.disputes.selectors import case_queue
    from suzhaohuo.disputes.services import case_accept

    county = make_staff(role="mediator", scope="沭阳县", username="med_county")
    assert [r.case for r in case_queue(mediator)] == [case]
    assert [r.case for r in case_queue(county)] == [case]
    case_accept(actor=mediator, case=case)
    with pytest.raises(AppError):  # assigned to another mediator now
        from suzhaohuo.disputes.services import session_record

        session_record(actor=county, case=case, held_at=timezone.now(), place="站", attendees="双方", record="调解")


def test_workers_and_employers_cannot_mediate(case: Any, unpaid: Any) -> None:
    from suzhaohuo.disputes.services import case_accept

    for who in (unpaid.worker, unpaid.employer.owner):
        with pytest.raises(AppError):
            case_accept(actor=who, case=case)


def test_clerk_acts_only_within_county_and_only_on_arbitration_steps(case: Any, mediator: Any, clerk: Any,
                                                                     make_staff: Any) -> None:
    from suzhaohuo.disputes import services as s

    other = make_staff(role="arbitration_clerk", scope="宿城区", username="clerk_sucheng")
    with pytest.raises(AppError):  # not referred yet
        s.arbitration_apply(actor=clerk, case=case, applied_on=timezone.localdate())
    s.case_accept(actor=mediator, case=case)
    s.mediation_fail(actor=mediator, case=case, reason="no_agreement")
    with pytest.raises(AppError) as exc:
        s.arbitration_apply(actor=other, case=case, applied_on=timezone.localdate())
    assert exc.value.status == 403
    with pytest.raises(AppError):
        s.case_accept(actor=clerk, case=case)  # the clerk cannot mediate


def test_personal_data_is_masked_for_handlers_not_assigned_and_reveals_are_logged(case: Any, mediator: Any,
                                                                                  regulator: Any) -> None:
    from suzhaohuo.core.models import PiiAccessLog
    from suzhaohuo.disputes.selectors import party_view
    from suzhaohuo.disputes.services import case_accept, case_reveal

    assert party_view(case, case.worker)["worker_name"] == "周桂兰"
    assert party_view(case, regulator)["worker_name"] != "周桂兰" and party_view(case, regulator)["masked"]
    case_accept(actor=mediator, case=case)
    case.refresh_from_db()
    assert party_view(case, mediator)["worker_name"] == "周桂兰"
    assert case_reveal(actor=regulator, case=case, field="worker_name") == "周桂兰"
    assert PiiAccessLog.objects.filter(actor=regulator, subject=case.worker, field="worker_name").count() == 1


def test_complaint_from_someone_else_and_award_date_before_acceptance(case: Any, mediator: Any, clerk: Any) -> None:
    from suzhaohuo.disputes import services as s

    s.case_accept(actor=mediator, case=case)
    s.mediation_fail(actor=mediator, case=case, reason="no_agreement")
    today = timezone.localdate()
    s.arbitration_apply(actor=clerk, case=case, applied_on=today - timedelta(days=0))
    with pytest.raises(AppError) as exc:
        s.arbitration_accept(actor=clerk, case=case, accepted_on=today - timedelta(days=3), case_no="X1")
    assert exc.value.field == "accepted_on"
    s.arbitration_accept(actor=clerk, case=case, accepted_on=today, case_no="X1")
    with pytest.raises(AppError) as exc:
        s.arbitration_extend(actor=clerk, case=case, days=16)
    assert "15" in exc.value.message
    s.arbitration_extend(actor=clerk, case=case, days=15)
    with pytest.raises(AppError):
        s.arbitration_extend(actor=clerk, case=case, days=1)  # once only
    with pytest.raises(AppError) as exc:
        s.clock_pause(actor=clerk, case=case, reason="holiday", started_on=today)
    assert exc.value.code == "bad_pause"


def test_mediation_extension_needs_both_parties(case: Any, mediator: Any) -> None:
    from suzhaohuo.disputes import clock
    from suzhaohuo.disputes import services as s

    s.case_accept(actor=mediator, case=case)
    with pytest.raises(AppError) as exc:
        s.mediation_extend(actor=mediator, case=case, days=10, worker_agrees=True, employer_agrees=False)
    assert exc.value.code == "consent_required"
    s.mediation_extend(actor=mediator, case=case, days=10, worker_agrees=True, employer_agrees=True)
    case.refresh_from_db()
    assert clock.mediation_due(case) == case.mediation_accepted_on + timedelta(days=25)


def test_reminders_due_soon_then_overdue_once_each(case: Any, mediator: Any, clerk: Any) -> None:
    from suzhaohuo.disputes import services as s
    from suzhaohuo.notifications.models import Notification

    s.case_accept(actor=mediator, case=case)
    accepted = timezone.localdate()
    assert s.reminders_send(today=accepted + timedelta(days=5)) == 0
    assert s.reminders_send(today=accepted + timedelta(days=13)) == 1
    assert s.reminders_send(today=accepted + timedelta(days=14)) == 0  # already told
    assert s.reminders_send(today=accepted + timedelta(days=16)) == 1
    titles = list(Notification.objects.filter(user=mediator, event="dispute_deadline").values_list("title",
                                                                                                   flat=True))
    assert any("即将到期" in t for t in titles) and any("已超期" in t for t in titles)
    s.mediation_fail(actor=mediator, case=case, reason="time_limit")
    s.arbitration_apply(actor=clerk, case=case, applied_on=accepted)
    s.arbitration_accept(actor=clerk, case=case, accepted_on=accepted, case_no="X2")
    assert s.reminders_send(today=accepted + timedelta(days=46)) == 1
    assert Notification.objects.filter(user=clerk, title__contains="仲裁裁决期限").exists()


def test_complaint_not_acknowledged_in_time_reminds_handlers(unpaid: Any, regulator: Any, settings: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from suzhaohuo.disputes.services import complaint_submit, reminders_send
    from suzhaohuo.notifications.models import Notification

    settings.DISPUTES_ACK_HOURS = 0
    complaint_submit(actor=AnonymousUser(), category="fee", description="收取押金300元不退", job_id=unpaid.job_id,
                     anonymous=True, ip="10.9.9.9")
    assert reminders_send() == 1 and reminders_send() == 0
    assert Notification.objects.filter(user=regulator, title__contains="投诉待受理").exists()


def test_unpaid_award_after_due_date_flags_the_employer(case: Any, mediator: Any, clerk: Any,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.disputes import services as s
    from suzhaohuo.kernel import events
    from suzhaohuo.kernel.events import EventName

    seen: list[Any] = []

    @events.on(EventName.CASE_AWARD_UNPAID)
    def record(event: events.Event) -> None:
        seen.append(event.payload)

    today = timezone.localdate()
    s.case_accept(actor=mediator, case=case)
    s.mediation_fail(actor=mediator, case=case, reason="respondent_absent")
    s.arbitration_apply(actor=clerk, case=case, applied_on=today)
    s.arbitration_accept(actor=clerk, case=case, accepted_on=today, case_no="X3")
    s.arbitration_close(actor=clerk, case=case, outcome="award", award_on=today, amount="200",
                        due_on=today + timedelta(days=10))
    case.refresh_from_db()
    assert case.status == "fulfilling" and case.arbitration_status == "closed"
    assert s.awards_unpaid_flag(today=today + timedelta(days=10)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert s.awards_unpaid_flag(today=today + timedelta(days=11)) == 1
    case.refresh_from_db()
    assert case.employer_flagged and seen[-1] == {"case_id": case.pk, "employer_id": case.employer_id}
    assert s.awards_unpaid_flag(today=today + timedelta(days=12)) == 0


def test_assignment_only_to_a_mediator_covering_the_region(case: Any, mediator: Any, make_staff: Any) -> None:
    from suzhaohuo.disputes.selectors import mediators_for
    from suzhaohuo.disputes.services import case_accept, case_assign

    county = make_staff(role="mediator", scope="沭阳县", username="med_county2")
    yanji = make_staff(role="mediator", scope="颜集镇", username="med_yanji2")
    assert set(mediators_for(case)) == {mediator, county}
    with pytest.raises(AppError) as exc:
        case_assign(actor=county, case=case, mediator=yanji)
    assert exc.value.field == "mediator"
    case_assign(actor=county, case=case, mediator=mediator)
    with pytest.raises(AppError):
        case_accept(actor=county, case=case)  # assigned to the 胡集镇 mediator now
    case_accept(actor=mediator, case=case)
    case.refresh_from_db()
    assert case.mediator == mediator and case.status == "mediating"

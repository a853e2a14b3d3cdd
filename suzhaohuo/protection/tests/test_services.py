"""Protection: cover chosen or required at posting, automatic idempotent enrolment through the insurer adapter,
retries that never block the engagement, claims tracked to a decision, coverage figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel import events
from suzhaohuo.protection import services
from suzhaohuo.protection.choices import ClaimStatus, EnrolmentStatus
from suzhaohuo.protection.models import Claim, Enrolment

pytestmark = pytest.mark.django_db
_DISPUTED: list[Any] = []


@events.on(events.EventName.CLAIM_DISPUTED)
def _on_disputed(event: events.Event) -> None:
    _DISPUTED.append(event)


def test_unknown_cover_is_refused_at_posting(make_job: Any) -> None:
    with pytest.raises(AppError) as exc:
        make_job(cover_code="no-such-cover")
    assert exc.value.code == "unknown_cover" and exc.value.field == "cover_code"


def test_cover_limited_to_its_categories(make_job: Any) -> None:
    # 单次用工意外险 lists moving/construction/...; not offered for 家政
    with pytest.raises(AppError):
        make_job(cover_code="acc-per-job", category_code="domestic.housekeeping")
    assert make_job(cover_code="acc-per-job").cover_code == "acc-per-job"


def test_city_rule_requires_occupational_injury_cover_for_delivery(make_job: Any) -> None:
    job = make_job(cover_code="", category_code="delivery.rider", title="外卖骑手（午高峰）")
    assert job.cover_code == "ohi-pilot"
    assert make_job(cover_code="", title="不投保的搬运").cover_code == ""


def test_accepted_worker_is_enrolled_for_the_engagement_dates(make_job: Any, make_worker: Any, accept: Any) -> None:
    job = make_job(days=2)
    eng = accept(job, make_worker())
    enrolment = Enrolment.objects.get(engagement=eng)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.policy_number.startswith("SZH")
    assert (enrolment.cover_start, enrolment.cover_end) == (job.start_date, job.end_date)
    assert enrolment.premium_total == Decimal("6.00")  # 3 元/天 × 2 天
    assert eng.worker.notifications.filter(event="cover_active").exists()


def test_enrolment_is_idempotent(make_job: Any, make_worker: Any, accept: Any) -> None:
    eng = accept(make_job(), make_worker())
    first = Enrolment.objects.get(engagement=eng)
    again = services.enrolment_for_engagement(engagement_id=eng.pk)
    assert again is not None and again.pk == first.pk and again.policy_number == first.policy_number
    assert Enrolment.objects.filter(engagement=eng).count() == 1
    assert again.attempts == 1


def test_no_cover_no_enrolment(make_job: Any, make_worker: Any, accept: Any) -> None:
    eng = accept(make_job(cover_code=""), make_worker())
    assert not Enrolment.objects.filter(engagement=eng).exists()


def test_enrolment_for_an_engagement_never_started_is_refused(make_job: Any, make_worker: Any) -> None:
    from suzhaohuo.gigs import services as gigs

    eng = gigs.engagement_apply(worker=make_worker(), job=make_job(), consent=True)
    with pytest.raises(AppError) as exc:
        services.enrolment_for_engagement(engagement_id=eng.pk)
    assert exc.value.code == "engagement_not_started"
    assert not Enrolment.objects.exists()


def test_adapter_failure_never_blocks_the_engagement_and_is_retried(make_job: Any, make_worker: Any, accept: Any,
                                                                      fake_insurer: Any) -> None:
    fake_insurer.fail = 2
    eng = accept(make_job(), make_worker())
    assert eng.status == "accepted"  # the engagement went ahead
    enrolment = Enrolment.objects.get(engagement=eng)
    assert enrolment.status == EnrolmentStatus.FAILED and enrolment.policy_number == ""
    assert "503" in enrolment.last_error
    # the worker is told the truth: not covered yet
    assert eng.worker.notifications.filter(event="cover_pending").exists()
    assert not eng.worker.notifications.filter(event="cover_active").exists()
    # not due yet: nothing happens
    assert services.enrolments_retry() == 0
    later = timezone.now() + timedelta(hours=2)
    assert services.enrolments_retry(now=later) == 0  # second failure
    assert services.enrolments_retry(now=later + timedelta(hours=2)) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE and enrolment.policy_number.startswith("HTTP-")
    assert enrolment.attempts == 3
    keys = {c["key"] for c in fake_insurer.enrol_calls()}
    assert keys == {enrolment.idempotency_key}  # the same key every time: the insurer insures once
    assert eng.worker.notifications.filter(event="cover_active").exists()


def test_retries_give_up_and_tell_the_worker(make_job: Any, make_worker: Any, accept: Any,
                                             fake_insurer: Any, make_staff: Any) -> None:
    huji, elsewhere = make_staff(scope="胡集镇"), make_staff(scope="泗洪县")
    fake_insurer.fail = 100
    eng = accept(make_job(), make_worker())
    now = timezone.now()
    for i in range(services.MAX_ATTEMPTS):
        services.enrolments_retry(now=now + timedelta(days=i + 1))
    enrolment = Enrolment.objects.get(engagement=eng)
    assert enrolment.status == EnrolmentStatus.GAVE_UP and enrolment.attempts == services.MAX_ATTEMPTS
    assert eng.worker.notifications.filter(event="cover_failed").exists()
    assert huji.notifications.filter(event="cover_failed_staff").exists()
    assert not elsewhere.notifications.filter(event="cover_failed_staff").exists()


def test_cancelled_before_work_withdraws_cover(make_job: Any, make_worker: Any, accept: Any,
                                               django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.gigs import services as gigs

    eng = accept(make_job(start_in_days=3), make_worker())
    with django_capture_on_commit_callbacks(execute=True):
        gigs.engagement_cancel(actor=eng.employer.owner, engagement=eng, reason="活取消了")
    assert Enrolment.objects.get(engagement=eng).status == EnrolmentStatus.CANCELLED


def _claim(eng: Any, **kw: Any) -> Claim:
    data = {"incident_date": timezone.localdate(), "place": "胡集镇物流园2号仓",
            "description": "搬货时从梯子上摔下，左脚踝肿痛。"}
    data.update(kw)
    return services.claim_report(actor=eng.worker, engagement=eng, **data)


def test_claim_outside_cover_is_refused(make_job: Any, make_worker: Any, accept: Any) -> None:
    eng = accept(make_job(days=1), make_worker())
    with pytest.raises(AppError) as exc:
        _claim(eng, incident_date=timezone.localdate() - timedelta(days=1))
    assert exc.value.code == "date_outside_cover" and exc.value.field == "incident_date"
    assert not Claim.objects.exists()


def test_claim_without_cover_is_refused(make_job: Any, make_worker: Any, accept: Any) -> None:
    eng = accept(make_job(cover_code=""), make_worker())
    with pytest.raises(AppError) as exc:
        _claim(eng)
    assert exc.value.code == "not_insured"


def test_claim_only_by_the_insured_worker(make_job: Any, make_worker: Any, accept: Any) -> None:
    eng = accept(make_job(), make_worker())
    with pytest.raises(AppError):
        services.claim_report(actor=eng.employer.owner, engagement=eng, incident_date=timezone.localdate(),
                              place="x", description="y")


def test_claim_forwarded_and_decided(make_job: Any, make_worker: Any, accept: Any, make_staff: Any) -> None:
    eng = accept(make_job(), make_worker())
    claim = _claim(eng)
    assert claim.status == ClaimStatus.FORWARDED and claim.insurer_reference.startswith("BA")
    insurer = make_staff(role="insurer", scope="沭阳县")
    with pytest.raises(AppError) as exc:
        services.claim_decide(actor=insurer, claim=claim, decision="approved", amount="9999999")
    assert exc.value.field == "amount"
    with pytest.raises(AppError):
        services.claim_decide(actor=insurer, claim=claim, decision="rejected", note="")
    claim = services.claim_decide(actor=insurer, claim=claim, decision="approved", amount="3200")
    assert claim.status == ClaimStatus.APPROVED and claim.amount == Decimal("3200")
    assert [e.status for e in claim.events.all()] == ["reported", "forwarded", "approved"]
    assert eng.worker.notifications.filter(event="claim_decided").exists()
    with pytest.raises(AppError):  # decided once
        services.claim_decide(actor=insurer, claim=claim, decision="rejected", note="重复")


def test_claim_decision_needs_the_role_and_scope(make_job: Any, make_worker: Any, accept: Any,
                                                 make_staff: Any) -> None:
    eng = accept(make_job(), make_worker())
    claim = _claim(eng)
    with pytest.raises(AppError):
        services.claim_decide(actor=eng.employer.owner, claim=claim, decision="approved", amount="100")
    other = make_staff(role="insurer", scope="泗洪县")
    with pytest.raises(AppError):
        services.claim_decide(actor=other, claim=claim, decision="approved", amount="100")


def test_http_claim_forwarded_retried_and_decision_synced(make_job: Any, make_worker: Any, accept: Any,
                                                         fake_insurer: Any) -> None:
    eng = accept(make_job(), make_worker())
    fake_insurer.fail = 1
    claim = _claim(eng)
    assert claim.status == ClaimStatus.REPORTED and claim.last_error
    assert services.claims_forward_pending() == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FORWARDED and claim.insurer_reference == f"CASE-szh-claim-{claim.pk}"
    assert services.claims_sync() == 0  # still pending at the insurer
    fake_insurer.claim_status = {"status": "approved", "amount": "1800.50", "note": "医疗费用"}
    assert services.claims_sync() == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.amount == Decimal("1800.50")


def test_link_dispute_case(make_job: Any, make_worker: Any, accept: Any, make_staff: Any) -> None:
    eng = accept(make_job(), make_worker())
    claim = services.claim_link_dispute(actor=make_staff(), claim=_claim(eng), case_ref="TJ-2026-0012")
    assert Claim.objects.get(pk=claim.pk).dispute_case_ref == "TJ-2026-0012"


def test_coverage_and_indicator(make_job: Any, make_worker: Any, accept: Any) -> None:
    from suzhaohuo.kernel.indicators import Period, read

    accept(make_job(), make_worker())
    accept(make_job(cover_code=""), make_worker())
    today = timezone.localdate()
    period = Period(today - timedelta(days=1), today + timedelta(days=1))
    reading = read("insured_share", period=period, region_prefix="3213")
    assert reading is not None and (reading.numerator, reading.denominator) == (1, 2)
    assert reading.value == Decimal("0.5")
    elsewhere = read("insured_share", period=period, region_prefix="3211")
    assert elsewhere is not None and elsewhere.denominator == 0 and elsewhere.value is None


def test_employer_objection_is_recorded_and_emitted(make_job: Any, make_worker: Any, accept: Any,
                                                    django_capture_on_commit_callbacks: Any) -> None:
    seen = _DISPUTED
    seen.clear()
    eng = accept(make_job(), make_worker())
    claim = _claim(eng)
    with pytest.raises(AppError):
        services.claim_object(actor=eng.worker, claim=claim, text="不是我们的事")
    with pytest.raises(AppError) as exc:
        services.claim_object(actor=eng.employer.owner, claim=claim, text=" ")
    assert exc.value.field == "text"
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_object(actor=eng.employer.owner, claim=claim, text="当天未安排登高作业")
    assert "当天未安排登高作业" in claim.events.last().note
    assert seen and seen[0]["claim_id"] == claim.pk and seen[0]["employer_id"] == eng.employer_id


def test_late_accepted_event_for_an_engagement_no_longer_holding_is_ignored(make_job: Any,
                                                                            make_worker: Any) -> None:
    from suzhaohuo.gigs import services as gigs
    from suzhaohuo.protection.handlers import enrol_accepted_worker

    eng = gigs.engagement_apply(worker=make_worker(), job=make_job(), consent=True)
    enrol_accepted_worker(events.Event("engagement.accepted", {"engagement_id": eng.pk}))
    assert not Enrolment.objects.exists()

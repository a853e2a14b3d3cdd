"""The two stories of the issue through the services: mediation that settles and is paid, and mediation that
fails, is referred and closes by award; plus signing errors."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import read_last_sms_code

pytestmark = pytest.mark.django_db


def _sign(agreement: Any, user: Any) -> Any:
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign

    agreement_request_code(agreement=agreement, user=user)
    return agreement_sign(agreement=agreement, user=user, code=read_last_sms_code(user.mobile))


def test_unpaid_day_job_mediated_signed_paid_and_closed(unpaid: Any, mediator: Any, orgs: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.agreements.selectors import agreement_verify_number
    from suzhaohuo.disputes import services as s
    from suzhaohuo.disputes.models import Case

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="完工后工钱200元未付",
                                       claim_amount="200")
    assert case.number.startswith("TJ-") and case.region_code == "321322102"
    assert case.mediation_org == orgs["huji"]
    assert {e.kind for e in case.evidence.all()} >= {"agreement", "checkin", "completion", "payment"}
    s.case_accept(actor=mediator, case=case)
    case.refresh_from_db()
    assert case.status == "mediating" and case.mediation_accepted_on == timezone.localdate()
    s.session_record(actor=mediator, case=case, held_at=timezone.now(), place="胡集镇零工驿站调解室",
                     attendees="申请人、用工方负责人、调解员", record="用工方承认未付，同意一周内付清。")
    agreement = s.mediation_agreement_generate(
        actor=mediator, case=case, terms="被申请人同意支付劳动报酬。",
        payments=[s.AgreedPayment("劳动报酬", "200", timezone.localdate() + timedelta(days=7))])
    assert agreement.kind == "mediation" and agreement.engagement is None
    assert "劳动争议调解协议书" in agreement.document
    with django_capture_on_commit_callbacks(execute=True):
        _sign(agreement, unpaid.worker)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = _sign(agreement, unpaid.employer.owner)
    assert agreement.is_sealed
    from suzhaohuo.agreements.signing import check_code

    result = agreement_verify_number(agreement.number, check_code(agreement.number))
    assert result.ok, result.checks
    case = Case.objects.get(pk=case.pk)
    assert case.status == "fulfilling" and case.mediation_result == "settled"
    with django_capture_on_commit_callbacks(execute=True):
        s.case_employer_pay(actor=unpaid.employer.owner, case=case, method="wechat")
    unpaid.refresh_from_db()
    assert unpaid.status == "paid" and unpaid.pay_amount == Decimal("200.00")
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_on == timezone.localdate()
    assert list(case.payments.values_list("via_platform", flat=True)) == [True]


def test_failed_mediation_referred_then_closed_by_award(unpaid: Any, mediator: Any, clerk: Any, orgs: Any) -> None:
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes import services as s

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    s.case_accept(actor=mediator, case=case)
    s.mediation_fail(actor=mediator, case=case, reason="respondent_refused", note="用工方拒绝调解")
    case.refresh_from_db()
    assert case.status == "arbitration" and case.arbitration_status == "referred"
    assert case.arbitration_org == orgs["county"] and case.mediation_result == "failed"
    today = timezone.localdate()
    s.arbitration_apply(actor=clerk, case=case, applied_on=today)
    s.arbitration_accept(actor=clerk, case=case, accepted_on=today, case_no="沭劳人仲案字〔2026〕第1号")
    with pytest.raises(AppError) as exc:
        s.arbitration_close(actor=clerk, case=case, outcome="award", award_on=today - timedelta(days=1))
    assert exc.value.field == "award_on" and "不能早于" in exc.value.message
    case.refresh_from_db()
    assert case.arbitration_status == "accepted" and case.arbitration_closed_on is None  # nothing written
    s.arbitration_close(actor=clerk, case=case, outcome="award", award_on=today)
    case.refresh_from_db()
    assert case.arbitration_status == "closed" and case.status == "closed" and case.arbitration_outcome == "award"


def test_signature_with_wrong_code_is_refused_and_nothing_written(unpaid: Any, mediator: Any) -> None:
    from suzhaohuo.agreements.models import SignatureEvent
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes import services as s

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    s.case_accept(actor=mediator, case=case)
    agreement = s.mediation_agreement_generate(
        actor=mediator, case=case, terms="同意支付。",
        payments=[s.AgreedPayment("劳动报酬", "200", timezone.localdate() + timedelta(days=3))])
    agreement_request_code(agreement=agreement, user=unpaid.worker)
    right = read_last_sms_code(unpaid.worker.mobile)
    with pytest.raises(AppError):
        agreement_sign(agreement=agreement, user=unpaid.worker, code="000000" if right != "000000" else "111111")
    assert not SignatureEvent.objects.filter(agreement=agreement).exists()


def test_signature_with_an_expired_code_is_refused(unpaid: Any, mediator: Any) -> None:
    from suzhaohuo.accounts.models import OtpChallenge
    from suzhaohuo.agreements.models import SignatureEvent
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes import services as s

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    s.case_accept(actor=mediator, case=case)
    agreement = s.mediation_agreement_generate(
        actor=mediator, case=case, terms="同意支付。",
        payments=[s.AgreedPayment("劳动报酬", "200", timezone.localdate() + timedelta(days=3))])
    agreement_request_code(agreement=agreement, user=unpaid.worker)
    OtpChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AppError):
        agreement_sign(agreement=agreement, user=unpaid.worker, code=read_last_sms_code(unpaid.worker.mobile))
    assert not SignatureEvent.objects.filter(agreement=agreement).exists()


def test_arbitration_updates_from_an_adapter_go_through_the_same_rules(unpaid: Any, mediator: Any) -> None:
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes import services as s
    from suzhaohuo.disputes.arbitration import ArbitrationUpdate, LocalArbitrationAdapter, arbitration_sync

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    s.case_accept(actor=mediator, case=case)
    s.mediation_fail(actor=mediator, case=case, reason="no_agreement")
    s.arbitration_apply(actor=None, case=case, applied_on=timezone.localdate())
    assert arbitration_sync(case=case, source=LocalArbitrationAdapter()) == 0
    today = timezone.localdate()

    class Remote:
        def __init__(self, updates: list[ArbitrationUpdate]) -> None:
            self.list = updates

        def submit(self, case: Any) -> str:
            return ""

        def updates(self, case: Any) -> list[ArbitrationUpdate]:
            return self.list

    assert arbitration_sync(case=case, source=Remote([
        ArbitrationUpdate("accepted", today, case_no="REMOTE-1"), ArbitrationUpdate("hearing", today)])) == 2
    case.refresh_from_db()
    assert case.arbitration_case_no == "REMOTE-1" and case.hearing_dates == [today.isoformat()]
    with pytest.raises(AppError):  # an award before acceptance is refused, whoever reports it
        arbitration_sync(case=case, source=Remote([ArbitrationUpdate("closed", today - timedelta(days=2),
                                                                     outcome="award")]))


def test_privacy_export_and_erase(unpaid: Any) -> None:
    from suzhaohuo.disputes import privacy
    from suzhaohuo.disputes import services as s

    s.complaint_submit(actor=unpaid.worker, category="wage_arrears", description="工钱未付，拖了一周",
                       engagement_id=unpaid.pk)
    s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    data = privacy.export_data(unpaid.worker)
    assert len(data["complaints"]) == 1 and len(data["dispute_cases"]) == 1
    kept = privacy.erase_data(unpaid.worker)
    assert kept[0]["count"] == 1 and privacy.export_data(unpaid.worker)["complaints"] == []


def test_payment_during_mediation_is_put_on_the_case_timeline(unpaid: Any, mediator: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.disputes import services as s
    from suzhaohuo.gigs.services import engagement_pay

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    s.case_accept(actor=mediator, case=case)
    with django_capture_on_commit_callbacks(execute=True):
        engagement_pay(actor=unpaid.employer.owner, engagement=unpaid, amount="200", method="cash")
    case.refresh_from_db()
    assert case.status == "mediating" and case.events.filter(kind="engagement_paid").exists()


def test_case_page_links_agreement_evidence_to_its_verification(unpaid: Any, mediator: Any, orgs: Any,
                                                                client: Any) -> None:
    """The linked verification must carry the check code, or it lands on the ask-for-code form."""
    from suzhaohuo.agreements.signing import check_code
    from suzhaohuo.disputes import services as s

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="完工后工钱200元未付",
                                       claim_amount="200")
    number = case.evidence.get(kind="agreement").ref
    client.force_login(mediator)
    html = client.get(f"/disputes/cases/{case.pk}/").content.decode()
    assert f"code={check_code(number)}" in html
    link = html.split('href="/verify/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    page = client.get(f"/verify/?{link}").content.decode()
    assert 'data-testid="verify-kind"' in page  # the result, not the ask-for-code form

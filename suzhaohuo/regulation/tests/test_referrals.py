"""线索移送: 市场监管 → 劳动监察, acknowledged and answered in time; both sides see the outcome; overdue flagged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(make_staff: Any) -> Any:
    from suzhaohuo.regulation.models import Membership

    user = make_staff(role="regulator", scope="沭阳县", username="jiancha")
    Membership.objects.create(user=user, organisation="labour")
    return user


def test_referral_acknowledged_answered_and_both_see_outcome(regulator: Any, inspector: Any,
                                                             make_staff: Any) -> None:
    from suzhaohuo.regulation.selectors import referrals_for_staff
    from suzhaohuo.regulation.services import (
        referral_acknowledge,
        referral_answer,
        referral_outcome,
        referral_send,
    )

    ref = referral_send(actor=regulator, to_org="labour", region_code="321322102", subject_name="沭阳某劳务公司",
                        summary="涉嫌克扣零工工资、收取押金，涉行政处罚线索移送劳动监察。",
                        case_file=[{"type": "complaint", "ref": "C-12", "label": "投诉C-12：押金200元未退"},
                                   {"type": "job", "ref": "J-3", "label": "岗位J-3"}])
    assert ref.from_org == "market" and ref.ack_due_at < ref.answer_due_at
    incoming, _out = referrals_for_staff(inspector)
    assert list(incoming) == [ref]
    _in, outgoing = referrals_for_staff(regulator)
    assert list(outgoing) == [ref]
    with pytest.raises(AppError):  # the sender cannot acknowledge its own referral
        referral_acknowledge(actor=regulator, referral=ref)
    referral_acknowledge(actor=inspector, referral=ref)
    referral_answer(actor=inspector, referral=ref, answer="已立案调查，责令退还押金。")
    referral_outcome(actor=inspector, referral=ref, outcome="已责令退还押金并罚款5000元，结案。")
    for viewer in (regulator, inspector):
        seen = next(r for qs in referrals_for_staff(viewer) for r in qs if r.pk == ref.pk)
        assert seen.status == "closed" and "罚款5000元" in seen.outcome and seen.answer.startswith("已立案")
    outside = make_staff(role="regulator", scope="宿豫区")
    assert not any(r.pk == ref.pk for qs in referrals_for_staff(outside) for r in qs)


def test_overdue_referrals_flagged_once(regulator: Any, inspector: Any) -> None:
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.regulation.services import referral_send, referrals_flag_overdue

    ref = referral_send(actor=regulator, to_org="labour", region_code="321322102", subject_name="某公司",
                        summary="涉嫌以招聘为名收取培训费。")
    assert referrals_flag_overdue() == 0
    later = timezone.now() + timedelta(days=4)
    assert ref.overdue(later) == "ack"
    assert referrals_flag_overdue(now=later) == 1
    assert referrals_flag_overdue(now=later) == 0
    assert Notification.objects.filter(user=inspector, event="referral_overdue").count() == 1


def test_referral_needs_another_organisation(regulator: Any) -> None:
    from suzhaohuo.regulation.services import referral_send

    with pytest.raises(AppError) as exc:
        referral_send(actor=regulator, to_org="market", region_code="321322102", subject_name="x", summary="y")
    assert exc.value.field == "to_org"

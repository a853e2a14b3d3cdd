"""Fixtures for the gig transaction tests: a published job and an engagement at any stage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def make_job(make_employer: Callable[..., Any]) -> Callable[..., Any]:
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.regions.models import Region

    def factory(*, employer: Any = None, township: str = "胡集镇", headcount: int = 2, settlement: str = "daily",
                start_in_days: int = 1, days: int = 1, lat: float | None = None, lng: float | None = None,
                title: str = "葡萄采摘", daily_hours: Decimal | None = Decimal("8")) -> Any:
        employer = employer or make_employer(township=township)
        code = Region.objects.get(name=township, level="township").code
        start = timezone.localdate() + timedelta(days=start_in_days)
        data = JobInput(title=title, description="在大棚内采摘葡萄，装箱。", category_code="agri.harvest",
                        pay_unit="day", settlement=settlement, headcount=headcount, township_code=code,
                        address="胡集镇葡萄园", pay_min=Decimal("180"), pay_max=Decimal("200"), start_date=start,
                        end_date=start + timedelta(days=days - 1), daily_hours=daily_hours, lat=lat, lng=lng)
        return job_create(actor=employer.owner, employer=employer, data=data)

    return factory


@pytest.fixture
def advance() -> Callable[..., Any]:
    """advance(engagement, to="completed") → walk an engagement through the services to a stage."""
    from suzhaohuo.gigs import services as s

    order = ["accepted", "signed", "checked_in", "completed", "paid", "confirmed", "rated"]

    def go(eng: Any, *, to: str) -> Any:
        boss = eng.employer.owner
        for stage in order[: order.index(to) + 1]:
            eng.refresh_from_db()
            if stage == "accepted":
                s.engagement_accept(actor=boss, engagement=eng)
            elif stage == "signed":
                s.engagement_on_agreement_signed(engagement=eng)
            elif stage == "checked_in":
                code = s.checkin_code_issue(actor=boss, job=eng.job)
                s.engagement_checkin(actor=eng.worker, engagement=eng, code=code.code)
            elif stage == "completed":
                s.engagement_complete(actor=boss, engagement=eng, hours="8")
            elif stage == "paid":
                s.engagement_pay(actor=boss, engagement=eng, amount="200", method="wechat")
            elif stage == "confirmed":
                s.engagement_confirm_payment(actor=eng.worker, engagement=eng)
            elif stage == "rated":
                s.engagement_rate(actor=boss, engagement=eng, score=5, comment="干活认真")
                s.engagement_rate(actor=eng.worker, engagement=eng, score=4, comment="按时结算")
        eng.refresh_from_db()
        return eng

    return go

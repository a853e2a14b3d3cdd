"""Fixtures for agreements: an accepted engagement built through the jobs and gigs services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from conftest import read_last_sms_code, township_code


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The shared fixtures create staff verifiers with passwords; PBKDF2 dominates the run time here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_job() -> Callable[..., Any]:
    from suzhaohuo.jobs.models import JobCategory
    from suzhaohuo.jobs.services import JobInput, job_create

    def factory(employer: Any, *, title: str = "大棚蔬菜采摘", township: str = "胡集镇", **overrides: Any) -> Any:
        category = JobCategory.objects.filter(parent__isnull=False).order_by("sort_order", "code").first()
        start = date.today() + timedelta(days=2)
        data = JobInput(title=title, description="在胡集镇大棚采摘黄瓜并装箱，现场有人指导。", category_code=category.code,
                        pay_unit="day", settlement="daily", headcount=3, township_code=township_code(township),
                        address="胡集镇农业园区3号棚", pay_min=Decimal("150"), pay_max=Decimal("180"),
                        start_date=start, end_date=start, daily_hours=Decimal("8"), work_time="07:00-16:00",
                        insurance_provided=True, benefits="商业意外伤害险")
        for key, value in overrides.items():
            setattr(data, key, value)
        return job_create(actor=employer.owner, employer=employer, data=data)

    return factory


@pytest.fixture
def accepted(make_worker: Any, make_employer: Any, make_job: Any) -> Callable[..., Any]:
    """accepted(name="张三") → (engagement, worker, employer) with an agreement waiting for signatures."""
    from suzhaohuo.gigs.services import engagement_accept, engagement_apply

    def factory(*, name: str = "张三", employer: Any = None, **job_overrides: Any) -> tuple[Any, Any, Any]:
        worker = make_worker(name=name)
        employer = employer or make_employer(name=f"宿迁{name}农业专业合作社")
        job = make_job(employer, **job_overrides)
        engagement = engagement_apply(worker=worker, job=job, consent=True)
        engagement = engagement_accept(actor=employer.owner, engagement=engagement)
        engagement.refresh_from_db()
        return engagement, worker, employer

    return factory


def sign_as(agreement: Any, user: Any) -> Any:
    """Request a signing code for ``user`` and sign with it, as a person would."""
    from django.test import TestCase

    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign

    agreement_request_code(agreement=agreement, user=user)
    with TestCase.captureOnCommitCallbacks(execute=True):  # as after a request: the agreement.signed event
        return agreement_sign(agreement=agreement, user=user, code=read_last_sms_code(user.mobile),
                              ip="10.1.2.3", user_agent="pytest")


@pytest.fixture
def sealed(accepted: Any) -> Callable[..., Any]:
    from suzhaohuo.agreements.selectors import agreement_for_engagement

    def factory(**kwargs: Any) -> Any:
        engagement, worker, employer = accepted(**kwargs)
        agreement = agreement_for_engagement(engagement)
        sign_as(agreement, worker)
        return sign_as(agreement, employer.owner)

    return factory

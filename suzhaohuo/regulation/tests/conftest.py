"""Fixtures for regulation tests (aggregation and carriers fixtures reused)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from suzhaohuo.aggregation.tests.conftest import agency, agency_key, farm, make_source  # noqa: F401
from suzhaohuo.carriers.tests.conftest import make_carrier  # noqa: F401

HUJI = "321322102"


@pytest.fixture
def regulator(make_staff: Callable[..., Any]) -> Any:
    """A 市场监管 regulator for 沭阳县."""
    from suzhaohuo.regulation.models import Membership

    user = make_staff(role="regulator", scope="沭阳县", username="shichang")
    Membership.objects.create(user=user, organisation="market")
    return user


@pytest.fixture
def job_input() -> Callable[..., Any]:
    from suzhaohuo.jobs.services import JobInput

    counter = {"n": 0}

    def factory(**overrides: Any) -> Any:
        counter["n"] += 1
        values: dict[str, Any] = dict(
            title=f"果园采摘工{counter['n']}号", description=f"在胡集镇果园第{counter['n']}片采摘桃子，中午管饭，男女不限。",
            category_code="agri.harvest", pay_unit="day", settlement="daily", headcount=5, township_code=HUJI,
            address="胡集镇桃园村3组", pay_min=Decimal("200"), pay_max=Decimal("240"), daily_hours=Decimal("8"))
        values.update(overrides)
        return JobInput(**values)

    return factory


def suspend(regulator: Any, employer: Any, days: int = 7) -> Any:
    from suzhaohuo.regulation.services import sanction_impose

    return sanction_impose(actor=regulator, kind="suspend_posting", subject_type="employer", subject_id=employer.pk,
                           legal_basis="《人力资源市场暂行条例》第四十三条", reason="发布虚假招聘信息，经查属实",
                           evidence=[{"type": "complaint", "ref": "C-1", "label": "投诉C-1"}], days=days)

"""Fixtures for complaints and cases: an unpaid 日结 engagement in 胡集镇, handlers, organisations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from suzhaohuo.gigs.tests.conftest import advance, make_job  # noqa: F401 - fixtures shared with gigs

HUJI = "321322102"
SHUYANG = "321322"


@pytest.fixture
def orgs(regions: None) -> dict[str, Any]:
    from suzhaohuo.disputes.services import organisation_create

    return {
        "huji": organisation_create(actor=None, kind="mediation", name="胡集镇劳动争议调解委员会", region_code=HUJI),
        "county": organisation_create(actor=None, kind="arbitration", name="沭阳县劳动人事争议仲裁院",
                                      region_code=SHUYANG, address="沭阳县人民路", phone="0527-83561234"),
    }


@pytest.fixture
def unpaid(make_job: Callable[..., Any], make_worker: Callable[..., Any],  # noqa: F811
           advance: Callable[..., Any], orgs: Any) -> Any:  # noqa: F811
    """A completed, unpaid 日结 engagement in 胡集镇 (worker 周桂兰)."""
    from suzhaohuo.gigs.services import engagement_apply

    job = make_job(start_in_days=0)
    worker = make_worker(name="周桂兰")
    eng = engagement_apply(worker=worker, job=job, consent=True)
    return advance(eng, to="completed")


@pytest.fixture
def mediator(make_staff: Callable[..., Any]) -> Any:
    return make_staff(role="mediator", scope="胡集镇", username="med_huji")


@pytest.fixture
def clerk(make_staff: Callable[..., Any]) -> Any:
    return make_staff(role="arbitration_clerk", scope="沭阳县", username="clerk_shuyang")


@pytest.fixture
def regulator(make_staff: Callable[..., Any]) -> Any:
    return make_staff(role="regulator", scope="沭阳县", username="reg_shuyang")

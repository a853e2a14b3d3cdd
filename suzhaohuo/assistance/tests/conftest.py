"""Fixtures for 就业援助: categories, a station staff member, an identified person, a public-welfare post."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

HUJI = "321322102"


@pytest.fixture
def categories(regions: None) -> None:
    from suzhaohuo.assistance.services import categories_load

    categories_load()


@pytest.fixture
def staff(make_staff: Any) -> Any:
    return make_staff(scope="沭阳县", username="shuyang_assist")


@pytest.fixture
def identify(staff: Any, categories: None, make_worker: Any) -> Callable[..., Any]:
    from suzhaohuo.assistance.services import person_identify

    def run(*, worker: Any = None, birth: str = "19800101", category: str = "long_term_unemployed",
            name: str = "李桂英") -> Any:
        worker = worker or make_worker(birth=birth, name=name)
        return person_identify(actor=staff, user=worker, category_code=category, consent=True,
                               consent_note="本人签字确认", evidence="失业登记证 3213220001")

    return run


@pytest.fixture
def make_post(staff: Any, categories: None) -> Callable[..., Any]:
    from suzhaohuo.assistance.services import PostInput, post_create

    def run(**kw: Any) -> Any:
        data = {"title": "村级保洁员", "unit_name": "胡集镇人民政府", "unit_kind": "township", "township_code": HUJI,
                "duties": "负责村内道路和公共区域保洁。", "hours": "工作日 7:00-11:00", "monthly_subsidy": "2000",
                "term_months": 12, "slots": 2}
        data.update(kw)
        return post_create(actor=staff, data=PostInput(**data))

    return run

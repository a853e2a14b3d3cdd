"""Fixtures for training tests: a verified provider and a two-session 家政 course in 胡集镇."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

HUJI = "321322102"


@pytest.fixture
def provider(make_staff: Callable[..., Any]) -> Any:
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.training.seeding import verified_provider

    owner = staff_create(actor=None, username="qiaoshou", password="Provider-pass-123", role="training_provider",
                         scope_region_code=HUJI, display_name="巧手培训学校")
    return verified_provider(owner=owner, staff=make_staff(scope="胡集镇"), township_code=HUJI)


@pytest.fixture
def make_course(provider: Any) -> Callable[..., Any]:
    from suzhaohuo.training.seeding import course_with_sessions

    def factory(**kw: Any) -> Any:
        kw.setdefault("township_code", HUJI)
        return course_with_sessions(provider=provider, **kw)

    return factory

"""A difficulty category's age conditions are checked against the verified birth date (new-user walk, issue #11)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.assistance import services
from suzhaohuo.assistance.models import DifficultyCategory
from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


def _born(years_ago: int) -> str:
    today = timezone.localdate()
    return date(today.year - years_ago, 1, 1).strftime("%Y%m%d")


def test_near_retirement_category_needs_less_than_ten_years_to_retirement(identify: Any) -> None:
    # male, retirement at 60 (settings): born 35 years ago has 25 years left
    with pytest.raises(AppError) as exc:
        identify(birth=_born(35), category="near_retirement")
    assert exc.value.field == "category_code" and exc.value.code == "not_eligible"
    assert "距法定退休年龄不足10年" in exc.value.message
    person = identify(birth=_born(52), category="near_retirement", name="王建国")  # 8 years left
    assert person.category.code == "near_retirement"


def test_no_category_past_retirement_age_or_under_sixteen(identify: Any) -> None:
    with pytest.raises(AppError) as exc:
        identify(birth=_born(61), category="long_term_unemployed")
    assert "已到法定退休年龄" in exc.value.message
    with pytest.raises(AppError) as exc:
        identify(birth=_born(15), category="long_term_unemployed", name="小明")
    assert "未满16周岁" in exc.value.message


def test_category_min_and_max_age_are_data(identify: Any) -> None:
    DifficultyCategory.objects.filter(code="graduate_unemployed").update(max_age=30)
    with pytest.raises(AppError) as exc:
        identify(birth=_born(45), category="graduate_unemployed")
    assert "要求未满30周岁" in exc.value.message and "45周岁" in exc.value.message
    assert identify(birth=_born(24), category="graduate_unemployed", name="刘洋").category.code == "graduate_unemployed"


def test_shipped_list_carries_the_near_retirement_condition(categories: None) -> None:
    assert DifficultyCategory.objects.get(city_code="3213", code="near_retirement").max_years_to_retirement == 10
    assert services.categories_load() >= 9  # reloading keeps it
    assert DifficultyCategory.objects.get(city_code="3213", code="near_retirement").max_years_to_retirement == 10

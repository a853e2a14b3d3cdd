"""Issue #19: the normaliser remembers the answers for repeated pay and place texts; remembering changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.aggregation import normalize as nz
from suzhaohuo.aggregation.normalize import parse_pay


@pytest.fixture
def lookups(regions: None) -> Any:
    from suzhaohuo.aggregation.pipeline import build_lookups

    return build_lookups()


def test_a_remembered_pay_answer_is_a_fresh_copy_each_time() -> None:
    first = parse_pay("150元/天")
    first.pay_min, first.unit = None, "month"  # a caller changing its answer…
    again = parse_pay("150元/天")
    assert (again.pay_min, again.pay_max, again.unit) == (150, 150, "day")  # …changes no later answer
    assert parse_pay(200).pay_min == 200  # numbers from a spreadsheet cell are parsed, not remembered


PLACES = [("", "沭阳县胡集镇"), ("泗洪县", "城区"), ("", "火星镇"), ("宿豫区", "开发区"), ("", ""), ("沭阳县", ""),
          ("", "胡集"), ("", "沭阳县胡集镇 泗阳县众兴镇"), ("泗阳县", "胡集镇")]


def test_remembered_place_answers_equal_fresh_ones_and_stay_bounded(lookups: Any, monkeypatch: Any) -> None:
    index = lookups.regions
    for texts in PLACES * 2:
        assert index.resolve(*texts) == index._resolve(texts)
    monkeypatch.setattr(nz, "RESOLVE_MEMO", 3)
    index._memo.clear()
    for texts in PLACES:
        assert index.resolve(*texts) == index._resolve(texts)
        assert len(index._memo) <= 3

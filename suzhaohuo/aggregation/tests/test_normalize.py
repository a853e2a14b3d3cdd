"""Normalisation: pay text, dates and times, place names, categories — and doubts flagged, never guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from suzhaohuo.aggregation.normalize import normalize, parse_date, parse_pay, parse_work_time


@pytest.mark.parametrize("text,low,high,unit,settlement,negotiable", [
    ("150元/天", "150", "150", "day", "", False),
    ("20-25元/小时", "20", "25", "hour", "", False),
    ("计件0.5元/件", "0.5", "0.5", "piece", "", False),
    ("月薪4000-6000", "4000", "6000", "month", "monthly", False),
    ("日结200", "200", "200", "day", "daily", False),
    ("面议", None, None, "", "", True),
    ("１５０元／天", "150", "150", "day", "", False),  # full-width digits and slash
    ("4,000元/月", "4000", "4000", "month", "", False),
    ("1.2万/月", "12000", "12000", "month", "", False),
    ("时薪18~22元", "18", "22", "hour", "", False),
])
def test_pay_text(text: str, low: str | None, high: str | None, unit: str, settlement: str, negotiable: bool) -> None:
    pay = parse_pay(text)
    assert (pay.pay_min, pay.pay_max) == (Decimal(low) if low else None, Decimal(high) if high else None)
    assert (pay.unit, pay.settlement, pay.negotiable) == (unit, settlement, negotiable)


def test_dates_and_times() -> None:
    today = date(2026, 6, 1)
    assert parse_date("2026-07-01", today=today) == (date(2026, 7, 1), False)
    assert parse_date("2026年7月1日", today=today) == (date(2026, 7, 1), False)
    assert parse_date("2026/7/1", today=today) == (date(2026, 7, 1), False)
    assert parse_date("7月1日", today=today) == (date(2026, 7, 1), True)  # year assumed → flagged by normalize
    assert parse_date(46204, today=today) == (date(2026, 7, 1), False)  # an Excel serial day
    with pytest.raises(ValueError):
        parse_date("下周一", today=today)
    assert parse_work_time("8:00-17:00") == ("08:00-17:00", Decimal("9.0"))
    assert parse_work_time("早8点-晚5点") == ("08:00-17:00", Decimal("9.0"))
    assert parse_work_time("看活儿安排")[1] is None


def record(**over: Any) -> dict[str, Any]:
    values = {"title": "建筑小工", "description": "工地搬砖，包午饭", "employer_name": "某建筑公司", "pay": "200元/天",
              "settlement": "日结", "headcount": "5人", "township": "胡集镇", "county": "沭阳县"}
    values.update(over)
    return values


@pytest.fixture
def lookups(regions: None) -> Any:
    from suzhaohuo.aggregation.pipeline import build_lookups

    return build_lookups()


@pytest.mark.django_db
@pytest.mark.parametrize("place,expected", [
    ({"county": "", "township": "沭阳胡集"}, "321322102"),  # short forms: 沭阳 + 胡集 → 胡集镇
    ({"county": "", "township": "", "address": "沭阳县颜集镇堰下村花木市场东"}, "321322116"),  # a street address
    ({"county": "泗洪", "township": "双沟"}, "321324101"),
    ({"county": "宿城区", "township": "洋河镇"}, "321302150"),
])
def test_place_text_to_township(lookups: Any, place: dict[str, str], expected: str) -> None:
    out = normalize(record(**place), lookups)
    assert out.township_code == expected and not out.errors


@pytest.mark.django_db
def test_places_that_cannot_be_resolved_are_refused_with_reasons(lookups: Any) -> None:
    # a county-only place is held for review under the county seat, never refused
    only_county = normalize(record(county="沭阳县", township="", address=""), lookups)
    assert not only_county.errors and only_county.township_code == "321322001"
    assert [i.field for i in only_county.reviews] == ["township"] and "乡镇" in only_county.reviews[0].message
    two = normalize(record(county="", township="", address="胡集镇到颜集镇之间"), lookups)
    assert "多个乡镇" in two.errors[0].message
    abroad = normalize(record(county="Detroit", township="", address="555 Clancy St"), lookups)
    assert "不在本市" in abroad.errors[0].message
    # coordinates alone: the nearest township of the county they fall in, held for a person to confirm
    coords = normalize(record(county="", township="", lat=34.12, lng=118.75), lookups)
    assert not coords.errors and coords.township_code.startswith("321322") and coords.reviews


@pytest.mark.django_db
def test_category_by_keywords_and_flags(lookups: Any) -> None:
    assert normalize(record(category=""), lookups).category_code == "construction.labour"
    assert normalize(record(title="外卖骑手", description="送餐", category=""), lookups).category_code == "delivery.rider"
    unknown = normalize(record(title="帮忙", description="临时帮忙", category=""), lookups)
    assert unknown.category_code == "other.misc" and [i.field for i in unknown.reviews] == ["category"]


@pytest.mark.django_db
def test_doubts_are_review_flags_not_silent_guesses(lookups: Any) -> None:
    out = normalize(record(pay="面议", settlement="", headcount=""), lookups)
    fields = {i.field for i in out.reviews}
    assert {"pay", "pay_unit", "settlement", "headcount"} <= fields and not out.errors
    bad = normalize(record(pay="看情况", headcount="很多"), lookups)
    assert {i.field for i in bad.errors} == {"pay", "headcount"}
    some = normalize(record(headcount="若干"), lookups)  # unspecified headcount: accepted, held for a person
    assert not some.errors and some.headcount == 1 and [i.field for i in some.reviews] == ["headcount"]


@pytest.mark.parametrize("text,hours", [
    ("中午11点至下午2点", "3.0"), ("每天10小时", "10"), ("8:00-17:00", "9.0"), ("8:00-12:00,14:00-18:00", "8.0"),
    ("下午1点-5点", "4.0"), ("每天工作8个半小时", "8.5"), ("工作6小时/天", "6"), ("7:30至11:30", "4.0"),
    ("包吃住，活不累", None),
])
def test_working_hours_from_any_text(text: str, hours: str | None) -> None:
    from suzhaohuo.aggregation.normalize import hours_from_text

    assert hours_from_text(text) == (Decimal(hours) if hours else None)


@pytest.mark.django_db
def test_hours_written_in_any_column_reach_the_minimum_wage_check(lookups: Any) -> None:
    # a 3-hour lunch shift paid 1000/month: judged against the hourly minimum × 3h, not the full-time monthly minimum
    out = normalize(record(title="食堂帮厨", description="学校食堂帮厨，中午11点至下午2点", pay="1000", pay_unit="元/月",
                           settlement="月结"), lookups)
    assert out.daily_hours == Decimal("3.0") and not out.errors
    out = normalize(record(requirements="每天10小时，两班倒"), lookups)
    assert out.daily_hours == Decimal("10")


@pytest.mark.django_db
@pytest.mark.parametrize("raw,expected", [
    ("2026.12.31", date(2026, 12, 31)), ("2026年12月31日", date(2026, 12, 31)), ("2026/12/31", date(2026, 12, 31)),
    ("2026-12-31", date(2026, 12, 31)), (46387, date(2026, 12, 31)), ("46387", date(2026, 12, 31)),
    ("2026年12月31日前", date(2026, 12, 31)),
])
def test_deadline_spellings_fill_valid_until(lookups: Any, raw: Any, expected: date) -> None:
    lookups.today = date(2026, 12, 1)
    out = normalize(record(valid_until=raw), lookups)
    assert not out.errors and out.valid_until is not None and out.valid_until.date() == expected


@pytest.mark.django_db
def test_deadline_words_impossible_dates_and_caps(lookups: Any) -> None:
    lookups.today = date(2026, 12, 1)
    forever = normalize(record(valid_until="长期有效"), lookups)
    assert not forever.errors and not forever.reviews and forever.valid_until.date() == date(2026, 12, 31)
    assert [i.field for i in forever.notes] == ["valid_until"] and "长期" in forever.notes[0].message
    assert normalize(record(valid_until="招满为止"), lookups).notes
    impossible = normalize(record(valid_until="2026.2.30"), lookups)
    assert [i.field for i in impossible.errors] == ["valid_until"] and "2026.2.30" in impossible.errors[0].message
    capped = normalize(record(valid_until="2027.12.31"), lookups)
    assert capped.valid_until.date() == date(2027, 3, 1) and [i.field for i in capped.reviews] == ["valid_until"]


@pytest.mark.django_db
@pytest.mark.parametrize("place,expected", [
    ({"county": "沭阳县", "township": "县城"}, "321322001"),  # 县城 means 沭城街道
    ({"county": "", "township": "", "address": "泗阳县城众兴路"}, "321323001"),
    ({"county": "泗洪县", "township": "城区"}, "321324001"),
    ({"county": "", "township": "", "address": "沭阳县经济开发区华山路"}, "321322401"),
    ({"county": "泗阳县", "township": "经济开发区"}, "321323402"),
    ({"county": "", "township": "宿豫开发区"}, "321311401"),
])
def test_county_seat_and_development_zone_places(lookups: Any, place: dict[str, str], expected: str) -> None:
    out = normalize(record(**place), lookups)
    assert out.township_code == expected and not out.errors and not out.reviews

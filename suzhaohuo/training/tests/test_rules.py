"""The pure rule engines on hand-built data, with exact expected results."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from suzhaohuo.training import rules
from suzhaohuo.training.rules import (
    Badge,
    BadgeCriteria,
    SubsidyFacts,
    SubsidyRule,
    WorkerRecord,
    evaluate_badge,
    evaluate_subsidy,
)

RULE_A = SubsidyRule(code="A", name="规则甲", effective_from=date(2026, 1, 1), effective_to=None,
                     groups=frozenset({"difficulty", "rural_transfer"}), category_prefixes=("domestic",),
                     levels=frozenset({"special"}), requires_certificate=True, amount=Decimal("100.00"), max_per_year=1)
RULE_B = SubsidyRule(code="B", name="规则乙", effective_from=date(2026, 1, 1), effective_to=date(2026, 6, 30),
                     groups=frozenset({"unemployed"}), category_prefixes=(), levels=frozenset({"special", "junior"}),
                     requires_certificate=False, amount=Decimal("300.00"), max_per_year=2)
RULES = (RULE_A, RULE_B)


def facts(**kw):
    base = {"on": date(2026, 11, 20), "groups": frozenset({"difficulty"}), "category_code": "domestic.housekeeping",
            "level": "special", "course_listed": True, "has_certificate": True, "used_this_year": {}}
    base.update(kw)
    return SubsidyFacts(**base)


def test_subsidy_eligible_under_rule_a_with_reason():
    d = evaluate_subsidy(facts(), RULES)
    assert (d.eligible, d.rule_code, d.amount) == (True, "A", Decimal("100.00"))
    assert d.reasons == ["符合「规则甲」：学员为就业困难人员，课程等级和工种在补贴范围内，每年最多1次"]


def test_course_not_in_catalogue():
    d = evaluate_subsidy(facts(course_listed=False), RULES)
    assert (d.eligible, d.rule_code, d.amount, d.reasons) == (False, "", None, ["这门课程未纳入职业培训补贴目录"])


def test_rule_b_expired_by_date_and_a_needs_group():
    # On 2026-11-20 rule B (ended 2026-06-30) is not in force; rule A does not cover 登记失业人员.
    d = evaluate_subsidy(facts(groups=frozenset({"unemployed"})), RULES)
    assert d.eligible is False
    assert d.reasons == ["「规则甲」只补贴就业困难人员、农村转移劳动力，学员未登记为其中任何一类"]
    # The same person in May is covered by rule B, the higher amount first, and B needs no certificate.
    d = evaluate_subsidy(facts(on=date(2026, 5, 10), groups=frozenset({"unemployed"}), has_certificate=False), RULES)
    assert (d.eligible, d.rule_code, d.amount) == (True, "B", Decimal("300.00"))


def test_times_per_year_and_certificate_and_category():
    d = evaluate_subsidy(facts(used_this_year={"A": 1}), RULES)
    assert d.reasons == ["「规则甲」每人每年最多1次，本年度已享受1次"]
    d = evaluate_subsidy(facts(has_certificate=False), RULES)
    assert d.reasons == ["「规则甲」要求取得培训合格证书，尚未取得"]
    d = evaluate_subsidy(facts(category_code="delivery.rider"), RULES)
    assert d.reasons == ["「规则甲」不包括这个工种"]
    d = evaluate_subsidy(facts(on=date(2025, 12, 31)), RULES)
    assert d.reasons == ["2025-12-31没有生效的补贴规则"]


def test_shipped_rules_are_marked_example():
    assert rules.subsidy_rules_are_example() is True
    assert all("示例" in r.name for r in rules.subsidy_rules())


CRIT = BadgeCriteria(version="1", effective_from=date(2026, 1, 1), months=12, min_completed=5,
                     min_rating=Decimal("4.5"), min_rating_count=3, min_on_time_share=Decimal("0.9"),
                     no_upheld_complaint=True, certificate_category_prefix="domestic")
BADGE = Badge("gold_domestic", "金牌家政", "domestic", (CRIT,))


def rec(**kw):
    base = {"completed": 5, "rating_sum": 23, "rating_count": 5, "checkins_on_time": 5, "checkins_due": 5,
            "upheld_complaints": 0, "has_certificate": True}
    base.update(kw)
    return WorkerRecord(**base)


def test_badge_met_exactly_at_the_thresholds():
    p = evaluate_badge(BADGE, CRIT, rec(completed=5, rating_sum=27, rating_count=6, checkins_on_time=9,
                                        checkins_due=10))
    assert p.met is True  # 5 orders, 4.50 average, 90% on time
    assert p.summary == "已达到「金牌家政」标准"


def test_badge_progress_says_how_many_orders_are_missing():
    p = evaluate_badge(BADGE, CRIT, rec(completed=2, rating_sum=10, rating_count=2, checkins_on_time=2,
                                        checkins_due=2))
    assert p.met is False
    assert [(r.code, r.ok) for r in p.results] == [("completed", False), ("rating", False), ("on_time", True),
                                                   ("complaint", True), ("certificate", True)]
    assert p.summary == "还差3单；还需1条雇主评价"


def test_badge_fails_on_rating_on_time_complaint_and_certificate():
    p = evaluate_badge(BADGE, CRIT, rec(rating_sum=22, rating_count=5, checkins_on_time=8, checkins_due=10,
                                        upheld_complaints=1, has_certificate=False))
    assert [r.code for r in p.missing] == ["rating", "on_time", "complaint", "certificate"]
    assert p.results[1].detail == "当前平均4.40分"
    assert p.results[2].detail == "当前80%（8/10）"


def test_criteria_versions_by_date():
    v2 = dataclasses.replace(CRIT, version="2", effective_from=date(2027, 1, 1), min_completed=8)
    badge = Badge("gold_domestic", "金牌家政", "domestic", (CRIT, v2))
    assert badge.criteria_on(date(2026, 12, 31)).version == "1"
    assert badge.criteria_on(date(2027, 1, 1)).version == "2"
    assert badge.criteria_on(date(2025, 1, 1)) is None
    assert evaluate_badge(badge, v2, rec()).summary == "还差3单"


def test_shipped_badges_include_the_plan_brands():
    names = {b.name for b in rules.badges()}
    assert {"五星骑手", "金牌家政"} <= names

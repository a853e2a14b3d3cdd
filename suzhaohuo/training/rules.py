"""Pure rule engines (no database): subsidy eligibility and certification-badge criteria.

Both read their rules from versioned JSON data (data/subsidy_rules.json, data/badges.json) and judge plain
facts gathered by ``selectors``, so the tests can check them on hand-built data with exact results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

DATA = Path(__file__).parent / "data"


# --- subsidy eligibility --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SubsidyRule:
    code: str
    name: str
    effective_from: date
    effective_to: date | None
    groups: frozenset[str]
    category_prefixes: tuple[str, ...]  # empty: any category
    levels: frozenset[str]
    requires_certificate: bool
    amount: Decimal
    max_per_year: int

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SubsidyRule:
        return cls(code=d["code"], name=d["name"], effective_from=date.fromisoformat(d["effective_from"]),
                   effective_to=date.fromisoformat(d["effective_to"]) if d.get("effective_to") else None,
                   groups=frozenset(d.get("groups", [])), category_prefixes=tuple(d.get("category_prefixes", [])),
                   levels=frozenset(d.get("levels", [])), requires_certificate=bool(d.get("requires_certificate")),
                   amount=Decimal(str(d["amount"])), max_per_year=int(d.get("max_per_year", 1)))


@dataclass(frozen=True)
class SubsidyFacts:
    on: date  # the day judged (completion day, or today while the course runs)
    groups: frozenset[str]  # confirmed person groups
    category_code: str
    level: str
    course_listed: bool  # the course is in the subsidy catalogue
    has_certificate: bool
    used_this_year: dict[str, int] = field(default_factory=dict)  # rule code -> other subsidised enrolments


@dataclass
class SubsidyDecision:
    eligible: bool
    rule_code: str = ""
    amount: Decimal | None = None
    reasons: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def subsidy_rules() -> tuple[SubsidyRule, ...]:
    data = json.loads((DATA / "subsidy_rules.json").read_text(encoding="utf-8"))
    return tuple(SubsidyRule.from_dict(r) for r in data["rules"])


def subsidy_rule_name(code: str) -> str:
    """A rule's Chinese name for pages (its code stays in the data and the department's Excel)."""
    return next((r.name for r in subsidy_rules() if r.code == code), code)


def subsidy_rules_are_example() -> bool:
    return bool(json.loads((DATA / "subsidy_rules.json").read_text(encoding="utf-8")).get("example"))


def _group_names(codes: frozenset[str] | set[str]) -> str:
    from suzhaohuo.training.choices import PersonGroup

    labels = dict(PersonGroup.choices)
    return "、".join(str(labels.get(c, c)) for c in sorted(codes))


def _rule_failure(rule: SubsidyRule, f: SubsidyFacts) -> str | None:
    if rule.levels and f.level not in rule.levels:
        return _("「%(r)s」不适用于这个等级的课程") % {"r": rule.name}
    if rule.category_prefixes and not any(f.category_code == p or f.category_code.startswith(p + ".")
                                          for p in rule.category_prefixes):
        return _("「%(r)s」不包括这个工种") % {"r": rule.name}
    if not (rule.groups & f.groups):
        return _("「%(r)s」只补贴%(g)s，学员未登记为其中任何一类") % {"r": rule.name, "g": _group_names(rule.groups)}
    if rule.requires_certificate and not f.has_certificate:
        return _("「%(r)s」要求取得培训合格证书，尚未取得") % {"r": rule.name}
    used = f.used_this_year.get(rule.code, 0)
    if used >= rule.max_per_year:
        return _("「%(r)s」每人每年最多%(m)d次，本年度已享受%(u)d次") % {"r": rule.name, "m": rule.max_per_year,
                                                                 "u": used}
    return None


def evaluate_subsidy(facts: SubsidyFacts, rules: tuple[SubsidyRule, ...] | None = None) -> SubsidyDecision:
    """The first rule in force that the enrolment meets (highest amount first), with the reasons."""
    rules = subsidy_rules() if rules is None else rules
    if not facts.course_listed:
        return SubsidyDecision(False, reasons=[_("这门课程未纳入职业培训补贴目录")])
    in_force = sorted((r for r in rules if r.in_force(facts.on)), key=lambda r: (-r.amount, r.code))
    if not in_force:
        return SubsidyDecision(False, reasons=[_("%(d)s没有生效的补贴规则") % {"d": facts.on.isoformat()}])
    reasons: list[str] = []
    for rule in in_force:
        failure = _rule_failure(rule, facts)
        if failure is None:
            matched = _group_names(rule.groups & facts.groups)
            return SubsidyDecision(True, rule.code, rule.amount, [
                _("符合「%(r)s」：学员为%(g)s，课程等级和工种在补贴范围内，每年最多%(m)d次") % {
                    "r": rule.name, "g": matched, "m": rule.max_per_year}])
        reasons.append(failure)
    return SubsidyDecision(False, reasons=reasons)


# --- certification badges --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadgeCriteria:
    version: str
    effective_from: date
    months: int
    min_completed: int
    min_rating: Decimal
    min_rating_count: int
    min_on_time_share: Decimal
    no_upheld_complaint: bool
    certificate_category_prefix: str  # "" = no certificate needed


@dataclass(frozen=True)
class Badge:
    code: str
    name: str
    category_prefix: str
    versions: tuple[BadgeCriteria, ...]

    def criteria_on(self, on: date) -> BadgeCriteria | None:
        current = [v for v in self.versions if v.effective_from <= on]
        return max(current, key=lambda v: v.effective_from) if current else None


@lru_cache(maxsize=1)
def badges() -> tuple[Badge, ...]:
    data = json.loads((DATA / "badges.json").read_text(encoding="utf-8"))
    out = []
    for b in data["badges"]:
        versions = tuple(BadgeCriteria(
            version=str(v["version"]), effective_from=date.fromisoformat(v["effective_from"]),
            months=int(v["months"]), min_completed=int(v["min_completed"]), min_rating=Decimal(str(v["min_rating"])),
            min_rating_count=int(v.get("min_rating_count", 1)),
            min_on_time_share=Decimal(str(v["min_on_time_share"])),
            no_upheld_complaint=bool(v.get("no_upheld_complaint", True)),
            certificate_category_prefix=v.get("certificate_category_prefix", "")) for v in b["versions"])
        out.append(Badge(b["code"], b["name"], b["category_prefix"], versions))
    return tuple(out)


def badge_by_code(code: str) -> Badge | None:
    return next((b for b in badges() if b.code == code), None)


@dataclass(frozen=True)
class WorkerRecord:
    """What the platform's records say about a worker in one category over the criteria's window."""

    completed: int
    rating_sum: int
    rating_count: int
    checkins_on_time: int
    checkins_due: int  # engagements that needed a check-in (done or no-show)
    upheld_complaints: int
    has_certificate: bool

    @property
    def rating_avg(self) -> Decimal | None:
        if not self.rating_count:
            return None
        return (Decimal(self.rating_sum) / Decimal(self.rating_count)).quantize(Decimal("0.01"))

    @property
    def on_time_share(self) -> Decimal | None:
        if not self.checkins_due:
            return None
        return (Decimal(self.checkins_on_time) / Decimal(self.checkins_due)).quantize(Decimal("0.001"))


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    ok: bool
    detail: str


@dataclass
class BadgeProgress:
    badge: Badge
    criteria: BadgeCriteria
    met: bool
    results: list[CriterionResult]
    summary: str

    @property
    def missing(self) -> list[CriterionResult]:
        return [r for r in self.results if not r.ok]


def evaluate_badge(badge: Badge, criteria: BadgeCriteria, rec: WorkerRecord) -> BadgeProgress:
    results: list[CriterionResult] = []
    short = rec.completed < criteria.min_completed
    need = criteria.min_completed - rec.completed
    results.append(CriterionResult(
        "completed", _("近%(m)d个月完成%(n)d单以上") % {"m": criteria.months, "n": criteria.min_completed}, not short,
        _("还差%(k)d单") % {"k": need} if short else _("已完成%(c)d单") % {"c": rec.completed}))
    avg = rec.rating_avg
    rating_ok = rec.rating_count >= criteria.min_rating_count and avg is not None and avg >= criteria.min_rating
    if rec.rating_count < criteria.min_rating_count:
        rdetail = _("还需%(k)d条雇主评价") % {"k": criteria.min_rating_count - rec.rating_count}
    else:
        rdetail = _("当前平均%(a)s分") % {"a": avg}
    results.append(CriterionResult("rating", _("雇主平均评分不低于%(r)s分") % {"r": criteria.min_rating}, rating_ok,
                                   rdetail))
    share = rec.on_time_share
    ontime_ok = share is not None and share >= criteria.min_on_time_share
    results.append(CriterionResult(
        "on_time", _("按时到岗率不低于%(p)d%%") % {"p": int(criteria.min_on_time_share * 100)}, ontime_ok,
        _("暂无到岗记录") if share is None else _("当前%(p)d%%（%(a)d/%(b)d）") % {
            "p": int(share * 100), "a": rec.checkins_on_time, "b": rec.checkins_due}))
    if criteria.no_upheld_complaint:
        ok = rec.upheld_complaints == 0
        results.append(CriterionResult("complaint", _("期间无成立的投诉"), ok,
                                       "" if ok else _("有%(n)d件投诉经核实成立") % {"n": rec.upheld_complaints}))
    if criteria.certificate_category_prefix:
        results.append(CriterionResult("certificate", _("持有本工种的培训合格证书"), rec.has_certificate,
                                       "" if rec.has_certificate else _("尚未取得，可报名相关培训课程")))
    met = all(r.ok for r in results)
    if met:
        summary = _("已达到「%(b)s」标准") % {"b": badge.name}
    else:
        summary = "；".join(r.detail or r.label for r in results if not r.ok)
    return BadgeProgress(badge, criteria, met, results, summary)

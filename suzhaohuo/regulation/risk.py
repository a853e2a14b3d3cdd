"""The risk-identification model (风险识别模型): explainable signals, thresholds and weights as data
(``RiskRule``, seeded from ``data/risk_rules.json``), one score per account and family with the evidence behind
every signal. Scraping signals throttle the account at once and alert the regulators in scope."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from statistics import median
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.core.models import AuditEvent, PiiAccessLog
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.roles import Role
from suzhaohuo.kernel.states import JobStatus
from suzhaohuo.regulation.choices import RiskFamily, RiskFlagStatus
from suzhaohuo.regulation.models import RiskEvent, RiskFlag, RiskRule

RULES_FILE = Path(__file__).parent / "data" / "risk_rules.json"
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
OFF_HOURS = (22, 6)  # local hours: from 22:00 to 06:00
# Accounts that post for many employers as their job (recorded authorisation): not intermediaries.
LEGIT_MULTI_POSTERS = frozenset({Role.STATION_STAFF, Role.DEPARTMENT_OPERATOR, Role.ADMIN})


def default_rules() -> list[dict[str, Any]]:
    return list(json.loads(RULES_FILE.read_text(encoding="utf-8")))


def rules_seed(apps: Any = None) -> int:
    """Create missing rules from the data file (existing rows keep their edited thresholds)."""
    model = apps.get_model("regulation", "RiskRule") if apps is not None else RiskRule
    n = 0
    for r in default_rules():
        _obj, created = model.objects.get_or_create(code=r["code"], defaults={
            "family": r["family"], "label": r["label"], "threshold": Decimal(str(r["threshold"])),
            "weight": r["weight"], "window_hours": r["window_hours"], "throttle": r["throttle"]})
        n += int(created)
    return n


def rules() -> dict[str, RiskRule]:
    found = {r.code: r for r in RiskRule.objects.filter(enabled=True)}
    if not RiskRule.objects.exists():
        rules_seed()
        found = {r.code: r for r in RiskRule.objects.filter(enabled=True)}
    return found


@dataclass
class Signal:
    code: str
    label: str
    value: float
    threshold: float
    weight: int
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "value": self.value, "threshold": self.threshold,
                "weight": self.weight, "evidence": self.evidence[:20]}


def _since(rule: RiskRule, now: datetime) -> datetime:
    return now - timedelta(hours=rule.window_hours)


def _hit(rule: RiskRule | None, value: float, evidence: list[str]) -> Signal | None:
    if rule is None or value < float(rule.threshold):
        return None
    return Signal(rule.code, rule.label, round(float(value), 2), float(rule.threshold), rule.weight, evidence)


# --- black-intermediary signals ------------------------------------------------------------------

def intermediary_signals(*, now: datetime | None = None) -> dict[int, list[Signal]]:
    """Per poster account: the intermediary signals that fire. Reads postings, findings, audit and events."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.search.services import pay_daily_of

    now = now or timezone.now()
    rs = rules()
    out: dict[int, list[Signal]] = defaultdict(list)
    window = max((r.window_hours for r in rs.values() if r.family == RiskFamily.INTERMEDIARY), default=720)
    jobs = list(Job.objects.filter(created_at__gte=now - timedelta(hours=window))
                .select_related("employer", "category", "posted_by")
                .only("id", "title", "description", "requirements", "employer_id", "employer__name",
                      "employer__owner_id", "employer__is_agency", "employer__hr_licence_number", "posted_by_id",
                      "posted_by__role", "pay_min", "pay_max", "pay_unit", "daily_hours", "category_id",
                      "category__code", "screening_findings", "created_at"))

    def poster_of(job: Any) -> int | None:
        return job.posted_by_id or job.employer.owner_id

    licensed_owner: dict[int, bool] = {}
    from suzhaohuo.regulation.selectors import licence_register

    register = licence_register()
    for job in jobs:
        emp = job.employer
        if emp.owner_id not in licensed_owner:
            licensed_owner[emp.owner_id] = bool(emp.is_agency and emp.hr_licence_number
                                                and register.check(emp.hr_licence_number).ok)

    # 1. an unlicensed account posting for many employers
    rule = rs.get("multi_employer_poster")
    if rule is not None:
        by_poster: dict[int, dict[int, str]] = defaultdict(dict)
        roles: dict[int, str] = {}
        for job in jobs:
            if job.posted_by_id and job.created_at >= _since(rule, now):
                by_poster[job.posted_by_id][job.employer_id] = job.employer.name
                roles[job.posted_by_id] = getattr(job.posted_by, "role", "")
        for uid, emps in by_poster.items():
            if roles.get(uid) in LEGIT_MULTI_POSTERS or licensed_owner.get(uid):
                continue
            sig = _hit(rule, len(emps), [_("为“%(e)s”发布岗位") % {"e": n} for n in sorted(emps.values())])
            if sig:
                out[uid].append(sig)

    # 2. one contact number behind several employers
    rule = rs.get("shared_contact")
    if rule is not None:
        numbers: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))  # number → employer → jobs
        posters: dict[str, set[int]] = defaultdict(set)
        for job in jobs:
            for number in set(MOBILE_RE.findall(f"{job.title} {job.description} {job.requirements}")):
                numbers[number][job.employer_id].add(job.pk)
                p = poster_of(job)
                if p:
                    posters[number].add(p)
        for number, by_emp in numbers.items():
            masked = f"{number[:3]}****{number[-4:]}"
            sig = _hit(rule, len(by_emp), [_("号码%(m)s出现在%(n)s家单位的岗位（编号%(ids)s）")
                                           % {"m": masked, "n": len(by_emp),
                                              "ids": ",".join(str(i) for s in by_emp.values() for i in sorted(s))[:80]}])
            if sig:
                for uid in posters[number]:
                    if User.objects.filter(pk=uid, role__in=LEGIT_MULTI_POSTERS).exists():
                        continue
                    out[uid].append(sig)

    # 3. fee / deposit findings in the account's postings
    rule = rs.get("fee_findings")
    if rule is not None:
        fees: dict[int, list[str]] = defaultdict(list)
        for job in jobs:
            cats = {str(f.get("category", "")) for f in (job.screening_findings or []) if isinstance(f, dict)}
            if "fee" in cats and poster_of(job):
                fees[poster_of(job)].append(_("岗位%(id)s「%(t)s」含收费表述") % {"id": job.pk, "t": job.title})  # type: ignore[index]
        for uid, ev in fees.items():
            sig = _hit(rule, len(ev), ev)
            if sig:
                out[uid].append(sig)

    # 4. fee complaints upheld (recorded from complaint.upheld events)
    rule = rs.get("fee_complaints")
    if rule is not None:
        complaints = (RiskEvent.objects.filter(code="fee_complaint", created_at__gte=_since(rule, now))
                      .values("user_id").annotate(n=Count("id")))
        for crow in complaints:
            sig = _hit(rule, crow["n"], [_("收费类投诉成立%(n)s件") % {"n": crow["n"]}])
            if sig:
                out[crow["user_id"]].append(sig)

    # 5. pay far above the category's market (高薪诱饵)
    rule = rs.get("bait_pay")
    if rule is not None:
        market = _market_pay()
        for job in jobs:
            pay = pay_daily_of(job)
            med = market.get(job.category.code)
            if pay is None or not med or not poster_of(job):
                continue
            ratio = float(pay) / med
            sig = _hit(rule, ratio, [_("岗位%(id)s「%(t)s」折合日薪%(p)s元，同类中位数%(m)s元")
                                     % {"id": job.pk, "t": job.title, "p": pay, "m": round(med)}])
            if sig:
                existing = next((s for s in out[poster_of(job)] if s.code == sig.code), None)  # type: ignore[index]
                if existing:
                    existing.evidence += sig.evidence
                    existing.value = max(existing.value, sig.value)
                else:
                    out[poster_of(job)].append(sig)  # type: ignore[index]

    # 6. repeated blocked submissions
    rule = rs.get("blocked_submissions")
    if rule is not None:
        blocked = (AuditEvent.objects.filter(action="jobs.submit_blocked", created_at__gte=_since(rule, now),
                                             actor__isnull=False).values("actor_id").annotate(n=Count("id")))
        for brow in blocked:
            sig = _hit(rule, brow["n"], [_("%(n)s次提交因违规内容被拦截") % {"n": brow["n"]}])
            if sig:
                out[brow["actor_id"]].append(sig)
    return out


def _market_pay(min_samples: int = 5) -> dict[str, float]:
    """Median day pay per category over published postings (the 'market'), where there are enough of them."""
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.search.services import pay_daily_of

    by_cat: dict[str, list[float]] = defaultdict(list)
    for job in (Job.objects.filter(status=JobStatus.PUBLISHED).select_related("category")
                .only("pay_min", "pay_max", "pay_unit", "daily_hours", "category__code")[:20000]):
        pay = pay_daily_of(job)
        if pay is not None and pay > 0:
            by_cat[job.category.code].append(float(pay))
    return {k: median(v) for k, v in by_cat.items() if len(v) >= min_samples}


# --- scraping signals --------------------------------------------------------------------------

def _off_hours(dt: datetime) -> bool:
    hour = timezone.localtime(dt).hour
    start, end = OFF_HOURS
    return hour >= start or hour < end


def scraping_signals(user_id: int, *, now: datetime | None = None) -> list[Signal]:
    from suzhaohuo.gigs.models import Engagement

    now = now or timezone.now()
    rs = rules()
    out: list[Signal] = []
    rule = rs.get("reveals_per_day")
    if rule is not None:
        n = PiiAccessLog.objects.filter(actor_id=user_id, created_at__gte=_since(rule, now)).exclude(subject_id=user_id).count()
        sig = _hit(rule, n, [_("%(h)s小时内查看联系方式%(n)s次") % {"h": rule.window_hours, "n": n}])
        if sig:
            out.append(sig)
    rule = rs.get("reveals_off_hours")
    if rule is not None:
        times = PiiAccessLog.objects.filter(actor_id=user_id, created_at__gte=_since(rule, now)).exclude(subject_id=user_id).values_list(
            "created_at", flat=True)
        late = [t for t in times if _off_hours(t)]
        sig = _hit(rule, len(late), [_("非工作时间查看%(n)s次，最近一次%(t)s") % {
            "n": len(late), "t": timezone.localtime(max(late)).strftime("%m-%d %H:%M")}] if late else [])
        if sig:
            out.append(sig)
    for code, status_q in (("bulk_apply", None), ("bulk_withdraw", "withdrawn")):
        rule = rs.get(code)
        if rule is None:
            continue
        qs = Engagement.objects.filter(worker_id=user_id, created_at__gte=_since(rule, now))
        if status_q:
            qs = Engagement.objects.filter(worker_id=user_id, status=status_q, updated_at__gte=_since(rule, now))
        n = qs.count()
        sig = _hit(rule, n, [_("%(h)s小时内%(w)s%(n)s次") % {"h": rule.window_hours, "n": n,
                                                          "w": _("报名") if not status_q else _("撤回报名")}])
        if sig:
            out.append(sig)
    rule = rs.get("deep_paging")
    if rule is not None:
        n = RiskEvent.objects.filter(user_id=user_id, code="deep_page", created_at__gte=_since(rule, now)).count()
        sig = _hit(rule, n, [_("搜索深度翻页%(n)s次") % {"n": n}])
        if sig:
            out.append(sig)
    return out


# --- the queue -------------------------------------------------------------------------------

def _region_of(user_id: int) -> str:
    from suzhaohuo.identity.models import Employer, PersonIdentity

    emp = Employer.objects.filter(owner_id=user_id).values_list("township_id", flat=True).first()
    if emp:
        return str(emp)
    ident = PersonIdentity.objects.filter(user_id=user_id).values_list("township_id", flat=True).first()
    if ident:
        return str(ident)
    from suzhaohuo.accounts.models import User

    scope = User.objects.filter(pk=user_id).values_list("scope_region_id", flat=True).first()
    return str(scope or "")


def _store(user_id: int, family: str, signals: list[Signal]) -> RiskFlag | None:
    score = sum(s.weight for s in signals)
    flag = RiskFlag.objects.filter(user_id=user_id, family=family).first()
    if score == 0:
        if flag is not None and flag.status == RiskFlagStatus.OPEN:
            flag.score, flag.signals = 0, []
            flag.save(update_fields=["score", "signals", "updated_at"])
        return flag
    data = [s.as_dict() for s in sorted(signals, key=lambda s: -s.weight)]
    if flag is None:
        return RiskFlag.objects.create(user_id=user_id, family=family, score=score, signals=data,
                                       region_code=_region_of(user_id))
    if flag.status == RiskFlagStatus.DISMISSED and score <= flag.score:
        return flag
    flag.score, flag.signals = score, data
    if flag.status == RiskFlagStatus.DISMISSED:
        flag.status = RiskFlagStatus.OPEN
    flag.save(update_fields=["score", "signals", "status", "updated_at"])
    return flag


@transaction.atomic
def risk_scan(*, now: datetime | None = None) -> int:
    """Periodic: recompute the intermediary scores of every poster; returns how many accounts are flagged."""
    found = intermediary_signals(now=now)
    flagged = 0
    for uid, signals in found.items():
        _store(uid, RiskFamily.INTERMEDIARY, signals)
        flagged += 1
    stale = RiskFlag.objects.filter(family=RiskFamily.INTERMEDIARY, status=RiskFlagStatus.OPEN).exclude(
        user_id__in=list(found))
    stale.update(score=0, signals=[])
    return flagged


def scraping_evaluate(user_id: int, *, now: datetime | None = None) -> list[Signal]:
    """After each reveal / apply / withdraw: score the account; a throttling signal throttles at once and alerts."""
    from suzhaohuo.regulation.selectors import throttle_in_force
    from suzhaohuo.regulation.services import throttle_apply

    signals = scraping_signals(user_id, now=now)
    if not signals:
        return []
    _store(user_id, RiskFamily.SCRAPING, signals)
    rs = rules()
    throttling = [s for s in signals if rs.get(s.code) is not None and rs[s.code].throttle]
    if throttling and throttle_in_force(user_id) is None:
        reason = "；".join(f"{s.label}（{s.value:g}≥{s.threshold:g}）" for s in throttling)
        throttle_apply(user_id=user_id, reason=reason)
        _alert(user_id, reason)
    return signals


def _alert(user_id: int, reason: str) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.notifications.services import notify

    region = _region_of(user_id)
    subject = User.objects.filter(pk=user_id).first()
    who = str(subject) if subject else str(user_id)  # the name or masked mobile the risk page shows, not an internal id
    for reg in User.objects.filter(Q(role=Role.REGULATOR) | Q(is_superuser=True), is_active=True)[:200]:
        if policy.is_admin(reg) or policy.in_scope(reg, region):
            notify(user=reg, event="risk_alert", title=_("数据爬取预警：账号%(u)s已被限流") % {"u": who},
                   body=reason, url="/regulation/risk/")

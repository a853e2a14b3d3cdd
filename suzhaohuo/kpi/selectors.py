"""KPI reads: the plan table of a region at a date (live today, from snapshots for past days), targets and
progress on a straight path, history, drill-down tables, lead departments' status, cases and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel.indicators import Period, Reading
from suzhaohuo.kernel.policy import NO_SCOPE, Action, decide, scope_prefix, scoped_by_prefix
from suzhaohuo.kpi import measures
from suzhaohuo.kpi.choices import CaseStatus, Comparator, Path, Unit
from suzhaohuo.kpi.errors import KpiErrorCode
from suzhaohuo.kpi.measures import BY_CODE, CATALOGUE, FLOW, NOW, STOCK, Indicator
from suzhaohuo.kpi.models import MonthlyReport, NotableCase, PlanTask, Snapshot, Target, TaskUpdate

# Rows shown on the dashboard, the report and the plan API: every target first, then the context figures.
PLAN_CODES = [
    "jobs_posted", "third_party_share", "workers_registered", "employers_registered", "training_completed",
    "counties_with_market", "townships_with_station", "central_villages_with_window",
    "mediation_success_rate", "arbitration_closure_rate",
]
# The phone channel's figures, shown in their own section 「短信/语音渠道」.
PHONE_CODES = ["sms_sessions", "voice_sessions", "applications_by_sms", "applications_by_voice"]
CONTEXT_CODES = [c.code for c in CATALOGUE if c.code not in PLAN_CODES and c.code not in PHONE_CODES]
TABLE_CODES = ["jobs_posted", "third_party_share", "workers_registered", "employers_registered",
               "townships_with_station", "central_villages_with_window", "engagements_completed"]
UPDATE_DUE_DAY = 10  # a lead department's status for a month is due by this day of the next month


def today() -> date:
    return timezone.localdate()


def city_code() -> str:
    return str(settings.SZH_CITY_CODE)


# --- regions ------------------------------------------------------------------------------------------


def region_get(code: str) -> Any:
    from suzhaohuo.regions.models import Region

    region = Region.objects.filter(code=code, level__in=["city", "county", "township"]).first()
    if region is None or not str(region.code).startswith(city_code()[:4]):
        raise AppError(KpiErrorCode.BAD_REGION, _("没有这个地区，请选择本市、县（区）或乡镇（街道）。"), "region")
    return region


def default_region_code(user: Any) -> str:
    region = getattr(user, "scope_region", None)
    if region is not None and getattr(user, "role", None) != "admin" and not getattr(user, "is_superuser", False):
        return str(region.code) if region.level != "province" else city_code()
    return city_code()


def can_view(user: Any, region_code: str) -> bool:
    """KPI_VIEW and the region inside the user's scope (the bureau's city-wide users see everything)."""
    if not decide(user, Action.KPI_VIEW):
        return False
    prefix = scope_prefix(user)
    if prefix == NO_SCOPE:
        return False
    return prefix is None or region_code.startswith(prefix)


def can_decide_cases(user: Any) -> bool:
    """Only the bureau (regulators with city-wide scope, administrators) approves cases for the report."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(decide(user, Action.KPI_VIEW)) and can_view(user, city_code()) \
        and getattr(user, "role", None) in ("regulator", "admin")


def children(region: Any) -> list[Any]:
    from suzhaohuo.regions.models import Region

    if region.level == "township":
        return []
    qs = Region.objects.filter(parent_id=region.code).order_by("code")
    return list(qs.filter(level__in=["county", "township"]))


def breadcrumbs(region: Any) -> list[Any]:
    out: list[Any] = []
    r = region
    while r is not None and r.level in ("city", "county", "township"):
        out.insert(0, r)
        r = r.parent
    return out


# --- targets ------------------------------------------------------------------------------------------


def targets_for(asof: date) -> dict[str, Target]:
    """The city's targets in force at ``asof``: for each code, the target of the earliest year not yet
    past (or the last one once all are past)."""
    out: dict[str, Target] = {}
    for t in Target.objects.filter(city_code=city_code()).order_by("-year"):
        if t.deadline >= asof or t.code not in out:
            out[t.code] = t
    return out


def plan_start(asof: date) -> date:
    starts = [t.start for t in targets_for(asof).values()]
    return min(starts) if starts else date(asof.year, 1, 1)


def expected_on(target: Target, asof: date) -> Decimal:
    if target.path == Path.LEVEL:
        return target.value
    total = (target.deadline - target.start).days
    done = min(max((asof - target.start).days + 1, 0), total)
    return (target.value * done / total) if total > 0 else target.value


# --- the plan table -----------------------------------------------------------------------------------


@dataclass
class Row:
    ind: Indicator
    value: Decimal | int | None
    numerator: int | None = None
    denominator: int | None = None
    connected: bool = True
    target: Target | None = None
    expected_now: Decimal | None = None
    on_track: bool | None = None
    month_change: Decimal | int | None = None
    spark: list[tuple[date, float]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.ind.code

    @property
    def reason(self) -> str:
        if not self.connected:
            return _("未接入：提供该指标的业务模块尚未上线或未登记数据来源。")
        if self.value is None:
            return _("暂无可计算的数据（分母为0）。")
        return ""

    @property
    def gap(self) -> Decimal | None:
        if self.expected_now is None or self.value is None:
            return None
        return Decimal(self.expected_now) - Decimal(self.value)

    @property
    def progress_pct(self) -> int:
        if self.target is None or self.value is None or not self.target.value:
            return 0
        return max(0, min(100, int(Decimal(self.value) * 100 / self.target.value)))

    @property
    def expected_pct(self) -> int:
        if self.target is None or self.expected_now is None or not self.target.value:
            return 0
        return max(0, min(100, int(self.expected_now * 100 / self.target.value)))


def fmt(value: Any, unit: str) -> str:
    """The one text form of a figure (page, PDF, Excel and browser tests compare these)."""
    if value is None:
        return _("未接入")
    if unit == Unit.RATE:
        return f"{Decimal(value) * 100:.1f}%"
    if unit == Unit.YUAN:
        return f"{Decimal(value):,.2f}"
    return f"{int(Decimal(value)):,}"


def gap_text(row: Row) -> str:
    """「落后 …」 / 「超前 …」: how far the value is from the straight-path expectation."""
    gap = row.gap
    if gap is None:
        return "—"
    if gap > 0:
        return _("落后 %(v)s") % {"v": fmt(gap, row.ind.unit)}
    return _("超前 %(v)s") % {"v": fmt(-gap, row.ind.unit)}


def _serialize(reading: Reading | None) -> dict[str, Any] | None:
    if reading is None:
        return None
    v = reading.value
    return {"v": None if v is None else (str(v) if isinstance(v, Decimal) else int(v)),
            "n": reading.numerator, "d": reading.denominator, **({"note": reading.note} if reading.note else {})}


def _deserialize(cell: dict[str, Any] | None, ind: Indicator) -> Reading | None:
    if cell is None:
        return None
    v = cell.get("v")
    value: Decimal | int | None = None if v is None else (Decimal(v) if ind.unit != Unit.COUNT else int(v))
    return Reading(value=value, numerator=cell.get("n"), denominator=cell.get("d"), note=cell.get("note", ""))


def live_cache_seconds() -> int:
    """Live figures are kept this long (``KPI_LIVE_CACHE_SECONDS``, default 300; 0 = always recompute)."""
    return int(getattr(settings, "KPI_LIVE_CACHE_SECONDS", 300))


def _cached_tallies(ind: Indicator, period: Period, prefix: str | None, refresh: bool = False) -> measures.Tallies:
    from django.core.cache import cache

    seconds = live_cache_seconds()
    if seconds <= 0 or ind.measure is None:
        return ind.measure(period, prefix) if ind.measure else {}
    key = f"kpi:t:{ind.code}:{period.start}:{period.end}:{prefix or ''}"
    hit = None if refresh else cache.get(key)
    if hit is not None:
        return {k: measures.Tally(Decimal(n) if isinstance(n, str) else n, d) for k, (n, d) in hit.items()}
    tallies = ind.measure(period, prefix)
    cache.set(key, {k: (str(t.num) if isinstance(t.num, Decimal) else t.num, t.den) for k, t in tallies.items()},
              seconds)
    return tallies


def cached(key: str, fn: Any, refresh: bool = False) -> Any:
    """``fn()`` kept for the live-figure cache period (values are plain data); ``refresh`` recomputes it."""
    from django.core.cache import cache

    seconds = live_cache_seconds()
    if seconds <= 0:
        return fn()
    hit = None if refresh else cache.get(f"kpi:{key}")
    if hit is None:
        hit = fn()
        cache.set(f"kpi:{key}", hit, seconds)
    return hit


def registrations(region_code: str, period: Period,
                  refresh: bool = False) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]]]:
    """(channels, attribution counts) of the region's registrations in the period."""
    prefix = measures.region_prefix(region_code)
    return cached(f"reg:{period.start}:{period.end}:{prefix or ''}",
                  lambda: (measures.registration_channels(period, prefix), measures.attribution_counts(period, prefix)),
                  refresh)


@dataclass
class LiveContext:
    """Per-request cache: each measure's township tallies computed once for a region and its children."""

    period: Period
    prefix: str | None
    tallies: dict[str, measures.Tallies] = field(default_factory=dict)
    coverage: measures.CoverageFigures | None = None
    use_cache: bool = True  # snapshots compute afresh
    refresh: bool = False  # recompute and store in the cache (the warming task)

    def reading(self, ind: Indicator, region_code: str) -> Reading | None:
        if ind.coverage:
            if self.coverage is None:
                self.coverage = (cached("coverage", measures.coverage_figures, self.refresh) if self.use_cache
                                 else measures.coverage_figures())
            return measures.compute(ind, self.period, region_code, coverage=self.coverage)
        if ind.measure is None:  # provided by the app that owns it (kernel.indicators)
            if not self.use_cache:
                return measures.compute(ind, self.period, region_code)
            key = f"p:{ind.code}:{self.period.start}:{self.period.end}:{measures.region_prefix(region_code) or ''}"
            cell = cached(key, lambda: _serialize(measures.compute(ind, self.period, region_code)) or {"none": 1},
                          self.refresh)
            return None if cell.get("none") else _deserialize(cell, ind)
        if ind.code not in self.tallies:
            self.tallies[ind.code] = (_cached_tallies(ind, self.period, self.prefix, self.refresh) if self.use_cache
                                      else ind.measure(self.period, self.prefix))
        return measures.to_reading(ind, measures.sum_tallies(self.tallies[ind.code], region_code))


def readings_live(region_code: str, asof: date, codes: list[str] | None = None,
                  ctx: LiveContext | None = None) -> dict[str, Reading | None]:
    ctx = ctx or LiveContext(Period(plan_start(asof), asof + timedelta(days=1)), measures.region_prefix(region_code))
    return {ind.code: ctx.reading(ind, region_code) for ind in CATALOGUE if codes is None or ind.code in codes}


def snapshot_on(region_code: str, day: date) -> Snapshot | None:
    """The snapshot of ``day`` or, if that day was missed, the latest one before it (within 31 days)."""
    return (Snapshot.objects.filter(region_code=region_code, day__lte=day, day__gt=day - timedelta(days=31))
            .order_by("-day").first())


def live_context(region_code: str, asof: date) -> LiveContext:
    return LiveContext(Period(plan_start(asof), asof + timedelta(days=1)), measures.region_prefix(region_code))


def readings_at(region_code: str, asof: date, codes: list[str] | None = None,
                ctx: LiveContext | None = None) -> tuple[dict[str, Reading | None], str]:
    """Plan-to-date readings at the end of ``asof``: live for today, from the snapshot for a past day."""
    if asof >= today():
        return readings_live(region_code, asof, codes, ctx), "live"
    snap = snapshot_on(region_code, asof)
    if snap is not None:
        return {ind.code: _deserialize(snap.values.get(ind.code), ind) for ind in CATALOGUE}, "snapshot"
    return readings_live(region_code, asof), "recomputed"


def month_end(month: date) -> date:
    return measures.period_for_month(month).end - timedelta(days=1)


def spark_series(region_code: str, asof: date, codes: list[str], months: int = 12) -> dict[str, list[tuple[date, float]]]:
    """Month-end values of the last ``months`` months from the snapshots (one query for all codes)."""
    ends = []
    m = asof.replace(day=1)
    for _i in range(months):
        m = (m - timedelta(days=1)).replace(day=1)
        ends.append(month_end(m))
    out: dict[str, list[tuple[date, float]]] = {c: [] for c in codes}
    snaps = Snapshot.objects.filter(region_code=region_code, day__in=ends).order_by("day").values_list("day", "values")
    for day, values in snaps:
        for code in codes:
            r = _deserialize(values.get(code), BY_CODE[code])
            if r is not None and r.value is not None:
                out[code].append((day, float(r.value)))
    return out


def plan_rows(region_code: str, asof: date, *, codes: list[str] | None = None, with_spark: bool = True,
              ctx: LiveContext | None = None) -> tuple[list[Row], str]:
    codes = codes or PLAN_CODES
    readings, basis = readings_at(region_code, asof, codes, ctx)
    targets = targets_for(asof)
    below_city = region_code != city_code()
    prev_end = asof.replace(day=1) - timedelta(days=1)
    prev_snap = snapshot_on(region_code, prev_end)
    series = spark_series(region_code, asof, codes) if with_spark else {}
    rows = []
    for code in codes:
        ind = BY_CODE[code]
        r = readings.get(code)
        target = targets.get(code)
        if target is not None and below_city and not target.applies_below_city:
            target = None
        row = Row(ind=ind, value=None if r is None else r.value, numerator=None if r is None else r.numerator,
                  denominator=None if r is None else r.denominator, connected=r is not None, target=target)
        if target is not None:
            exp = expected_on(target, asof)
            row.expected_now = exp.quantize(Decimal("0.0001")) if ind.unit == Unit.RATE else exp.quantize(Decimal("1"))
            if row.value is not None:
                v = Decimal(row.value)
                row.on_track = v > row.expected_now if (target.comparator == Comparator.GT
                                                        and target.path == Path.LEVEL) else v >= row.expected_now
        if prev_snap is not None and ind.kind in (FLOW, STOCK, NOW) and row.value is not None:
            before = _deserialize(prev_snap.values.get(code), ind)
            if before is not None and before.value is not None:
                row.month_change = row.value - before.value
        if with_spark:
            row.spark = series.get(code, [])
            if basis == "live" and row.value is not None:
                row.spark = [p for p in row.spark if p[0] < asof] + [(asof, float(row.value))]
        rows.append(row)
    return rows, basis


def child_table(region: Any, asof: date, ctx: LiveContext | None = None) -> list[dict[str, Any]]:
    """One line per child region (counties of the city, townships of a county) with the main figures."""
    kids = children(region)
    if not kids:
        return []
    out = []
    if asof >= today():
        ctx = ctx or live_context(region.code, asof)
        for kid in kids:
            readings = readings_live(kid.code, asof, TABLE_CODES, ctx)
            out.append({"region": kid, "cells": _cells(readings)})
        return out
    for kid in kids:
        readings, _basis = readings_at(kid.code, asof)
        out.append({"region": kid, "cells": _cells(readings)})
    return out


def warm_live_figures() -> int:
    """Recompute the live figures of the city and its counties into the cache before it expires, so no
    leader waits for a cold dashboard (run by a periodic task shorter than ``KPI_LIVE_CACHE_SECONDS``)."""
    if live_cache_seconds() <= 0:
        return 0
    asof = today()
    city = region_get(city_code())
    warmed = 0
    for region in [city, *children(city)]:
        ctx = live_context(region.code, asof)
        ctx.refresh = True
        readings_live(region.code, asof, None, ctx)
        for kid in children(region) if region.code != city.code else []:
            readings_live(kid.code, asof, TABLE_CODES, ctx)
        registrations(region.code, ctx.period, refresh=True)
        warmed += 1
    return warmed


def _cells(readings: dict[str, Reading | None]) -> list[str]:
    out = []
    for c in TABLE_CODES:
        r = readings.get(c)
        out.append(fmt(None, "") if r is None else ("—" if r.value is None else fmt(r.value, BY_CODE[c].unit)))
    return out


def history(code: str, region_code: str, start: date, end: date) -> list[tuple[date, Reading | None]]:
    ind = BY_CODE.get(code)
    if ind is None:
        raise AppError(KpiErrorCode.BAD_CODE, _("没有这个指标代码。"), "code")
    snaps = (Snapshot.objects.filter(region_code=region_code, day__gte=start, day__lte=end).order_by("day")
             .values_list("day", "values"))
    return [(day, _deserialize(values.get(code), ind)) for day, values in snaps]


# --- lead departments, cases, reports -----------------------------------------------------------------


@dataclass
class TaskLine:
    task: PlanTask
    latest: TaskUpdate | None
    overdue: bool


def task_lines(asof: date) -> list[TaskLine]:
    """Each plan task with its latest status; overdue when last month's update is missing after the due day."""
    last_month = (asof.replace(day=1) - timedelta(days=1)).replace(day=1)
    out = []
    for task in PlanTask.objects.select_related("lead").prefetch_related("partners").order_by("sort_order"):
        updates = sorted(task.updates.all(), key=lambda u: u.month, reverse=True)
        latest = updates[0] if updates else None
        has_last = any(u.month >= last_month for u in updates)
        overdue = not has_last and asof.day > UPDATE_DUE_DAY
        out.append(TaskLine(task=task, latest=latest, overdue=overdue))
    return out


def tasks_for_operator(user: Any) -> QuerySet[PlanTask]:
    if not getattr(user, "is_authenticated", False):
        return PlanTask.objects.none()
    if getattr(user, "is_superuser", False) or getattr(user, "role", None) == "admin":
        return PlanTask.objects.all()
    return PlanTask.objects.filter(lead__operators=user)


def problems(month: date) -> list[TaskUpdate]:
    return list(TaskUpdate.objects.filter(month=month).exclude(problems="").select_related("task", "task__lead"))


def cases_approved(month: date, region_code: str) -> list[NotableCase]:
    qs = NotableCase.objects.filter(month=month, status=CaseStatus.APPROVED)
    return list(scoped_by_prefix(qs, measures.region_prefix(region_code), "region_code"))


def cases_for(user: Any) -> QuerySet[NotableCase]:
    prefix = scope_prefix(user)
    if prefix == NO_SCOPE:
        return NotableCase.objects.none()
    return scoped_by_prefix(NotableCase.objects.all(), prefix, "region_code")


def campaigns_for(user: Any) -> QuerySet[Any]:
    from suzhaohuo.kpi.models import Campaign

    prefix = scope_prefix(user)
    if prefix == NO_SCOPE:
        return Campaign.objects.none()
    return scoped_by_prefix(Campaign.objects.select_related("carrier"), prefix, "region_code")


def reports_for(region_code: str) -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.filter(region_code=region_code)


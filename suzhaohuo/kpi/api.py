"""KPI API (mounted at /api/v1):

    GET /api/v1/kpi/plan?period=YYYY-MM&region=CODE     the plan's indicators with targets and progress
    GET /api/v1/kpi/plan/history?code=&region=&from=&to= daily snapshots of one indicator
    GET /api/v1/kpi/aggregation                          published postings, third-party share, by source
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.kpi import selectors
from suzhaohuo.kpi.errors import KpiErrorCode
from suzhaohuo.kpi.selectors import PLAN_CODES

router = Router(tags=["kpi"])


class IndicatorOut(Schema):
    code: str
    label: str
    definition: str
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    target: float | int | None
    deadline: date | None
    expected_now: float | int | None
    on_track: bool | None
    gap: float | int | None = None
    month_change: float | int | None = None
    unit: str
    reason: str = ""


class PlanOut(Schema):
    period: str
    region: str
    region_name: str
    asof: date
    basis: str
    indicators: list[IndicatorOut]


class PointOut(Schema):
    date: date
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None


class HistoryOut(Schema):
    code: str
    region: str
    unit: str
    points: list[PointOut]


class KpiSourceOut(Schema):
    source_id: int
    source: str
    kind: str
    distinct_jobs: int
    share: float


class KpiOut(Schema):
    distinct_jobs: int
    third_party_jobs: int
    third_party_rate: float
    published_jobs: int
    third_party_kinds: list[str]
    definition: str
    by_source: list[KpiSourceOut]


def _num(value: Any, unit: str) -> float | int | None:
    if value is None:
        return None
    return int(value) if unit == "count" else float(value)


def _month(text: str) -> date:
    try:
        y, m = text.split("-")
        return date(int(y), int(m), 1)
    except (ValueError, TypeError) as exc:
        raise AppError(KpiErrorCode.BAD_PERIOD, _("统计期格式应为 YYYY-MM，例如 2026-05。"), "period") from exc


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) > 7 else _month(text)
    except ValueError as exc:
        raise AppError(KpiErrorCode.BAD_PERIOD, _("日期格式应为 YYYY-MM-DD。"), field) from exc


def _check(request: HttpRequest, region: str) -> str:
    region = region or selectors.default_region_code(request.user)
    selectors.region_get(region)
    if not selectors.can_view(request.user, region):
        raise PermissionDenied(_("您没有查看该地区指标的权限。"))
    return region


class PlanQuery(Schema):
    period: str = ""
    region: str = ""


@router.get("/kpi/plan", response=PlanOut, summary="实施方案指标：当前值、目标、按进度应达与是否正常")
def plan(request: HttpRequest, q: Query[PlanQuery]) -> Any:
    region = _check(request, q.region)
    today = selectors.today()
    month = _month(q.period) if q.period else today.replace(day=1)
    asof = min(selectors.month_end(month), today)
    if month > today:
        raise AppError(KpiErrorCode.BAD_PERIOD, _("统计期不能晚于本月。"), "period")
    rows, basis = selectors.plan_rows(region, asof, with_spark=False)
    return {"period": f"{month:%Y-%m}", "region": region, "region_name": selectors.region_get(region).name,
            "asof": asof, "basis": basis,
            "indicators": [{
                "code": r.code, "label": str(r.ind.label), "definition": str(r.ind.definition),
                "value": _num(r.value, r.ind.unit), "numerator": r.numerator, "denominator": r.denominator,
                "target": _num(r.target.value, r.ind.unit) if r.target else None,
                "deadline": r.target.deadline if r.target else None,
                "expected_now": _num(r.expected_now, r.ind.unit), "on_track": r.on_track,
                "gap": _num(r.gap, r.ind.unit), "month_change": _num(r.month_change, r.ind.unit),
                "unit": r.ind.unit, "reason": r.reason} for r in rows]}


@router.get("/kpi/plan/history", response=HistoryOut, summary="指标历史（每日快照）")
def plan_history(request: HttpRequest, code: str, region: str = "", to: str = "") -> Any:
    """``from`` (a Python keyword) is read from the query string: YYYY-MM-DD or YYYY-MM."""
    region = _check(request, region)
    start_text = request.GET.get("from", "")
    end = _day(to, "to") if to else selectors.today()
    start = _day(start_text, "from") if start_text else date(end.year - 1, end.month, 1)
    if code not in PLAN_CODES and code not in selectors.CONTEXT_CODES and code not in selectors.PHONE_CODES:
        raise AppError(KpiErrorCode.BAD_CODE, _("没有这个指标代码。"), "code")
    points = selectors.history(code, region, start, end)
    unit = selectors.BY_CODE[code].unit
    return {"code": code, "region": region, "unit": unit,
            "points": [{"date": d, "value": None if r is None else _num(r.value, unit),
                        "numerator": None if r is None else r.numerator,
                        "denominator": None if r is None else r.denominator} for d, r in points]}


@router.get("/kpi/aggregation", response=KpiOut, auth=None,
            summary="岗位归集指标：已发布岗位数与第三方归集占比（与实施方案指标同一口径）")
def kpi_aggregation(request: HttpRequest) -> Any:
    from suzhaohuo.aggregation.selectors import kpi_aggregation as summary

    return {**summary(), "definition": str(selectors.BY_CODE["third_party_share"].definition)}

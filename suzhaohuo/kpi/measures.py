"""One definition per indicator, computed from the system of record (never from counters).

Every indicator the KPI module computes itself is a *measure*: ``by_township(period, prefix)`` returns a
tally per township code (``""`` for records without a place), so one query serves the city, every county
and every township (snapshots, drill-down tables); ``reading()`` sums the tallies of a region. Indicators
owned by other apps are read through ``kernel.indicators`` (「未接入」 when nobody provides them);
coverage comes from the carriers registry. The Chinese ``definition`` of each is shown next to the figure
on every page, in the report and in the API.

Periods are [start, end) in local dates. Plan-to-date values use the period from the plan's start date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suzhaohuo.kernel import indicators
from suzhaohuo.kernel.indicators import Period, Reading
from suzhaohuo.kernel.policy import scoped_by_prefix
from suzhaohuo.kernel.states import DONE_STATES, PAID_STATES, JobStatus
from suzhaohuo.kpi.choices import Unit


def third_party_kinds() -> tuple[str, ...]:
    """Which source kinds count as third parties (configuration: ``KPI_THIRD_PARTY_SOURCE_KINDS``)."""
    from suzhaohuo.aggregation.selectors import third_party_kinds as kinds

    return kinds()


def third_party_kind_labels() -> list[str]:
    """The same configuration in Chinese (the source kinds' display labels), for pages and reports."""
    from suzhaohuo.aggregation.choices import SourceKind

    labels = dict(SourceKind.choices)
    return [str(labels.get(k, k)) for k in third_party_kinds()]


def bounds(period: Period) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(period.start, time.min), tz),
            timezone.make_aware(datetime.combine(period.end, time.min), tz))


@dataclass
class Tally:
    num: Any = 0  # int or Decimal
    den: int | None = None

    def add(self, other: Tally) -> None:
        self.num += other.num
        if other.den is not None:
            self.den = (self.den or 0) + other.den


Tallies = dict[str, Tally]


def _grouped(qs: QuerySet[Any], key: str, *, num: Any = None, den: Any = None) -> Tallies:
    """Group ``qs`` by the township ``key``: num = Count(*) unless given, den optional."""
    agg: dict[str, Any] = {"n": num if num is not None else Count("pk")}
    if den is not None:
        agg["d"] = den
    out: Tallies = {}
    for row in qs.order_by().values(key).annotate(**agg):
        code = str(row[key] or "")[:9]
        t = out.setdefault(code, Tally(0, 0 if den is not None else None))
        t.add(Tally(row["n"] or 0, row.get("d")))
    return out


# --- jobs ---------------------------------------------------------------------------------------------


def published_jobs(period: Period, prefix: str | None) -> QuerySet[Any]:
    """Postings published at least once in the period: a status change to 招聘中 inside it, or a first
    publication time inside it. Each real job is one posting after de-duplication (duplicates from other
    sources are links to it, not postings)."""
    from suzhaohuo.jobs.selectors import jobs_published_between

    qs = jobs_published_between(*bounds(period))
    return scoped_by_prefix(qs, prefix, "township_id")


def jobs_posted(period: Period, prefix: str | None) -> Tallies:
    return _grouped(published_jobs(period, prefix), "township_id")


def third_party_share(period: Period, prefix: str | None) -> Tallies:
    kinds = list(third_party_kinds())
    return _grouped(published_jobs(period, prefix), "township_id",
                    num=Count("pk", filter=Q(aggregation_posting__first_source__kind__in=kinds)), den=Count("pk"))


def jobs_open(period: Period, prefix: str | None) -> Tallies:
    from suzhaohuo.jobs.models import Job

    qs = Job.objects.filter(status=JobStatus.PUBLISHED, valid_until__gt=timezone.now())
    return _grouped(scoped_by_prefix(qs, prefix, "township_id"), "township_id")


# --- registrations ------------------------------------------------------------------------------------


def _workers(period: Period, prefix: str | None) -> QuerySet[Any]:
    from suzhaohuo.accounts.models import User

    _start, end = bounds(period)
    qs = (User.objects.filter(role="worker", date_joined__lt=end)
          .filter(Q(deleted_at__isnull=True) | Q(deleted_at__gte=end))
          .annotate(place=Coalesce("worker_profile__home_township_id", "identity__township_id")))
    return scoped_by_prefix(qs, prefix, "place")


def workers_registered(period: Period, prefix: str | None) -> Tallies:
    return _grouped(_workers(period, prefix), "place")


def _employers(period: Period, prefix: str | None) -> QuerySet[Any]:
    from suzhaohuo.identity.models import Employer

    _start, end = bounds(period)
    return scoped_by_prefix(Employer.objects.filter(created_at__lt=end), prefix, "township_id")


def employers_registered(period: Period, prefix: str | None) -> Tallies:
    return _grouped(_employers(period, prefix), "township_id")


def employers_verified(period: Period, prefix: str | None) -> Tallies:
    _start, end = bounds(period)
    return _grouped(_employers(period, prefix).filter(verification_status="verified", verified_at__lt=end),
                    "township_id")


def registration_channels(period: Period, prefix: str | None) -> dict[str, dict[str, int]]:
    """Workers and employers registered in the period by channel: self-registered, assisted at a station
    (the worker profile names the staff member who registered them; an employer verified in person at a
    station) and imported (an employer record standing for a job source's organisation)."""
    from suzhaohuo.aggregation.models import Source

    start, _end = bounds(period)
    workers = _workers(period, prefix).filter(date_joined__gte=start)
    station_w = workers.filter(worker_profile__registered_by__isnull=False).count()
    total_w = workers.count()
    employers = _employers(period, prefix).filter(created_at__gte=start)
    imported_ids = Source.objects.exclude(organization_employer__isnull=True).values("organization_employer_id")
    imported_e = employers.filter(pk__in=imported_ids).count()
    station_e = employers.exclude(pk__in=imported_ids).filter(verification_method="in_person").count()
    total_e = employers.count()
    return {
        "workers": {"self": total_w - station_w, "station": station_w, "imported": 0, "total": total_w},
        "employers": {"self": total_e - station_e - imported_e, "station": station_e, "imported": imported_e,
                      "total": total_e},
    }


def attribution_counts(period: Period, prefix: str | None) -> list[dict[str, Any]]:
    """New accounts in the period by the carrier or campaign link / QR code that brought them."""
    from suzhaohuo.kpi.models import Attribution

    start, end = bounds(period)
    qs = Attribution.objects.filter(created_at__gte=start, created_at__lt=end, campaign__isnull=False)
    qs = scoped_by_prefix(qs.annotate(place=Coalesce("user__worker_profile__home_township_id",
                                                     "user__employer__township_id", "campaign__region_code")),
                          prefix, "place")
    return [dict(r) for r in qs.values("campaign__code", "campaign__name", "campaign__carrier__name")
                .annotate(workers=Count("pk", filter=Q(user__role="worker")),
                          employers=Count("pk", filter=Q(user__role="employer")))
                .order_by("-workers", "campaign__code")]


# --- the transaction ----------------------------------------------------------------------------------


def engagements_completed(period: Period, prefix: str | None) -> Tallies:
    from suzhaohuo.gigs.models import Engagement

    start, end = bounds(period)
    qs = Engagement.objects.filter(status__in=list(DONE_STATES), completed_at__gte=start, completed_at__lt=end)
    return _grouped(scoped_by_prefix(qs, prefix, "township_code"), "township_code")


def wages_paid(period: Period, prefix: str | None) -> Tallies:
    from suzhaohuo.gigs.models import Engagement

    start, end = bounds(period)
    qs = Engagement.objects.filter(status__in=list(PAID_STATES), paid_at__gte=start, paid_at__lt=end)
    return _grouped(scoped_by_prefix(qs, prefix, "township_code"), "township_code",
                    num=Sum("pay_amount"))


def wage_alerts_raised(period: Period, prefix: str | None) -> Tallies:
    from suzhaohuo.gigs.models import WageAlert

    start, end = bounds(period)
    qs = WageAlert.objects.filter(created_at__gte=start, created_at__lt=end)
    return _grouped(scoped_by_prefix(qs, prefix, "township_code"), "township_code")


def wage_alerts_resolved(period: Period, prefix: str | None) -> Tallies:
    from suzhaohuo.gigs.models import WageAlert

    start, end = bounds(period)
    qs = WageAlert.objects.filter(status="resolved", resolved_at__gte=start, resolved_at__lt=end)
    return _grouped(scoped_by_prefix(qs, prefix, "township_code"), "township_code")


# --- coverage (carriers registry, as it stands) -------------------------------------------------------


@dataclass
class CoverageFigures:
    """Per region code (city, county, township): (num, den) for the three coverage indicators."""

    markets: dict[str, tuple[int, int]] = field(default_factory=dict)
    stations: dict[str, tuple[int, int]] = field(default_factory=dict)
    windows: dict[str, tuple[int, int]] = field(default_factory=dict)


def coverage_figures() -> CoverageFigures:
    from suzhaohuo.carriers.selectors import coverage_compute

    cov = coverage_compute()
    city = settings.SZH_CITY_CODE
    out = CoverageFigures()
    out.markets[city] = (cov.counties_with_market, cov.county_total)
    out.stations[city] = (cov.townships_with_station, cov.township_total)
    out.windows[city] = (cov.central_villages_with_window, cov.central_village_total)
    for c in cov.counties:
        if not c.functional_zone:
            out.markets[c.code] = (int(c.has_market), 1)
        out.stations[c.code] = (c.townships_with_station, c.townships_total)
        out.windows[c.code] = (c.central_villages_with_window, c.central_villages)
        for t in c.townships:
            if t.counted:
                out.stations[t.code] = (int(t.covered), 1)
            out.windows[t.code] = (t.central_villages_with_window, t.central_villages)
    return out


# --- the catalogue ------------------------------------------------------------------------------------

FLOW, STOCK, RATE, NOW = "flow", "stock", "rate", "now"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any
    definition: Any
    unit: str
    kind: str  # flow: counted within the period; stock: as at the period's end; rate: num/den over the
    #            period; now: as the registry stands (history from snapshots)
    measure: Callable[[Period, str | None], Tallies] | None = None  # None: provided by another app
    coverage: str = ""  # markets | stations | windows


CATALOGUE: list[Indicator] = [
    Indicator("jobs_posted", _("发布零工岗位数"), _(
        "统计期内至少发布（进入“招聘中”）过一次的岗位数；同一真实岗位由多个来源推送时去重后只计一次。"),
        Unit.COUNT, FLOW, jobs_posted),
    Indicator("jobs_open", _("当前在招岗位数"), _("此刻状态为“招聘中”且未过有效期的岗位数。"), Unit.COUNT, NOW, jobs_open),
    Indicator("third_party_share", _("第三方机构岗位归集率"), _(
        "统计期内发布的岗位中，首发来源为第三方（按配置计入的来源类型：第三方机构、行业协会等）的岗位所占比例；"
        "分母含用工主体自行发布、部门征集的全部岗位。"), Unit.RATE, RATE, third_party_share),
    Indicator("workers_registered", _("注册零工（求职者）"), _(
        "截至统计期末已注册、未注销的求职者账号数（自行注册、驿站代办登记、批量导入均计入）。"),
        Unit.COUNT, STOCK, workers_registered),
    Indicator("employers_registered", _("注册用工主体"), _("截至统计期末已在平台建档的用工主体数（含待认证）。"),
              Unit.COUNT, STOCK, employers_registered),
    Indicator("employers_verified", _("已认证用工主体"), _("截至统计期末已通过实名认证且当前有效的用工主体数。"),
              Unit.COUNT, STOCK, employers_verified),
    Indicator("training_enrolled", _("技能培训报名人次"), _("由培训模块提供：统计期内报名参加零工技能培训的人次。"),
              Unit.COUNT, FLOW),
    Indicator("training_completed", _("零工技能培训人次"), _("由培训模块提供：统计期内完成零工就业技能培训的人次。"),
              Unit.COUNT, FLOW),
    Indicator("certified_workers", _("零工工匠认证人数"), _("由培训模块提供：统计期内获得认证的零工人数。"),
              Unit.COUNT, FLOW),
    Indicator("complaints_received", _("受理投诉数"), _("由争议处理模块提供：统计期内受理的零工投诉数。"),
              Unit.COUNT, FLOW),
    Indicator("mediation_success_rate", _("劳动争议调解成功率"), _(
        "由争议处理模块提供：统计期内调解结案的涉零工劳动人事争议中调解成功的比例。"), Unit.RATE, RATE),
    Indicator("arbitration_closure_rate", _("劳动争议仲裁结案率"), _(
        "由争议处理模块提供：统计期内应结案的劳动人事争议仲裁案件中已结案的比例。"), Unit.RATE, RATE),
    Indicator("difficulty_identified", _("认定就业困难人员"), _("由就业援助模块提供：统计期内认定的就业困难人员数。"),
              Unit.COUNT, FLOW),
    Indicator("difficulty_employed", _("就业困难人员零工就业"), _("由就业援助模块提供：统计期内实现零工就业的就业困难人员数。"),
              Unit.COUNT, FLOW),
    Indicator("welfare_posts_filled", _("临时性公益性岗位安置"), _("由就业援助模块提供：统计期内安置上岗的公益性岗位数。"),
              Unit.COUNT, FLOW),
    Indicator("insured_share", _("职业伤害保障覆盖率"), _("由保障模块提供：统计期内完工的零工用工中有职业伤害保障的比例。"),
              Unit.RATE, RATE),
    Indicator("counties_with_market", _("县（区）综合性零工市场覆盖"), _(
        "当前有运行中的综合性零工服务市场的县（区）占全部县（区）的比例（功能区不计入）。"), Unit.RATE, NOW,
        coverage="markets"),
    Indicator("townships_with_station", _("乡镇（街道）零工驿站覆盖"), _(
        "当前有运行中的零工服务驿站的乡镇（街道）占全部乡镇（街道）的比例。"), Unit.RATE, NOW, coverage="stations"),
    Indicator("central_villages_with_window", _("中心村（社区）服务专窗覆盖"), _(
        "当前设有零工服务专窗的中心村（社区）占全部中心村（社区）的比例。"), Unit.RATE, NOW, coverage="windows"),
    Indicator("engagements_completed", _("完成用工人次"), _("统计期内完工（含已付款、已确认、已互评）的用工人次。"),
              Unit.COUNT, FLOW, engagements_completed),
    Indicator("wages_paid", _("平台登记支付工资"), _("统计期内在平台登记付款且未被撤销的工资金额（元）。"),
              Unit.YUAN, FLOW, wages_paid),
    Indicator("wage_alerts_raised", _("欠薪预警发出"), _("统计期内因完工后逾期未付款而发出的欠薪预警数。"),
              Unit.COUNT, FLOW, wage_alerts_raised),
    Indicator("wage_alerts_resolved", _("欠薪预警处置"), _("统计期内处理完毕的欠薪预警数。"),
              Unit.COUNT, FLOW, wage_alerts_resolved),
    # the phone channel (issue #20): work without a smartphone
    Indicator("sms_sessions", _("短信服务人数"), _(
        "由短信与电话服务模块提供：统计期内给平台发过短信（找活、报名、到岗、查工钱等指令）的人数，同一人多次只计一人；"
        "按本人常住乡镇（街道）归属地区。"), Unit.COUNT, FLOW),
    Indicator("voice_sessions", _("电话语音服务人数"), _(
        "由短信与电话服务模块提供：统计期内拨打语音菜单（含村级窗口代拨）的人数，同一人多次只计一人；"
        "按本人常住乡镇（街道）归属地区。"), Unit.COUNT, FLOW),
    Indicator("applications_by_sms", _("短信报名人次"), _(
        "由短信与电话服务模块提供：统计期内通过短信“报名”指令提交的岗位报名人次；按岗位所在地区统计。"), Unit.COUNT, FLOW),
    Indicator("applications_by_voice", _("电话报名人次"), _(
        "由短信与电话服务模块提供：统计期内在语音菜单按键提交的岗位报名人次；按岗位所在地区统计。"), Unit.COUNT, FLOW),
]
BY_CODE = {i.code: i for i in CATALOGUE}


def region_prefix(region_code: str) -> str | None:
    """The code prefix for a region code: None for the deployment's city (everything)."""
    code = str(region_code)
    if code == settings.SZH_CITY_CODE:
        return None
    if code.endswith("000") and len(code) == 9:
        code = code[:6]
    return code[:9] if len(code) >= 9 else code[:6]


def sum_tallies(tallies: Tallies, region_code: str) -> Tally:
    prefix = region_prefix(region_code)
    total = Tally()
    for code, t in tallies.items():
        if prefix is None or code.startswith(prefix):
            total.add(t)
    return total


def to_reading(ind: Indicator, t: Tally) -> Reading:
    if ind.unit == Unit.RATE:
        den = t.den or 0
        value = (Decimal(t.num) / Decimal(den)).quantize(Decimal("0.0001")) if den else None
        return Reading(value=value, numerator=int(t.num), denominator=den)
    if ind.unit == Unit.YUAN:
        return Reading(value=Decimal(t.num).quantize(Decimal("0.01")))
    return Reading(value=int(t.num))


def compute(ind: Indicator, period: Period, region_code: str, *,
            coverage: CoverageFigures | None = None) -> Reading | None:
    """One indicator for one region and period; None when its source app is not connected."""
    if ind.coverage:
        cov = coverage or coverage_figures()
        num, den = getattr(cov, ind.coverage).get(region_code, (0, 0))
        return to_reading(ind, Tally(num, den))
    if ind.measure is None:
        return indicators.read(ind.code, period=period, region_prefix=region_prefix(region_code))
    return to_reading(ind, sum_tallies(ind.measure(period, region_prefix(region_code)), region_code))


def period_for_month(month: date) -> Period:
    start = month.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return Period(start, end)

"""KPI writes: snapshots (facts of their day) and their recompute, the plan's targets and departments as
data, lead departments' monthly status, notable cases, registration attribution, monthly reports."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.core.models import AuditEvent
from suzhaohuo.kernel.indicators import Period
from suzhaohuo.kernel.policy import Action, require
from suzhaohuo.kpi import selectors
from suzhaohuo.kpi.choices import CaseStatus, RegistrationChannel, TaskStatus
from suzhaohuo.kpi.errors import KpiErrorCode
from suzhaohuo.kpi.measures import CATALOGUE, NOW
from suzhaohuo.kpi.models import (
    Attribution,
    Campaign,
    Department,
    MonthlyReport,
    NotableCase,
    PlanTask,
    Snapshot,
    Target,
    TaskUpdate,
)

PLAN_DATA = FsPath(__file__).parent / "data" / "plan_suqian_2026.json"


def _audit(actor: User | None, action: str, target_type: str, target_id: Any, data: dict[str, Any] | None = None) -> None:
    AuditEvent.objects.create(actor=actor if getattr(actor, "pk", None) else None, action=action,
                              target_type=target_type, target_id=str(target_id), data=data or {})


# --- plan data ----------------------------------------------------------------------------------------


@transaction.atomic
def plan_load(*, path: FsPath = PLAN_DATA) -> int:
    """Load (idempotently) the plan's targets, departments and tasks shipped as data."""
    data = json.loads(path.read_text(encoding="utf-8"))
    start, deadline = date.fromisoformat(data["start"]), date.fromisoformat(data["deadline"])
    for i, t in enumerate(data["targets"]):
        Target.objects.update_or_create(city_code=data["city_code"], year=data["year"], code=t["code"], defaults={
            "value": Decimal(t["value"]), "comparator": t.get("comparator", "gte"), "path": t.get("path", "linear"),
            "start": date.fromisoformat(t.get("start", data["start"])) if t.get("start") else start,
            "deadline": deadline, "applies_below_city": bool(t.get("below")), "source_text": t.get("source_text", ""),
            "sort_order": i})
    depts = {}
    for i, name in enumerate(data["departments"]):
        depts[name], _created = Department.objects.update_or_create(name=name, defaults={"sort_order": i})
    for i, t in enumerate(data["tasks"]):
        task, _created = PlanTask.objects.update_or_create(number=t["number"], defaults={
            "title": t["title"], "lead": depts[t["lead"]], "deadline": deadline, "sort_order": i})
        task.partners.set([depts[n] for n in t["partners"]])
    return len(data["targets"])


# --- snapshots ----------------------------------------------------------------------------------------


def snapshot_regions() -> list[str]:
    from suzhaohuo.regions.models import Region

    city = selectors.city_code()
    codes = list(Region.objects.filter(level__in=["county", "township"], code__startswith=city[:4])
                 .order_by("code").values_list("code", flat=True))
    return [city, *codes]


@transaction.atomic
def snapshot_take(*, day: date | None = None, keep_now: bool = False) -> int:
    """Store every indicator of every region (city, counties, townships) as it stands at the end of ``day``
    (plan-to-date). Re-running a day replaces it. ``keep_now`` (recompute of a past day): indicators that
    only exist as of now (open postings, coverage) keep the value stored on that day."""
    day = day or selectors.today()
    period = Period(selectors.plan_start(day), day + timedelta(days=1))
    ctx = selectors.LiveContext(period, None, use_cache=False)
    existing = {s.region_code: s for s in Snapshot.objects.filter(day=day)}
    new: list[Snapshot] = []
    for code in snapshot_regions():
        values: dict[str, Any] = {}
        for ind in CATALOGUE:
            if keep_now and ind.kind == NOW and code in existing and ind.code in existing[code].values:
                values[ind.code] = existing[code].values[ind.code]
                continue
            values[ind.code] = selectors._serialize(ctx.reading(ind, code))
        if code in existing:
            existing[code].values = values
            existing[code].save(update_fields=["values", "taken_at"])
        else:
            new.append(Snapshot(day=day, region_code=code, values=values))
    Snapshot.objects.bulk_create(new, batch_size=500)
    return len(existing) + len(new)


def snapshot_recompute(*, start: date, end: date) -> int:
    """Rebuild the snapshots of [start, end] from the records (e.g. after a data correction)."""
    if end < start:
        raise AppError(KpiErrorCode.BAD_PERIOD, _("结束日期不能早于开始日期。"), "end")
    n, day = 0, start
    while day <= end:
        snapshot_take(day=day, keep_now=day < selectors.today())
        n += 1
        day += timedelta(days=1)
    return n


# --- lead departments ---------------------------------------------------------------------------------


@transaction.atomic
def task_update_submit(*, actor: User, task: PlanTask, month: date, status: str, note: str,
                       problems: str = "") -> TaskUpdate:
    """The lead department's operator records the month's status (one per task and month; re-submitting
    the same month replaces it)."""
    require(actor, Action.KPI_VIEW)
    if not selectors.tasks_for_operator(actor).filter(pk=task.pk).exists():
        raise PermissionDenied(_("只有该任务牵头单位的填报人员可以报送进展。"))
    if status not in TaskStatus.values:
        raise AppError(KpiErrorCode.BAD_PERIOD, _("请选择进展情况。"), "status")
    if not note.strip():
        raise AppError(KpiErrorCode.BAD_PERIOD, _("请填写本月进展情况。"), "note")
    month = month.replace(day=1)
    if month > selectors.today():
        raise AppError(KpiErrorCode.BAD_PERIOD, _("不能报送未来月份的进展。"), "month")
    update, _created = TaskUpdate.objects.update_or_create(task=task, month=month, defaults={
        "status": status, "note": note.strip(), "problems": problems.strip(), "author": actor})
    _audit(actor, "kpi.task_update", "kpi.plantask", task.pk, {"month": month.isoformat(), "status": status})
    return update


# --- notable cases ------------------------------------------------------------------------------------


@transaction.atomic
def case_submit(*, actor: User, month: date, region_code: str, title: str, summary: str) -> NotableCase:
    require(actor, Action.KPI_VIEW, region_code=region_code)
    selectors.region_get(region_code)
    if not selectors.can_view(actor, region_code):
        raise PermissionDenied(_("这个地区不在您负责的范围内。"))
    if not title.strip() or not summary.strip():
        raise AppError(KpiErrorCode.BAD_CASE, _("请填写案例标题和内容。"), "title" if not title.strip() else "summary")
    case = NotableCase.objects.create(month=month.replace(day=1), region_code=region_code, title=title.strip(),
                                      summary=summary.strip(), submitted_by=actor)
    _audit(actor, "kpi.case_submit", "kpi.notablecase", case.pk)
    return case


@transaction.atomic
def case_decide(*, actor: User, case: NotableCase, approve: bool) -> NotableCase:
    """Only the bureau (regulators with city-wide scope, administrators) approves cases for the report."""
    require(actor, Action.KPI_VIEW)
    if not selectors.can_decide_cases(actor):
        raise PermissionDenied(_("典型案例由市人社局审核采用。"))
    case.status = CaseStatus.APPROVED if approve else CaseStatus.REJECTED
    case.decided_by = actor
    case.decided_at = timezone.now()
    case.save(update_fields=["status", "decided_by", "decided_at"])
    _audit(actor, "kpi.case_decide", "kpi.notablecase", case.pk, {"status": case.status})
    return case


# --- registration attribution -------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor: User, code: str, name: str, region_code: str, carrier: Any = None) -> Campaign:
    """A registration link / QR code for a carrier or a campaign, inside the actor's scope."""
    import re

    require(actor, Action.KPI_VIEW, region_code=region_code)
    selectors.region_get(region_code)
    if not selectors.can_view(actor, region_code):
        raise PermissionDenied(_("这个地区不在您负责的范围内。"))
    if not re.fullmatch(r"[a-z0-9-]{2,32}", code or ""):
        raise AppError(KpiErrorCode.BAD_CAMPAIGN, _("链接代码请用2-32位小写字母、数字或连字符，例如 chunfeng2026。"), "code")
    if Campaign.objects.filter(code=code).exists():
        raise AppError(KpiErrorCode.BAD_CAMPAIGN, _("这个链接代码已被使用，请换一个。"), "code")
    if not name.strip():
        raise AppError(KpiErrorCode.BAD_CAMPAIGN, _("请填写名称，例如“2026年春风行动”。"), "name")
    campaign = Campaign.objects.create(code=code, name=name.strip(), region_code=region_code, carrier=carrier)
    _audit(actor, "kpi.campaign_create", "kpi.campaign", campaign.pk, {"code": code})
    return campaign


def campaign_for_code(code: str) -> Campaign | None:
    return Campaign.objects.filter(code=code, is_active=True).first() if code else None


@transaction.atomic
def attribution_record(*, user_id: int, ref: str = "", channel: str = RegistrationChannel.SELF) -> Attribution:
    """Record once which link brought a new account (an unknown or inactive code records no campaign)."""
    campaign = campaign_for_code(ref)
    attribution, _created = Attribution.objects.get_or_create(user_id=user_id, defaults={
        "campaign": campaign, "channel": channel if channel in RegistrationChannel.values else "self"})
    return attribution


# --- monthly report -----------------------------------------------------------------------------------


@transaction.atomic
def report_generate(*, actor: User | None = None, month: date, region_code: str | None = None) -> MonthlyReport:
    """Build the 联席会议 report of ``month`` (PDF and Excel) and keep it."""
    from suzhaohuo.kpi.report import build_report, report_pdf, report_xlsx

    region_code = region_code or selectors.city_code()
    if actor is not None:
        require(actor, Action.KPI_VIEW)
        if not selectors.can_view(actor, region_code):
            raise PermissionDenied(_("这个地区不在您负责的范围内。"))
    month = month.replace(day=1)
    if month > selectors.today():
        raise AppError(KpiErrorCode.BAD_PERIOD, _("不能生成未来月份的月报。"), "month")
    data = build_report(month=month, region_code=region_code)
    report = MonthlyReport(month=month, region_code=region_code, generated_by=actor if getattr(actor, "pk", None)
                           else None)
    stem = f"lianxi-{region_code}-{month:%Y-%m}"
    report.pdf.save(f"{stem}.pdf", ContentFile(report_pdf(data)), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(report_xlsx(data)), save=False)
    report.save()
    _audit(actor, "kpi.report_generate", "kpi.monthlyreport", report.pk, {"month": month.isoformat()})
    return report


def report_due(*, on: date | None = None) -> MonthlyReport | None:
    """On the 1st (or any later day the task missed), the previous month's city report if not yet made."""
    on = on or selectors.today()
    prev = (on.replace(day=1) - timedelta(days=1)).replace(day=1)
    if MonthlyReport.objects.filter(month=prev, region_code=selectors.city_code()).exists():
        return None
    return report_generate(month=prev)


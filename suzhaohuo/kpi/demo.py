"""Demo: the plan's targets and departments, a leader's account (lingdao), monthly task updates (one task
left overdue), notable cases, registration links per carrier and campaign, a year of snapshots so the
trends are visible, and last month's 联席会议 report.

The demo's records are all created today, so the history before today is *illustrative*: today's real
snapshot is taken from the records, and earlier days are drawn on a plausible path towards it (marked
``"demo": true`` in each snapshot). ``manage.py kpi_snapshot --from ... --to ...`` rebuilds real ones."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from suzhaohuo.accounts.demo import password_hash
from suzhaohuo.core.demo import DemoContext
from suzhaohuo.kpi.choices import CaseStatus, TaskStatus
from suzhaohuo.kpi.measures import BY_CODE, NOW
from suzhaohuo.kpi.models import Campaign, Department, NotableCase, PlanTask, Snapshot, TaskUpdate

LEADER = ("lingdao", "市人社局分管领导", "宿迁市人力资源和社会保障局")
HUJI = "321322102"


def _month(d: date, back: int) -> date:
    y, m = d.year, d.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def _scaled(cell: dict[str, Any] | None, f: float, unit: str, rng: random.Random) -> dict[str, Any] | None:
    if cell is None or cell.get("v") is None:
        return cell
    if unit == "count":
        v = int(round(int(cell["v"]) * f))
        return {"v": v, "n": None, "d": None}
    if unit == "yuan":
        return {"v": str((Decimal(cell["v"]) * Decimal(str(round(f, 4)))).quantize(Decimal("0.01"))), "n": None,
                "d": None}
    den = cell.get("d") or 0
    n = cell.get("n") or 0
    rate = min(1.0, max(0.0, (n / den if den else 0.0) * (0.75 + 0.25 * f) + rng.uniform(-0.02, 0.02)))
    dd = max(1, int(round(den * max(f, 0.05)))) if den else 0
    nn = min(dd, int(round(rate * dd)))
    return {"v": str((Decimal(nn) / Decimal(dd)).quantize(Decimal("0.0001"))) if dd else None, "n": nn, "d": dd}


def _history(ctx: DemoContext, today: date) -> int:
    """Illustrative daily snapshots for the city and counties, month-end ones for townships, a year back."""
    rng = random.Random(ctx.seed)
    current = {s.region_code: s.values for s in Snapshot.objects.filter(day=today)}
    Snapshot.objects.filter(day__lt=today, day__gte=today - timedelta(days=366)).delete()
    rows = []
    for back in range(1, 366):
        day = today - timedelta(days=back)
        month_end = (day + timedelta(days=1)).day == 1
        f = max(0.02, (365 - back) / 365) ** 1.3
        for code, values in current.items():
            if len(code) == 9 and not month_end:
                continue
            out: dict[str, Any] = {"demo": True}
            for key, cell in values.items():
                ind = BY_CODE.get(key)
                if ind is None:
                    continue
                g = min(1.0, f * 1.6) if ind.kind == NOW else f
                out[key] = _scaled(cell, g, ind.unit, rng)
            rows.append(Snapshot(day=day, region_code=code, values=out))
    Snapshot.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.carriers.models import Carrier
    from suzhaohuo.kpi import selectors, services

    services.plan_load()
    staff = ctx.shared.get("staff", {})
    leader = User.objects.filter(username=LEADER[0]).first() or staff_create(
        actor=staff.get("admin"), username=LEADER[0], password="Staff-demo-2026", role="regulator",
        password_hash=password_hash("Staff-demo-2026"),
        scope_region_code="321300", display_name=LEADER[1], organization=LEADER[2])
    renshe = staff.get("renshe") or User.objects.filter(username="renshe").first()
    hrss = Department.objects.get(name="市人力资源社会保障局")
    if renshe is not None:
        hrss.operators.add(renshe)
    today = selectors.today()
    tasks = list(PlanTask.objects.order_by("sort_order"))
    notes = ["新建驿站3个，专窗覆盖持续扩大。", "速找活新增注册用户较快，苏心聘数据已对接。",
             "第三方机构归集岗位占比仍低于目标，正在扩大政府购买服务。", "技能培训开班12期。"]
    for i, task in enumerate(tasks[:4]):  # task (五) is left without updates: shown as overdue
        for back in (3, 2, 1):
            TaskUpdate.objects.update_or_create(task=task, month=_month(today, back), defaults={
                "status": TaskStatus.AT_RISK if i == 2 else TaskStatus.ON_TRACK, "note": notes[i],
                "problems": "部分第三方机构推送接口尚未完成对接，需财政局明确购买服务资金。" if i == 2 and back == 1 else "",
                "author": renshe})
    last_month = _month(today, 1)
    if not NotableCase.objects.exists():
        NotableCase.objects.create(month=last_month, region_code=HUJI, title="胡集镇驿站“家门口”匹配果蔬采收零工",
                                   summary="驿站工作人员为52名留守劳动力现场登记、核验，一周内匹配花木、果蔬采收岗位38个，"
                                           "全部签订电子协议，工资按日结清。",
                                   status=CaseStatus.APPROVED, submitted_by=staff.get("huji"), decided_by=leader)
        NotableCase.objects.create(month=last_month, region_code="321302", title="宿城区零工市场快速调处一起欠薪",
                                   summary="欠薪预警发出后2个工作日内完成调处，12名零工足额领到工资。",
                                   status=CaseStatus.APPROVED, submitted_by=staff.get("shizhan"), decided_by=leader)
        NotableCase.objects.create(month=today.replace(day=1), region_code="321322", title="沭阳县“春风行动”扫码注册",
                                   summary="招聘会现场扫码注册零工460人。", status=CaseStatus.SUBMITTED,
                                   submitted_by=staff.get("shuyang"))
    for c in Carrier.objects.filter(kind__in=["county_market", "city_market"]).order_by("pk")[:3]:
        Campaign.objects.get_or_create(code=f"c{c.pk}", defaults={"name": f"{c.name}注册二维码", "carrier": c,
                                                                   "region_code": c.region_id})
    spring, _created = Campaign.objects.get_or_create(code="chunfeng2026", defaults={
        "name": "2026年春风行动", "region_code": "321300"})
    for user in (ctx.shared.get("workers") or [])[:8]:
        services.attribution_record(user_id=user.pk, ref=spring.code)
    regions = services.snapshot_take(day=today)
    n = _history(ctx, today)
    report = services.report_generate(month=last_month)
    ctx.log(f"  指标快照：今日 {regions} 个地区，往前一年示意快照 {n} 条；{report.month:%Y-%m} 联席会议月报已生成"
            f"（领导账号 {LEADER[0]} / Staff-demo-2026）")

"""Demo: engagements at every stage between demo workers and published jobs, through the services, plus one
unpaid 日结 job in 胡集镇 past its deadline, which raises a 欠薪 alert in 胡集镇's station queue."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.core.errors import AppError

HUJI = "321322102"
# the stage each demo engagement is walked to, in order
PLAN = ["applied", "applied", "invited", "declined", "accepted", "signed", "checked_in", "completed", "paid",
        "confirmed", "rated", "rated", "cancelled", "no_show", "withdrawn", "completed_disputed"]
COMMENTS_W = ["老板人实在，工钱当天结清", "活不累，管午饭", "按时付款，下次还来"]
COMMENTS_E = ["干活认真，准时到岗", "手脚麻利", "很负责，推荐"]


def _walk(eng: Any, stage: str, ctx: DemoContext) -> Any:
    from suzhaohuo.gigs import services as s

    boss = eng.employer.owner
    order = ["accepted", "signed", "checked_in", "completed", "paid", "confirmed", "rated"]
    if stage in ("declined",):
        return s.engagement_decline(actor=boss, engagement=eng, reason="人已招够")
    if stage == "withdrawn":
        return s.engagement_withdraw(actor=eng.worker, engagement=eng)
    target = {"cancelled": "accepted", "no_show": "signed", "completed_disputed": "completed"}.get(stage, stage)
    if target not in order:
        return eng
    for step in order[: order.index(target) + 1]:
        eng.refresh_from_db()
        if step == "accepted":
            s.engagement_accept(actor=boss, engagement=eng)
        elif step == "signed":
            s.engagement_on_agreement_signed(engagement=eng)
        elif step == "checked_in":
            code = s.checkin_code_issue(actor=boss, job=eng.job)
            s.engagement_checkin(actor=eng.worker, engagement=eng, code=code.code)
        elif step == "completed":
            s.engagement_complete(actor=boss, engagement=eng, hours=eng.job.daily_hours or Decimal("8"))
        elif step == "paid":
            amount = (eng.job.pay_min or Decimal("150")) if eng.job.pay_unit != "hour" else (
                (eng.job.pay_min or Decimal("20")) * (eng.hours or Decimal("8")))
            s.engagement_pay(actor=boss, engagement=eng, amount=amount, method=ctx.rng.choice(["wechat", "cash"]))
        elif step == "confirmed":
            s.engagement_confirm_payment(actor=eng.worker, engagement=eng)
        elif step == "rated":
            s.engagement_rate(actor=boss, engagement=eng, score=ctx.rng.choice([4, 5, 5]),
                              comment=ctx.rng.choice(COMMENTS_E))
            s.engagement_rate(actor=eng.worker, engagement=eng, score=ctx.rng.choice([3, 4, 5]),
                              comment=ctx.rng.choice(COMMENTS_W))
    eng.refresh_from_db()
    if stage == "cancelled":
        s.engagement_cancel(actor=boss, engagement=eng, reason="天气原因停工")
    elif stage == "no_show":
        s.engagement_no_show(actor=boss, engagement=eng, reason="开工当天未到，电话未接通")
    elif stage == "completed_disputed":
        s.engagement_dispute(actor=eng.worker, engagement=eng, kind="completion", text="实际干了10小时，只记了8小时",
                             claimed_hours=Decimal("10"))
    eng.refresh_from_db()
    return eng


def _unpaid_huji(ctx: DemoContext, workers: list[Any], used: set[int]) -> Any:
    """A 日结 job in 胡集镇, completed two days ago and never paid → 欠薪 alert in 胡集镇's queue."""
    from suzhaohuo.gigs import services as s
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.jobs.services import JobInput, job_create

    employer = next((e for e in Employer.objects.filter(township_id=HUJI).select_related("owner") if e.is_verified),
                    None)
    worker = next((w for w in workers if w.pk not in used), None)
    if employer is None or worker is None:
        return None
    start = timezone.localdate()
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="大棚西瓜采收（日结）", description="胡集镇西瓜大棚采收、搬运装车，当天结算工钱。",
        category_code="agri.harvest", pay_unit="day", settlement="daily", headcount=3, township_code=HUJI,
        address="胡集镇西瓜产业园", pay_min=Decimal("180"), pay_max=Decimal("200"), start_date=start, end_date=start,
        daily_hours=Decimal("8")))
    eng = s.engagement_apply(worker=worker, job=job, consent=True, message="有采收经验")
    eng = _walk(eng, "completed", ctx)
    # time travel: the work was done two days ago, so the 日结 deadline (end of the next day) has passed
    done = timezone.now() - timedelta(days=2)
    Job.objects.filter(pk=job.pk).update(start_date=done.date(), end_date=done.date())
    # the whole day moves back together: accepted and signed the day before, checked in that morning
    # (a completion before the check-in would be impossible, issue #11 item 18)
    Engagement.objects.filter(pk=eng.pk).update(
        accepted_at=done - timedelta(days=1), signed_at=done - timedelta(days=1, hours=-1),
        checked_in_at=done - timedelta(hours=9), completed_at=done, payment_due_at=s._payment_due(done, "daily"))
    s.wage_alerts_raise()
    return eng


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.gigs import services as s
    from suzhaohuo.identity.selectors import verified_user_ids
    from suzhaohuo.jobs.selectors import jobs_public

    verified = verified_user_ids((ctx.shared.get("workers") or [])[:400])
    workers = [w for w in (ctx.shared.get("workers") or [])[:400] if w.pk in verified]
    job_ids = [j.pk for j in (ctx.shared.get("jobs") or [])]
    jobs = list(jobs_public().filter(pk__in=job_ids).filter(start_date__isnull=False)[:200]) if job_ids else list(
        jobs_public().filter(start_date__isnull=False)[:200])
    if not workers or not jobs:
        ctx.log("  没有已认证的零工或在招岗位，跳过用工记录")
        return
    made: list[Any] = ctx.shared.setdefault("engagements", [])
    used: set[int] = set()
    rounds = max(1, min(len(workers) // len(PLAN), 3))
    wi = 0
    for r in range(rounds):
        for i, stage in enumerate(PLAN):
            if wi >= len(workers):
                break
            worker, job = workers[wi], jobs[(r * len(PLAN) + i) % len(jobs)]
            wi += 1
            try:
                if stage == "invited":
                    eng = s.engagement_invite(actor=job.employer.owner, job=job, worker=worker,
                                              message="看您干过类似的活，欢迎来")
                else:
                    eng = s.engagement_apply(worker=worker, job=job, consent=True,
                                             message=ctx.rng.choice(["", "有经验，能吃苦", "离家近，随时能到"]))
                    eng = _walk(eng, stage, ctx)
            except AppError as exc:  # full, overlapping or closed: skip, the demo stays consistent
                ctx.log(f"  跳过 {stage}: {exc.message}")
                continue
            used.add(worker.pk)
            made.append(eng)
    alert = _unpaid_huji(ctx, workers[wi:], used)
    if alert is not None:
        made.append(alert)
    ctx.log(f"  {len(made)} 条用工记录；欠薪预警：{'胡集镇 1 条' if alert is not None else '无'}")

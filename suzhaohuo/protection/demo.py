"""Demo: the example products and the delivery rule; a 搬运 job with accident cover whose accepted workers are
insured automatically; a 外卖 job under the 职业伤害保障 rule; one injury claim decided, one in progress; an
insurer account (baoxian / the demo staff password)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.core.errors import AppError

HUJI = "321322102"


def _insurer(ctx: DemoContext) -> Any:
    from suzhaohuo.accounts.demo import STAFF_PASSWORD, password_hash
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create

    return User.objects.filter(username="baoxian").first() or staff_create(
        actor=None, username="baoxian", password=STAFF_PASSWORD, password_hash=password_hash(STAFF_PASSWORD), role="insurer",
        scope_region_code="321300",
        display_name="保险理赔 小保", organization="宿迁示例财产保险公司")


def _job(employer: Any, *, title: str, category: str, cover: str, days: int, start_in: int) -> Any:
    from suzhaohuo.jobs.services import JobInput, job_create

    start = timezone.localdate() + timedelta(days=start_in)
    return job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=title, description="仓库货物搬运、装车卸车，需上下梯子和搬重物，现场有叉车配合。" if category.startswith(
            "moving") else "午晚高峰在县城内配送外卖，平台派单，按单计酬。",
        category_code=category, pay_unit="day", settlement="daily", headcount=3, township_code=HUJI,
        address="胡集镇物流园2号仓", pay_min=Decimal("220"), pay_max=Decimal("260"), start_date=start,
        end_date=start + timedelta(days=days - 1), daily_hours=Decimal("8"), cover_code=cover))


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.gigs import services as gigs
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.identity.selectors import verified_user_ids
    from suzhaohuo.protection import services

    n = services.products_load()
    insurer = _insurer(ctx)
    employer = next((e for e in Employer.objects.filter(township_id=HUJI).select_related("owner") if e.is_verified),
                    None)
    busy = {e.worker_id for e in ctx.shared.get("engagements", [])}
    verified = verified_user_ids(ctx.shared.get("workers", []))
    workers = [w for w in ctx.shared.get("workers", []) if w.pk not in busy and w.pk in verified][-6:]
    if employer is None or len(workers) < 3:
        ctx.log(f"  保障产品 {n} 个；没有可用的用工主体或零工，跳过投保示例")
        return
    moving = _job(employer, title="物流园搬运装卸工（含意外险）", category="moving.loading", cover="acc-daily", days=3,
                  start_in=-1)
    rider = _job(employer, title="县城外卖骑手（午晚高峰）", category="delivery.rider", cover="", days=5, start_in=0)
    enrolled = []
    for job, group in ((moving, workers[:2]), (rider, workers[2:3])):
        for worker in group:
            try:
                eng = gigs.engagement_apply(worker=worker, job=job, consent=True, message="能吃苦，随时到")
                gigs.engagement_accept(actor=employer.owner, engagement=eng)
            except AppError as exc:
                ctx.log(f"  跳过：{exc.message}")
                continue
            enrolment = services.enrolment_for_engagement(engagement_id=eng.pk)  # idempotent with the event handler
            if enrolment is not None:
                enrolled.append((eng, enrolment))
    claims = 0
    for i, (eng, enrolment) in enumerate(e for e in enrolled if e[0].job_id == moving.pk):
        claim = services.claim_report(
            actor=eng.worker, engagement=eng, incident_date=enrolment.cover_start, place="胡集镇物流园2号仓",
            description="卸货时从梯子上摔下，左脚踝扭伤，已到胡集镇卫生院拍片。" if i == 0 else "搬运时被货箱砸伤右手。")
        claims += 1
        if i == 0:
            services.claim_decide(actor=insurer, claim=claim, decision="approved", amount=Decimal("3260"),
                                  note="医疗费用及误工补助")
    ctx.log(f"  保障产品 {n} 个；自动投保 {len(enrolled)} 人；报案 {claims} 起（1 起已核定赔付）；保险机构账号 baoxian")

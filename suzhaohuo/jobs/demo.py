"""Demo job postings across townships and categories, from the employers the identity seeder made.

The first postings go through ``services.job_create`` one by one, exactly as an employer's would
(screening, review, blocked drafts, station postings); a few are then closed, filled or expired. For
large runs (``--jobs 50000``) the rest are built in bulk with the same validation and screening, so
the plan's 50,000 target loads in minutes.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from suzhaohuo.core.bulk import insert_rows
from suzhaohuo.core.demo import DemoContext
from suzhaohuo.jobs import screening_bridge, services
from suzhaohuo.jobs.choices import JobOrigin, JobStatus
from suzhaohuo.jobs.models import Job, JobCategory, JobStatusChange
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.selectors import townships

HUJI, YANJI = "321322102", "321322116"
SERVICE_LIMIT = 400  # postings created one by one through the services; the rest in bulk
BATCH = 1000

# Approximate county centres (WGS-84) for demo coordinates.
COUNTY_CENTRES = {"321302": (33.96, 118.28), "321311": (33.95, 118.33), "321322": (34.11, 118.77),
                  "321323": (33.72, 118.70), "321324": (33.46, 118.22), "321371": (33.90, 118.35)}

# category: [(title, description, requirements, pay range, unit, settlement, daily hours)]
TEMPLATES: dict[str, list[tuple[str, str, str, tuple[int, int], str, str, int | None]]] = {
    "agri.harvest": [
        ("桃子采摘工", "{town}桃园采摘、分拣、装箱，早上6点上工，中午管饭，男女不限。", "能适应户外劳动", (180, 220), "day", "daily", 8),
        ("大棚蔬菜采收", "{town}蔬菜大棚采收黄瓜、番茄，按天结算，工具由基地提供。", "", (160, 200), "day", "daily", 7),
        ("稻麦收割帮工", "夏收期间在{town}协助机收、晒粮、装袋，为期约10天。", "会开三轮车优先", (200, 260), "day", "on_completion", 9),
    ],
    "agri.planting": [
        ("花木扦插工", "{town}花木基地扦插、浇水、除草，计件或按天均可。", "", (170, 200), "day", "weekly", 7),
        ("苗圃养护临时工", "苗圃修剪、施肥、打药（提供防护用品），长期零活。", "", (170, 210), "day", "weekly", 8),
    ],
    "agri.livestock": [("水产养殖帮工", "{town}螃蟹塘投喂、巡塘、起捕帮忙，包住。", "", (4500, 5500), "month", "monthly", None)],
    "domestic.housekeeping": [
        ("钟点工（家庭保洁）", "{town}小区家庭日常保洁，每次3小时，时间可商量。", "做事细心", (30, 35), "hour", "daily", 3),
        ("住家保姆", "照顾一家三口日常饮食起居，做饭、打扫，每月休4天。", "有经验者优先", (5000, 6000), "month", "monthly", None),
    ],
    "domestic.maternity": [("月嫂", "{town}产妇及新生儿护理26天，持证上岗。", "持母婴护理证", (8000, 10000), "job", "on_completion", None)],
    "eldercare.care": [("养老院护理员（临时）", "{town}敬老院协助老人起居、喂饭、翻身，可做白班或夜班。", "有耐心", (220, 260), "day", "weekly", 8)],
    "childcare.nursery": [("托育机构保育员（暑期）", "暑期托班照看3-6岁儿童，协助午餐午休。", "持保育员证优先", (180, 220), "day", "monthly", 8)],
    "ecommerce.packing": [
        ("电商打包工", "{town}电商仓库打包发货，计件，多劳多得，旺季加班有补贴。", "", (1, 1), "piece", "weekly", None),
        ("电商仓库分拣", "双十一期间仓库分拣、贴单、装车，包工作餐。", "", (180, 220), "day", "daily", 9),
    ],
    "ecommerce.livestream": [("直播间助播", "花木直播间助播、回复评论、打包样品，晚上7点到11点。", "普通话流利", (100, 150), "day", "weekly", 4)],
    "construction.labour": [("建筑小工", "{town}工地搬砖、拌灰、清理现场，提供安全帽。", "", (220, 280), "day", "daily", 9)],
    "construction.renovation": [("装修贴砖师傅", "新房卫生间、厨房贴砖约30平方，包工不包料。", "有贴砖经验", (3000, 3500), "job", "on_completion", None)],
    "construction.plumbing": [("水电安装工", "{town}门面房水电改造，3天完工。", "持电工证", (350, 400), "day", "on_completion", 8)],
    "delivery.rider": [("外卖骑手（兼职）", "{town}城区午高峰送餐，自备电动车，按单计酬。", "", (6, 8), "job", "weekly", None)],
    "courier.sorting": [("快递分拣临时工", "{town}快递网点夜班分拣包裹，晚8点到凌晨2点。", "", (25, 28), "hour", "weekly", 6)],
    "repair.appliance": [("空调安装维修师傅", "夏季空调安装、移机、加氟，按单结算。", "有高处作业证", (80, 150), "job", "daily", None)],
    "repair.vehicle": [("电动车维修学徒（零工）", "{town}修车铺帮忙补胎、换电瓶，周末两天。", "", (170, 200), "day", "daily", 8)],
    "beauty.hair": [("美发助理（周末）", "周末洗头、吹发、打扫店面。", "", (170, 200), "day", "daily", 8)],
    "beauty.skin": [("美甲师（兼职）", "{town}美甲店周末兼职，按单提成。", "会基础款式", (40, 80), "job", "weekly", None)],
    "moving.loading": [
        ("装卸工", "{town}物流园卸货、码垛，按车计费，随叫随到。", "", (200, 300), "day", "daily", 8),
        ("搬家搬运工", "居民搬家搬运家具家电，每单约半天。", "", (150, 200), "job", "daily", None),
    ],
    "cleaning.general": [
        ("开荒保洁", "{town}新装修房屋开荒保洁，三室两厅，工具由公司提供。", "", (300, 400), "job", "on_completion", None),
        ("商场保洁（临时）", "商场节假日保洁补员，白班。", "", (170, 200), "day", "daily", 8),
    ],
    "catering.kitchen": [("后厨帮工", "{town}饭店后厨洗菜、切配、洗碗，午市晚市。", "有健康证", (170, 200), "day", "daily", 8)],
    "catering.service": [("婚宴服务员", "周末婚宴上菜、收台，半天。", "", (120, 150), "job", "daily", 5)],
    "manufacturing.line": [("电子厂普工（临时）", "{town}工业园流水线组装，两班倒，包吃住。", "", (22, 24), "hour", "weekly", 8)],
    "manufacturing.sewing": [("服装车工（计件）", "{town}服装厂平车、锁边，计件。", "会用平车", (1, 3), "piece", "monthly", None)],
    "other.events": [("超市促销员", "周末超市促销、试吃推广。", "", (170, 200), "day", "daily", 8)],
    "other.security": [("活动安保", "{town}大型活动现场秩序维护，两天。", "", (220, 260), "day", "on_completion", 10)],
    "other.misc": [("发传单（半天）", "{town}商圈发放宣传单页，半天。", "", (90, 110), "job", "daily", 4)],
}

BLOCKED = [
    ("招聘搬运工", "招聘搬运工，限男性，需交押金200元"),
    ("仓库理货员", "仅限本地户口，入职先交服装费100元"),
    ("网络兼职", "在家刷单返利，日赚300元，高薪日结"),
]
REVIEW = [
    ("高空作业安装工", "户外广告牌安装，要求身体无残疾，能适应高空作业。"),
    ("装卸工（长期）", "物流园装卸，要求肢体健全，能吃苦耐劳。"),
]


def _employers(ctx: DemoContext) -> list[Any]:
    from suzhaohuo.identity.models import Employer

    employers = [e for e in (ctx.shared.get("employers") or []) if e.is_verified]
    if not employers:
        employers = [e for e in Employer.objects.select_related("owner")[:500] if e.is_verified]
    return employers


def _input(ctx: DemoContext, *, town: Region, category: str, template: tuple[Any, ...], coords: bool,
           place: str | None = None) -> Any:
    rng = ctx.rng
    title, desc, req, (lo, hi), unit, settlement, hours = template
    pay_min = Decimal(rng.randrange(lo, hi + 1, 10 if hi - lo >= 10 else 1)) if hi > lo else Decimal(lo)
    pay_max = pay_min + Decimal(rng.choice((0, 0, 10, 20))) if unit in ("day", "job") and hi > 50 else None
    lat = lng = None
    centre = COUNTY_CENTRES.get(town.parent_id or "")
    if coords and centre:
        lat, lng = round(centre[0] + rng.uniform(-0.08, 0.08), 5), round(centre[1] + rng.uniform(-0.08, 0.08), 5)
    start = timezone.localdate() + timedelta(days=rng.randint(0, 10))
    return services.JobInput(
        title=title, description=desc.format(town=town.name if place is None else place), requirements=req, category_code=category,
        pay_unit=unit, settlement=settlement, headcount=rng.choice((1, 2, 3, 5, 8, 10, 20)), township_code=town.code,
        address=f"{town.name}{rng.choice(('人民路', '工业园', '幸福村', '新河路', '中心街'))}{rng.randint(1, 200)}号",
        pay_min=pay_min, pay_max=pay_max, daily_hours=Decimal(hours) if hours else None,
        start_date=start, end_date=start + timedelta(days=rng.randint(0, 20)),
        benefits=rng.choice(("", "包午饭", "提供意外险", "包吃住")), insurance_provided=rng.random() < 0.3,
        valid_until=timezone.now() + timedelta(days=rng.randint(7, 60)), lat=lat, lng=lng)


def seed(ctx: DemoContext) -> None:
    started = time.monotonic()
    employers = _employers(ctx)
    if not employers or ctx.jobs <= 0:
        ctx.log("  没有已认证的用工主体，跳过岗位")
        return
    staff = ctx.shared.get("staff", {})
    towns = list(townships(include_special=True))
    by_code = {t.code: t for t in towns}
    categories = list(TEMPLATES)
    jobs: list[Job] = ctx.shared.setdefault("jobs", [])
    rng = ctx.rng
    in_service = min(ctx.jobs, SERVICE_LIMIT)

    def employer_near(town: Region) -> Any:
        local = [e for e in employers[:200] if (e.township_id or "")[:6] == town.code[:6]]
        return rng.choice(local or employers)

    # Special cases an evaluator will look for: blocked drafts, review in 胡集镇/颜集镇, a station posting.
    huji_employer = next((e for e in employers if e.township_id == HUJI), employers[0])
    for title, text in BLOCKED:
        data = _input(ctx, town=by_code[HUJI], category="moving.loading", template=TEMPLATES["moving.loading"][0],
                      coords=False)
        data.title, data.description = title, text
        jobs.append(services.job_create(actor=huji_employer.owner, employer=huji_employer, data=data))
    for code in (HUJI, YANJI, HUJI, YANJI):
        title, text = REVIEW[len(jobs) % len(REVIEW)]
        data = _input(ctx, town=by_code[code], category="other.misc", template=TEMPLATES["other.misc"][0], coords=True)
        data.title, data.description, data.pay_min, data.pay_max, data.pay_unit = title, text, Decimal(260), None, "day"
        data.daily_hours = Decimal(8)
        poster = employer_near(by_code[code])
        jobs.append(services.job_create(actor=poster.owner, employer=poster, data=data))
    if staff.get("huji"):
        data = _input(ctx, town=by_code[HUJI], category="agri.harvest", template=TEMPLATES["agri.harvest"][0],
                      coords=True)
        jobs.append(services.job_create(actor=staff["huji"], employer=huji_employer, data=data,
                                        origin=JobOrigin.STATION, authorization_note="用工主体授权书（驿站存档）"))

    made = len(jobs)
    with transaction.atomic():
        for i in range(made, in_service):
            town = by_code[HUJI] if i % 7 == 0 else rng.choice(towns)
            category = categories[i % len(categories)]
            template = rng.choice(TEMPLATES[category])
            data = _input(ctx, town=town, category=category, template=template, coords=rng.random() < 0.6)
            data.title = f"{data.title}" if i < len(categories) * 2 else f"{town.name[:3]}{data.title}"
            try:
                employer = employer_near(town)
                jobs.append(services.job_create(actor=employer.owner, employer=employer, data=data))
            except Exception:  # noqa: BLE001 - a demo row with bad random data is skipped, not fatal
                continue
    # Some history: closed, filled, expired.
    published = [j for j in jobs if j.status == JobStatus.PUBLISHED]
    for job in published[5:8]:
        services.job_close(actor=job.employer.owner, job=job, reason="人已招够")
    for job in published[8:10]:
        services.job_mark_filled(job=job)
    expired_ids = [j.pk for j in published[10:14]]
    Job.objects.filter(pk__in=expired_ids).update(valid_until=timezone.now() - timedelta(days=1))
    services.jobs_expire()
    ctx.log(f"  岗位（逐条经服务发布）{len(jobs)} 个（{time.monotonic() - started:.0f} 秒）")

    if ctx.jobs > len(jobs):
        _bulk(ctx, count=ctx.jobs - len(jobs), towns=towns, employers=employers, jobs=jobs)
    ctx.log(f"  岗位共 {Job.objects.count()} 个，招聘中 {Job.objects.filter(status=JobStatus.PUBLISHED).count()} 个"
            f"（{time.monotonic() - started:.0f} 秒）")


def _bulk(ctx: DemoContext, *, count: int, towns: list[Region], employers: list[Any], jobs: list[Job]) -> None:
    """Large demo runs: same validation and screening as the service, written in batches."""
    rng = ctx.rng
    cats = {c.code: c for c in JobCategory.objects.all()}
    categories = list(TEMPLATES)
    cache: dict[tuple[Any, ...], screening_bridge.Screened] = {}
    now = timezone.now()
    started = time.monotonic()
    lookups = services.ValidationLookups()  # categories, townships and cover defaults asked once per run
    for start in range(0, count, BATCH):
        batch: list[Job] = []
        for i in range(start, min(start + BATCH, count)):
            town = rng.choice(towns)
            category = categories[i % len(categories)]
            # "当地" instead of the township name keeps the screening cache small for 50,000 rows.
            data = _input(ctx, town=town, category=category, template=rng.choice(TEMPLATES[category]),
                          coords=rng.random() < 0.6, place="当地")
            clean = services.job_validate(data, now=now, lookups=lookups)
            v = clean.values
            key = (v["title"], v["description"], v["requirements"], v["benefits"], v["pay_min"], v["pay_max"],
                   v["pay_unit"], v["daily_hours"], town.code[:6])
            if key not in cache:
                cache[key] = screening_bridge.screen_fields(
                    title=v["title"], description=v["description"], requirements=v["requirements"],
                    benefits=v["benefits"], pay_min=v["pay_min"], pay_max=v["pay_max"], pay_unit=v["pay_unit"],
                    daily_hours=v["daily_hours"], township_code=town.code, headcount=v["headcount"],
                    address=v["address"], valid_until=v["valid_until"], check_missing=True)
            findings, version = cache[key]
            severity = screening_bridge.max_severity(findings)
            job = Job(employer=rng.choice(employers), origin=rng.choice(
                (JobOrigin.EMPLOYER, JobOrigin.EMPLOYER, JobOrigin.DEPARTMENT, JobOrigin.AGENCY, JobOrigin.SUXINPIN)),
                **v)
            job.category, job.township = cats[category], town
            job.screening_findings, job.screening_rules_version = findings, version
            job.screening_status = services.screening_status_for(severity)
            job.status, _reason = services.job_publish_decision(job, severity)
            job.published_at = now - timedelta(minutes=rng.randint(0, 60 * 24 * 20)) \
                if job.status == JobStatus.PUBLISHED else None
            batch.append(job)
        with transaction.atomic():  # the raw insert path of imports (core.bulk): jobs, history, status changes
            services.jobs_insert_created(batch, poster=None)
            insert_rows(JobStatusChange, ("job_id", "from_status", "to_status", "reason", "created_at"),
                        [(j.pk, "", j.status, "演示数据批量导入", now) for j in batch])
        ctx.log(f"  批量岗位 {min(start + BATCH, count)}/{count}（{time.monotonic() - started:.0f} 秒）")

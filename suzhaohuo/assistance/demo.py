"""Demo: Suqian's category list; three residents identified by 沭阳县 staff with ledger entries and pushes, one
employed with follow-ups due; two public-welfare posts in 胡集镇, one person placed with last month's attendance."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.core.errors import AppError

HUJI = "321322102"
PEOPLE = [
    ("near_retirement", "失业登记证 321322-2019-0417", "原乡镇企业职工，企业关停后失业，腰不好，不能干重活",
     "就近安排轻体力岗位", "保洁、绿化养护"),
    ("long_term_unemployed", "失业登记证 321322-2024-1102", "失业14个月，照顾老人，只能在本镇上班", "本镇半天岗位",
     "电商打包分拣"),
    ("zero_employment_family", "零就业家庭认定表 HJ-2025-007", "夫妻均无工作，两个孩子上学", "一人先就业",
     "叉车操作证培训"),
]


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.assistance import services
    from suzhaohuo.assistance.models import DifficultyPerson
    from suzhaohuo.identity.selectors import person_identity_of, user_is_verified

    services.categories_load()
    staff = ctx.shared.get("staff", {}).get("shuyang")
    if staff is None:
        ctx.log("  没有沭阳县工作人员，跳过就业援助示例")
        return
    busy = {e.worker_id for e in ctx.shared.get("engagements", [])}
    candidates = []
    for w in ctx.shared.get("workers", []):
        identity = person_identity_of(w)
        if (identity is None or w.pk in busy or identity.township_id != HUJI
                or DifficultyPerson.objects.filter(user=w).exists()):
            continue
        if not user_is_verified(w):  # identified only after the station has checked the ID in person
            from suzhaohuo.identity.services import person_verify_in_person

            try:
                person_verify_in_person(actor=staff, identity=identity)
            except AppError:
                continue
        if (services.retirement_date(w) or date.max) > date.today() + timedelta(days=3 * 365):
            candidates.append(w)
        if len(candidates) == 12:
            break
    persons = []
    categories = {c.code: c for c in services.categories_for(HUJI[:4])}
    for category, evidence, circ, goal, training in PEOPLE:
        # each category's own conditions (e.g. 「距法定退休年龄不足10年」): the first resident who meets them
        worker = next((w for w in candidates if category in categories
                       and services.category_age_problem(categories[category], w) is None), None)
        if worker is None:
            ctx.log(f"  跳过：没有符合“{category}”条件的示例居民")
            continue
        candidates.remove(worker)
        try:
            persons.append(services.person_identify(
                actor=staff, user=worker, category_code=category, consent=True,
                consent_note="本人在《就业援助登记同意书》上签字", evidence=evidence, circumstances=circ, goal=goal,
                training_suggested=training))
        except AppError as exc:
            ctx.log(f"  跳过：{exc.message}")
    today = timezone.localdate()
    for i, person in enumerate(persons):
        services.contact_add(actor=staff, person=person, on=today - timedelta(days=10 - i), channel="visit",
                             content="上门走访，了解就业意愿和家庭情况，介绍公益性岗位政策。")
        services.contact_add(actor=staff, person=person, on=today - timedelta(days=3), channel="phone",
                             content="电话告知本周新岗位，约定周五到站面谈。")
        for job in services_jobs(person)[:1]:
            with contextlib.suppress(AppError):
                services.recommendation_push(actor=staff, person=person, job=job)
    if len(persons) >= 2:
        services.outcome_record(actor=staff, person=persons[1], employed_on=today - timedelta(days=35),
                                employed_where="胡集镇电商产业园 打包分拣", kind="gig")
    cleaner = services.post_create(actor=staff, data=services.PostInput(
        title="村级保洁员", unit_name="胡集镇人民政府", unit_kind="township", township_code=HUJI,
        duties="负责所在村主干道和公共区域日常保洁，垃圾分类督导。", hours="每天 6:30-10:30", monthly_subsidy="2000",
        pay_note="另缴社会保险（单位部分由财政补贴）", term_months=12, slots=3))
    services.post_create(actor=staff, data=services.PostInput(
        title="农村道路护路员", unit_name="沭阳县交通运输局", unit_kind="government", township_code=HUJI,
        duties="巡查农村公路，清理路面杂物，报告损坏。", hours="工作日 8:00-12:00", monthly_subsidy="1800",
        term_months=12, slots=2))
    placed = 0
    if persons:
        start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        placement = services.placement_create(actor=staff, post=cleaner, person=persons[0], start_date=start)
        services.attendance_record(actor=staff, placement=placement, month=start, days_scheduled=22, days_present=21,
                                   note="请假1天（就医）")
        placed = 1
    ctx.log(f"  就业困难人员 {len(persons)} 人（帮扶台账、推送、回访）；公益性岗位 2 个，安置 {placed} 人并登记上月考勤")


def services_jobs(person: Any) -> list[Any]:
    from suzhaohuo.assistance.selectors import recommended_jobs

    return recommended_jobs(person, limit=3)

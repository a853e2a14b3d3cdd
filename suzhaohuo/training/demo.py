"""Demo: training providers (two verified, one waiting for review), courses at stations in several townships with
upcoming sessions, a finished 家政 class with attendance, passes, sealed certificates and subsidy evaluation, a
claim list, and certified workers (金牌家政) earned from seeded engagements, so every training page is populated."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

from django.utils import timezone

from suzhaohuo.core.demo import DemoContext
from suzhaohuo.core.errors import AppError

HUJI = "321322102"
YANJI = "321322116"


def _provider_user(username: str, scope: str, name: str, org: str) -> Any:
    from suzhaohuo.accounts.demo import STAFF_PASSWORD, password_hash
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create

    existing = User.objects.filter(username=username).first()
    return existing or staff_create(actor=None, username=username, password=STAFF_PASSWORD, password_hash=password_hash(STAFF_PASSWORD),
                                    role="training_provider",
                                    scope_region_code=scope, display_name=name, organization=org)


def _station(region_prefix: str) -> Any:
    from suzhaohuo.carriers.models import Carrier

    return Carrier.objects.filter(region__code__startswith=region_prefix, kind="station", is_active=True).first()


def _verified_workers(ctx: DemoContext, township: str, n: int, skip: set[int]) -> list[Any]:
    from suzhaohuo.identity.selectors import verified_user_ids
    from suzhaohuo.workers.models import WorkerProfile

    home = set(WorkerProfile.objects.filter(home_township_id=township).values_list("user_id", flat=True))
    verified = verified_user_ids(ctx.shared.get("workers", []))
    out = [w for w in ctx.shared.get("workers", []) if w.pk in home and w.pk not in skip and w.pk in verified]
    if len(out) < n:
        out += [w for w in ctx.shared.get("workers", []) if w.pk not in skip and w not in out and w.pk in verified]
    return out[:n]


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.training import services
    from suzhaohuo.training.models import Enrolment, Provider
    from suzhaohuo.training.seeding import (
        attend_all,
        completed_engagements,
        course_with_sessions,
        sessions_now,
    )

    if Provider.objects.exists():
        ctx.log("  training: already seeded")
        return
    staff = ctx.shared.get("staff", {})
    huji_staff, yanji_staff = staff.get("huji"), staff.get("yanji")
    if huji_staff is None or yanji_staff is None:
        return
    huji_station, yanji_station = _station(HUJI), _station(YANJI)

    p1 = services.provider_register(user=staff.get("peixun") or _provider_user("peixun", "321300", "技能培训 小陶",
                                                                                 "宿迁市职业技能培训中心"),
                                    name="宿迁市职业技能培训中心", licence_kind="licence",
                                    licence_number="苏宿民办学校许可2024第007号", township_code=HUJI,
                                    address="沭阳县胡集镇党群服务中心二楼", phone="0527-83000000")
    services.provider_verify(actor=huji_staff, provider=p1, approve=True)
    p2 = services.provider_register(user=_provider_user("qiaoshou", YANJI, "巧手培训 小沈", "沭阳县巧手职业培训学校"),
                                    name="沭阳县巧手职业培训学校", licence_kind="filing",
                                    licence_number="沭人社培备2025第031号", township_code=YANJI, address="颜集镇花木大道18号")
    services.provider_verify(actor=yanji_staff, provider=p2, approve=True)
    services.provider_register(user=_provider_user("xinkai", HUJI, "新开培训 小吴", "宿迁新开职业技能培训有限公司"),
                               name="宿迁新开职业技能培训有限公司", licence_kind="filing", licence_number="宿人社培备2026第102号",
                               township_code=HUJI)  # waits in 胡集镇's review queue

    p1.refresh_from_db()
    p2.refresh_from_db()
    upcoming = [
        (p1, HUJI, huji_station, "家政服务员（专项能力）", "domestic.housekeeping", "special", True, "0", 3),
        (p1, HUJI, huji_station, "养老护理员（初级）", "eldercare.care", "junior", True, "0", 10),
        (p2, YANJI, yanji_station, "母婴护理（月嫂）专项能力", "domestic.maternity", "special", True, "0", 5),
        (p2, YANJI, yanji_station, "育婴员（五级）", "childcare.nursery", "junior", True, "300", 8),
        (p1, HUJI, None, "外卖骑手交通安全与服务规范", "delivery.rider", "special", False, "0", 6),
        (p2, YANJI, None, "中式面点（专项能力）", "catering.kitchen", "special", True, "0", 12),
    ]
    made = []
    for prov, town, carrier, title, cat, level, subsidy, fee, days in upcoming:
        start = timezone.localtime(timezone.now() + timedelta(days=days)).replace(hour=9, minute=0, second=0,
                                                                                  microsecond=0)
        made.append(course_with_sessions(
            provider=prov, township_code=town, title=title, category_code=cat, level=level, subsidy_eligible=subsidy,
            fee=fee, carrier_id=carrier.pk if carrier else None, first_start=start,
            capacity=2 if cat == "domestic.maternity" else 20,
            certificate_name=f"{title}培训合格证书"))

    # A finished class in 胡集镇: six students, five pass, one fails; two are 就业困难人员 (subsidy-eligible).
    done = course_with_sessions(provider=p1, township_code=HUJI, title="家政服务员（专项能力）第一期",
                                carrier_id=huji_station.pk if huji_station else None, capacity=20,
                                certificate_name="家政服务专项职业能力培训合格证书")
    used: set[int] = set()
    students = _verified_workers(ctx, HUJI, 6, used)
    used |= {w.pk for w in students}
    for i, w in enumerate(students):
        if i < 2:
            services.person_group_confirm(actor=staff.get("shizhan") or huji_staff, user=w,  # city scope
                                          group="difficulty" if i == 0 else "rural_transfer")
        services.enrolment_create(worker=w, course=done, channel=["course_page", "job_page", "recommendation"][i % 3])
    sessions_now(done)
    for i, w in enumerate(students):
        attend_all(done, w)
        e = Enrolment.objects.get(course=done, worker=w)
        services.enrolment_assess(actor=p1.owner, enrolment=e, result="fail" if i == 5 else "pass",
                                  score=55 if i == 5 else 80 + i * 3)
    from suzhaohuo.training.models import Session

    for i, s in enumerate(done.sessions.order_by("starts_at")):  # the class ran last week
        start = timezone.now() - timedelta(days=8 - i)
        Session.objects.filter(pk=s.pk).update(starts_at=start, ends_at=start + timedelta(hours=8))
    with contextlib.suppress(AppError):  # nothing eligible this month: no claim to show
        services.claim_create(actor=p1.owner, period=timezone.localdate().strftime("%Y-%m"))

    # Upcoming enrolments: some seats taken, a walk-in with logged consent, one on the waiting list.
    first = made[0]
    for w in _verified_workers(ctx, HUJI, 3, used):
        services.enrolment_create(worker=w, course=first, channel="recommendation")
        used.add(w.pk)
    for w in _verified_workers(ctx, YANJI, 3, used):  # the 月嫂 class has 2 places: the third waits
        services.enrolment_create(worker=w, course=made[2], waitlist=True)
        used.add(w.pk)
    walk_in = _verified_workers(ctx, HUJI, 1, used)
    if walk_in:
        services.enrolment_walk_in(actor=huji_staff, course=first, mobile=walk_in[0].mobile, consent=True,
                                   consent_method="本人到站，工作人员宣读告知后口头同意")
        used.add(walk_in[0].pk)

    # Certified workers: two passed students with five good 家政 engagements each earn 金牌家政 overnight.
    from suzhaohuo.identity.models import Employer

    employer = next((e for e in Employer.objects.filter(township_id=HUJI).select_related("owner") if e.is_verified),
                    None)
    if employer is not None:
        try:  # the two share five distinct 家政 postings (two places each), no look-alike duplicates
            completed_engagements(workers=students[:2], employer=employer, n=5)
        except AppError as exc:  # a demo worker with an overlapping job: skip, keep the rest
            ctx.log(f"  training: 金牌家政 engagements skipped ({exc.message})")
    counts = services.badges_nightly()
    ctx.log(f"  training: {Provider.objects.count()} providers, {len(made) + 1} courses, "
            f"{Enrolment.objects.count()} enrolments, badges {counts}")

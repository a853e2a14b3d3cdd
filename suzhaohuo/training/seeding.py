"""Building blocks for demo data and tests, all through the services a user would trigger: a verified
provider, a course with sessions, a class walked through attendance and assessment, and completed, rated gig
engagements (the platform records certification criteria are computed from)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone


def verified_provider(*, owner: Any, staff: Any, township_code: str, name: str = "宿迁市巧手职业培训学校",
                      licence: str = "苏宿人社培备字2026第018号") -> Any:
    from suzhaohuo.training import services

    p = services.provider_register(user=owner, name=name, licence_kind="filing", licence_number=licence,
                                   township_code=township_code, address="人民路88号", phone="0527-8000000")
    return services.provider_verify(actor=staff, provider=p, approve=True)


def course_with_sessions(*, provider: Any, township_code: str, title: str = "家政服务员（专项能力）",
                         category_code: str = "domestic.housekeeping", carrier_id: int | None = None,
                         first_start: datetime | None = None, sessions: int = 2, capacity: int = 20,
                         subsidy_eligible: bool = True, level: str = "special", fee: str = "0",
                         certificate_name: str = "家政服务专项职业能力培训合格证书") -> Any:
    from suzhaohuo.training import services

    course = services.course_create(
        actor=provider.owner, title=title, category_code=category_code, level=level, hours="16", mode="in_person",
        township_code=township_code, certificate_name=certificate_name, fee=fee, subsidy_eligible=subsidy_eligible,
        carrier_id=carrier_id, min_attendance="1", assessment_required=True,
        description="保洁、收纳、做饭、照护基础，结业考核合格发证。")
    start = first_start or (timezone.now() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    for i in range(sessions):
        s = start + timedelta(days=i)
        services.session_add(actor=provider.owner, course=course, starts_at=s, ends_at=s + timedelta(hours=8),
                             place="零工服务驿站培训室", capacity=capacity, teacher="王老师", carrier_id=carrier_id)
    return course


def sessions_now(course: Any) -> None:
    """Test/demo time travel: move the course's sessions to now so attendance is open (like gigs' demo dating)."""
    from suzhaohuo.training.models import Session

    now = timezone.now()
    for i, s in enumerate(Session.objects.filter(course=course).order_by("starts_at")):
        Session.objects.filter(pk=s.pk).update(starts_at=now - timedelta(minutes=30 - i),
                                               ends_at=now + timedelta(hours=2))


def attend_all(course: Any, worker: Any) -> None:
    from suzhaohuo.training import services

    for s in course.sessions.order_by("starts_at"):
        code = services.session_checkin_code(actor=course.provider.owner, session=s)
        services.attend_by_token(actor=worker, token=code.token)


# Distinct, realistic 家政 jobs (one posting each, shared by the workers it is seeded for): no list of
# look-alike 「家庭保洁1…5」 postings, and the text matches the pay (a half day, settled the same day).
HOUSEKEEPING_JOBS = (
    ("家庭日常保洁（半天）", "幸福小区住户家庭日常保洁：擦拭家具、拖地、清理厨卫，约4小时，自带工具，当天结清200元。"),
    ("新房开荒保洁", "新装修住房开荒保洁：清除涂料和胶渍、擦窗、清扫地面，约4小时，当天结清200元。"),
    ("厨房油烟深度清洁", "住户厨房油烟机、灶台、橱柜深度清洁，约4小时，清洁剂由户主提供，当天结清200元。"),
    ("擦玻璃和阳台清洁", "低层住户擦玻璃、清洁阳台和纱窗（不做高空作业），约4小时，当天结清200元。"),
    ("衣物整理收纳", "住户换季衣物整理、衣柜收纳和床品更换，约4小时，当天结清200元。"),
)


def completed_engagements(*, worker: Any = None, workers: list[Any] | None = None, employer: Any, n: int,
                          category_code: str = "domestic.housekeeping", score: int = 5) -> list[Any]:
    """``n`` finished, paid and rated engagements for ``worker`` (or each of ``workers``, sharing the jobs),
    checked in on time."""
    from suzhaohuo.gigs import services as g
    from suzhaohuo.jobs.services import JobInput, job_create

    people = list(workers or []) + ([worker] if worker is not None else [])
    out = []
    for i in range(n):
        start = timezone.localdate() + timedelta(days=1)
        title, description = HOUSEKEEPING_JOBS[i % len(HOUSEKEEPING_JOBS)]
        if i >= len(HOUSEKEEPING_JOBS):
            title = f"{title}（第{i // len(HOUSEKEEPING_JOBS) + 1}次）"
        job = job_create(actor=employer.owner, employer=employer, data=JobInput(
            title=title, description=description, category_code=category_code,
            pay_unit="day", settlement="daily", headcount=len(people), township_code=employer.township_id,
            address="幸福小区", pay_min=Decimal("200"), start_date=start, end_date=start, daily_hours=Decimal("4")))
        for person in people:
            out.append(_complete_one(g, job, employer, person, score))
    return out


def _complete_one(g: Any, job: Any, employer: Any, worker: Any, score: int) -> Any:
    """One worker through apply … rate on ``job``."""
    boss = employer.owner
    eng = g.engagement_apply(worker=worker, job=job, consent=True)
    g.engagement_accept(actor=boss, engagement=eng)
    eng.refresh_from_db()
    g.engagement_on_agreement_signed(engagement=eng)
    code = g.checkin_code_issue(actor=boss, job=job)
    g.engagement_checkin(actor=worker, engagement=eng, code=code.code)
    g.engagement_complete(actor=boss, engagement=eng, hours="4")
    g.engagement_pay(actor=boss, engagement=eng, amount="200", method="wechat")
    g.engagement_confirm_payment(actor=worker, engagement=eng)
    g.engagement_rate(actor=boss, engagement=eng, score=score, comment="干活细致，准时")
    return eng

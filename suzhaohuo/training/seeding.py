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


def completed_engagements(*, worker: Any, employer: Any, n: int, category_code: str = "domestic.housekeeping",
                          score: int = 5, title: str = "家庭保洁") -> list[Any]:
    """``n`` finished, paid and rated engagements for ``worker`` (each on its own job), checked in on time."""
    from suzhaohuo.gigs import services as g
    from suzhaohuo.jobs.services import JobInput, job_create

    out = []
    for i in range(n):
        start = timezone.localdate() + timedelta(days=1)
        job = job_create(actor=employer.owner, employer=employer, data=JobInput(
            title=f"{title}{i + 1}", description="家庭日常保洁、整理收纳，自带工具，按小时结算。", category_code=category_code,
            pay_unit="day", settlement="daily", headcount=1, township_code=employer.township_id, address="幸福小区",
            pay_min=Decimal("200"), start_date=start, end_date=start, daily_hours=Decimal("4")))
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
        out.append(eng)
    return out

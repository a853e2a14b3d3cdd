"""Training endpoints under /api/v1: public course list, worker enrolment, my training and certifications,
and the training KPI."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.training import selectors, services
from suzhaohuo.training.choices import EnrolmentChannel
from suzhaohuo.training.errors import TrainingErrorCode

router = Router(tags=["training"])


class CourseOut(Schema):
    id: int
    title: str
    category_code: str
    provider: str
    township_code: str
    subsidy_eligible: bool
    next_session: datetime | None


class CourseList(Schema):
    results: list[CourseOut]


@router.get("/training/courses", response=CourseList, summary="培训课程列表（公开）")
def courses(request: HttpRequest, township: str = "", category: str = "") -> dict[str, Any]:
    rows = selectors.courses_public(township=township.strip()[:12], category=category.strip()[:40])[:100]
    return {"results": [{"id": c.pk, "title": c.title, "category_code": c.category.code, "provider": c.provider.name,
                         "township_code": c.township_id, "subsidy_eligible": c.subsidy_eligible,
                         "next_session": getattr(c, "next_session", None)} for c in rows]}


class EnrolIn(Schema):
    course_id: int
    waitlist: bool = False
    via_job_id: int | None = None


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    status: str
    status_label: str
    attended: int
    sessions: int
    subsidy_eligible: bool
    subsidy_reasons: list[str]
    certificate_number: str | None
    completed_at: datetime | None


def _enrolment_out(e: Any) -> dict[str, Any]:
    cert = getattr(e, "certificate", None) if e.status == "passed" else None
    return {"id": e.pk, "course_id": e.course_id, "course_title": e.course.title, "status": e.status,
            "status_label": e.get_status_display(), "attended": e.attendances.count(),
            "sessions": e.course.sessions.count(), "subsidy_eligible": e.subsidy_eligible,
            "subsidy_reasons": list(e.subsidy_reasons or []), "certificate_number": cert.number if cert else None,
            "completed_at": e.completed_at}


@router.post("/training/enrolments", response={201: EnrolmentOut}, auth=django_auth, summary="报名培训（零工）")
def enrol(request: HttpRequest, payload: EnrolIn) -> tuple[int, dict[str, Any]]:
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.training.models import Course

    user = authenticated_user(request)
    course = Course.objects.filter(pk=payload.course_id, is_published=True).first()
    if course is None:
        raise AppError(TrainingErrorCode.NOT_FOUND, _("课程不存在或已下线。"), "course_id", status=404)
    job = Job.objects.filter(pk=payload.via_job_id).first() if payload.via_job_id else None
    e = services.enrolment_create(worker=user, course=course, waitlist=payload.waitlist, via_job=job,
                                  channel=EnrolmentChannel.JOB_PAGE if job else EnrolmentChannel.API)
    return 201, _enrolment_out(e)


class MyTraining(Schema):
    enrolments: list[EnrolmentOut]


@router.get("/me/training", response=MyTraining, auth=django_auth, summary="我的培训")
def my_training(request: HttpRequest) -> dict[str, Any]:
    user = authenticated_user(request)
    return {"enrolments": [_enrolment_out(e) for e in selectors.my_enrolments(user)]}


class CriterionOut(Schema):
    code: str
    label: str
    ok: bool
    detail: str


class BadgeOut(Schema):
    code: str
    name: str
    status: str | None
    criteria_version: str
    met: bool
    summary: str
    criteria: list[CriterionOut]
    granted_at: datetime | None
    reason: str


class CertificateOut(Schema):
    number: str
    course_title: str
    issued_at: datetime
    verify_url: str


class MyCertifications(Schema):
    badges: list[BadgeOut]
    certificates: list[CertificateOut]


@router.get("/me/certifications", response=MyCertifications, auth=django_auth, summary="我的认证与证书")
def my_certifications(request: HttpRequest) -> dict[str, Any]:
    user = authenticated_user(request)
    grants = {g.badge: g for g in selectors.badge_grants(user)}
    badges = []
    for p in selectors.worker_badge_progress(user):
        g = grants.get(p.badge.code)
        badges.append({"code": p.badge.code, "name": p.badge.name, "status": g.status if g else None,
                       "criteria_version": p.criteria.version, "met": p.met, "summary": p.summary,
                       "criteria": [{"code": r.code, "label": r.label, "ok": r.ok, "detail": r.detail} for r in p.results],
                       "granted_at": g.granted_at if g else None, "reason": g.reason if g else ""})
    certs = [{"number": c.number, "course_title": c.course.title, "issued_at": c.issued_at, "verify_url": c.verify_url}
             for c in selectors.my_certificates(user)]
    return {"badges": badges, "certificates": certs}


class KpiOut(Schema):
    enrolled: int
    completed: int
    certified: int
    subsidy_eligible: int
    by_category: dict[str, dict[str, int]]
    by_provider: dict[str, int]
    by_county: dict[str, int]
    by_badge: dict[str, int]


def _date(value: str, field: str, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AppError(TrainingErrorCode.BAD_PERIOD, _("日期请按 YYYY-MM-DD 填写，例如 2026-01-01。"), field) from None


@router.get("/kpi/training", response=KpiOut, auth=django_auth, summary="技能培训人次与认证（KPI）")
def kpi_training(request: HttpRequest, region: str = "") -> dict[str, Any]:
    user = authenticated_user(request)
    policy.require(user, Action.KPI_VIEW)
    today = timezone.localdate()
    start = _date(request.GET.get("from", ""), "from", date(today.year, 1, 1))
    end = _date(request.GET.get("to", ""), "to", today)
    if end < start:
        raise AppError(TrainingErrorCode.BAD_PERIOD, _("结束日期不能早于开始日期。"), "to")
    prefix = policy.scope_prefix(user)
    region = region.strip()[:12]
    if region:
        if prefix is not None and not region.startswith(prefix):
            raise AppError("permission_denied", _("这个地区不在您负责的范围内。"), "region", status=403)
        prefix = region
    return selectors.training_figures(start=start, end=date.fromordinal(end.toordinal() + 1), region_prefix=prefix)

"""Jobs API (mounted at /api/v1): create, update, read postings, and the public screening dry run.

GET /api/v1/jobs/search belongs to the search app and is mounted before this router.
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core import ratelimit
from suzhaohuo.core.errors import AppError, CoreErrorCode, PermissionDenied, RateLimited
from suzhaohuo.jobs import selectors, services
from suzhaohuo.jobs.errors import JobErrorCode
from suzhaohuo.jobs.models import Job

router = Router(tags=["jobs"])

SCREEN_LIMIT = (30, 60)  # dry-run screening: 30 requests per minute per IP


class FindingOut(Schema):
    category: str
    severity: str
    span: list[int] | None = None
    message: str
    field: str | None = None
    text: str | None = None


class ScreenIn(Schema):
    title: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)
    pay_amount: Decimal | None = None
    pay_unit: str | None = None
    township_code: str | None = None


class ScreenOut(Schema):
    findings: list[FindingOut]


class JobIn(Schema):
    title: str
    description: str
    category_code: str
    pay_unit: str
    settlement: str
    headcount: int
    township_code: str
    address: str
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_negotiable: bool = False
    requirements: str = ""
    benefits: str = ""
    insurance_provided: bool = False
    cover_code: str = ""
    start_date: date | None = None
    end_date: date | None = None
    daily_hours: Decimal | None = None
    work_time: str = ""
    lat: float | None = None
    lng: float | None = None
    valid_until: datetime | None = None
    submit: bool = True
    employer_id: int | None = Field(None, description="operators only: the employer posted for")
    origin: str | None = Field(None, description="derived from who posts (employer / station); "
                                                 "a different value is refused")
    authorization_note: str = ""


class JobPatch(Schema):
    title: str | None = None
    description: str | None = None
    category_code: str | None = None
    pay_unit: str | None = None
    settlement: str | None = None
    headcount: int | None = None
    township_code: str | None = None
    address: str | None = None
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_negotiable: bool | None = None
    requirements: str | None = None
    benefits: str | None = None
    insurance_provided: bool | None = None
    cover_code: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    daily_hours: Decimal | None = None
    work_time: str | None = None
    lat: float | None = None
    lng: float | None = None
    valid_until: datetime | None = None
    submit: bool = False


class EmployerOut(Schema):
    id: int
    name: str
    verified: bool


class ScreeningOut(Schema):
    status: str
    rules_version: str
    findings: list[FindingOut]


class JobOut(Schema):
    id: int
    status: str
    title: str
    description: str
    requirements: str
    benefits: str
    insurance_provided: bool
    cover_code: str
    category_code: str
    category_name: str
    pay_min: Decimal | None
    pay_max: Decimal | None
    pay_unit: str
    pay_negotiable: bool
    settlement: str
    headcount: int
    start_date: date | None
    end_date: date | None
    daily_hours: Decimal | None
    work_time: str
    township_code: str
    address: str
    lat: float | None
    lng: float | None
    valid_until: datetime
    published_at: datetime | None
    origin: str
    employer: EmployerOut
    screening: ScreeningOut | None = None
    url: str


def _out(job: Job, *, manager: bool) -> dict[str, Any]:
    data = {name: getattr(job, name) for name in (
        "title", "description", "requirements", "benefits", "insurance_provided", "cover_code", "pay_min", "pay_max", "pay_unit",
        "pay_negotiable", "settlement", "headcount", "start_date", "end_date", "daily_hours", "work_time", "address",
        "lat", "lng", "valid_until", "published_at", "origin", "status")}
    data.update(id=job.pk, category_code=job.category.code, category_name=job.category.name,
                township_code=job.township_id, url=f"/jobs/{job.pk}/",
                employer={"id": job.employer_id, "name": job.employer.name, "verified": job.employer.is_verified})
    if manager:
        data["screening"] = {"status": job.screening_status, "rules_version": job.screening_rules_version,
                             "findings": job.screening_findings}
    return data


def _employer_for(request: HttpRequest, payload: JobIn) -> Any:
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.identity.selectors import employer_of

    user = authenticated_user(request)
    if payload.employer_id is not None and user.is_staff_role:
        employer = Employer.objects.filter(pk=payload.employer_id).first()
        if employer is None:
            raise AppError(CoreErrorCode.NOT_FOUND, _("找不到这个用工主体，请检查编号。"), "employer_id", status=404)
        return employer
    employer = employer_of(user)
    if employer is None:
        raise PermissionDenied(_("请先登记用工主体信息并完成实名认证，再发布岗位。"), "employer")
    if payload.employer_id is not None and payload.employer_id != employer.pk:
        raise PermissionDenied(_("只能为本单位发布岗位，请去掉 employer_id 或填写本单位的编号。"), "employer_id")
    return employer


@router.post("/jobs/screen", response=ScreenOut, auth=None, summary="岗位内容检测（试运行，不保存）")
def job_screen(request: HttpRequest, payload: ScreenIn) -> dict[str, Any]:
    if not ratelimit.hit(f"api-jobs-screen:{request.META.get('REMOTE_ADDR') or '-'}", *SCREEN_LIMIT):
        raise RateLimited(_("检测请求太频繁，请一分钟后再试。"))
    findings = services.job_screen_preview(data={
        "title": payload.title, "description": payload.description, "pay_min": payload.pay_amount,
        "pay_max": payload.pay_amount, "pay_unit": payload.pay_unit or "", "township_code": payload.township_code or ""})
    return {"findings": findings}


@router.post("/jobs", response={201: JobOut}, auth=django_auth, summary="发布岗位")
def job_create(request: HttpRequest, payload: JobIn) -> Status[dict[str, Any]]:
    employer = _employer_for(request, payload)
    values = payload.dict()
    data = services.JobInput(**{f.name: values[f.name] for f in dc_fields(services.JobInput) if f.name in values})
    origin = services.job_origin_for(actor=authenticated_user(request), employer=employer)
    if payload.origin and payload.origin != origin:
        raise AppError(JobErrorCode.BAD_STATE, _("岗位来源由平台按发布人确定（本单位发布或站点代发），请不要填写其他来源。"),
                       "origin")
    job = services.job_create(actor=authenticated_user(request), employer=employer, data=data, origin=origin,
                              authorization_note=payload.authorization_note, submit=payload.submit)
    job.refresh_from_db()
    return Status(201, _out(job, manager=True))


@router.patch("/jobs/{job_id}", response=JobOut, auth=django_auth, summary="修改岗位")
def job_patch(request: HttpRequest, job_id: int, payload: JobPatch) -> dict[str, Any]:
    job = selectors.job_get_managed(job_id, request.user)
    if not services.job_can_edit(authenticated_user(request), job):
        raise PermissionDenied(_("只能修改本单位的岗位。"))
    changes = payload.dict(exclude_unset=True)
    submit = bool(changes.pop("submit", False))
    if not changes and not submit:
        raise AppError(JobErrorCode.REQUIRED, _("请至少提供一个要修改的字段。"))
    data = services.JobInput.from_job(job)
    for name, value in changes.items():
        setattr(data, name, value)
    job = services.job_update(actor=authenticated_user(request), job=job, data=data, submit=submit)
    job.refresh_from_db()
    return _out(job, manager=True)


@router.get("/jobs/{job_id}", response=JobOut, summary="岗位详情")
def job_read(request: HttpRequest, job_id: int) -> dict[str, Any]:
    job, _public = selectors.job_get_for_viewer(job_id, request.user)
    return _out(job, manager=selectors.job_visible_to_manager(job, request.user))

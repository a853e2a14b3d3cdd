"""Job posting writes. INTERFACE SKELETON: the jobs issue (#3) fills in validation, screening and review.

Stable signatures other apps rely on:
    JobInput                         — the posting fields, as entered or imported
    job_create(...) -> Job           — create; with submit=True also screens and publishes/reviews/blocks
    job_update(...) -> Job
    job_submit(...) -> Job
    job_review(...) -> Job
    job_close(...) -> Job / job_take_down(...) -> Job / job_mark_filled(...) -> Job
    jobs_expire() -> int
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.core.services import audit_record
from suzhaohuo.jobs.choices import JobOrigin, JobStatus
from suzhaohuo.jobs.errors import JobErrorCode
from suzhaohuo.jobs.models import Job, JobCategory, JobStatusChange
from suzhaohuo.regions.selectors import township_get


@dataclass
class JobInput:
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
    start_date: date | None = None
    end_date: date | None = None
    daily_hours: Decimal | None = None
    work_time: str = ""
    lat: float | None = None
    lng: float | None = None
    valid_until: datetime | None = None
    contact_channel: str = "platform"


def _transition(job: Job, to_status: str, actor: Any, reason: str = "") -> None:
    from_status = job.status
    job.status = to_status
    now = timezone.now()
    if to_status == JobStatus.PUBLISHED and job.published_at is None:
        job.published_at = now
    if to_status in (JobStatus.CLOSED, JobStatus.EXPIRED, JobStatus.FILLED, JobStatus.TAKEN_DOWN):
        job.closed_at = now
    job.save()
    JobStatusChange.objects.create(job=job, from_status=from_status, to_status=to_status,
                                   actor=actor if getattr(actor, "pk", None) else None, reason=reason[:500])
    audit_record(actor=actor, action=f"jobs.{to_status}", target=job, region_code=job.township_id, reason=reason)


def _apply_input(job: Job, data: JobInput) -> None:
    category = JobCategory.objects.filter(code=data.category_code).first()
    if category is None:
        raise AppError(JobErrorCode.UNKNOWN_CATEGORY, _("请选择岗位类别。"), "category_code")
    township = township_get(data.township_code, field="township_code")
    if data.headcount is None or int(data.headcount) <= 0:
        raise AppError(JobErrorCode.BAD_HEADCOUNT, _("招聘人数至少为1人。"), "headcount")
    valid_until = data.valid_until or timezone.now() + timedelta(days=settings.JOB_DEFAULT_VALID_DAYS)
    for name in ("title", "description", "pay_unit", "settlement", "address", "pay_min", "pay_max", "pay_negotiable",
                 "requirements", "benefits", "insurance_provided", "start_date", "end_date", "daily_hours",
                 "work_time", "lat", "lng", "contact_channel"):
        setattr(job, name, getattr(data, name))
    job.headcount = int(data.headcount)
    job.category = category
    job.township = township
    job.valid_until = valid_until


@transaction.atomic
def job_create(*, actor: Any, employer: Any, data: JobInput, origin: str = JobOrigin.EMPLOYER,
               source_name: str = "", original_source: str = "", authorization_note: str = "",
               submit: bool = True) -> Job:
    job = Job(employer=employer, posted_by=actor if getattr(actor, "pk", None) else None, origin=origin,
              source_name=source_name, original_source=original_source, authorization_note=authorization_note)
    _apply_input(job, data)
    job.save()
    JobStatusChange.objects.create(job=job, from_status="", to_status=JobStatus.DRAFT,
                                   actor=job.posted_by, reason="")
    if submit:
        job = job_submit(actor=actor, job=job)
    return job


@transaction.atomic
def job_update(*, actor: Any, job: Job, data: JobInput, reason: str = "") -> Job:
    _apply_input(job, data)
    job.save()
    audit_record(actor=actor, action="jobs.update", target=job, region_code=job.township_id, reason=reason)
    return job


@transaction.atomic
def job_submit(*, actor: Any, job: Job) -> Job:
    _transition(job, JobStatus.PUBLISHED, actor)
    return job


@transaction.atomic
def job_close(*, actor: Any, job: Job, reason: str = "") -> Job:
    _transition(job, JobStatus.CLOSED, actor, reason)
    return job


@transaction.atomic
def job_mark_filled(*, job: Job, actor: Any = None) -> Job:
    _transition(job, JobStatus.FILLED, actor, _("已招满"))
    return job


def jobs_expire() -> int:
    n = 0
    for job in Job.objects.filter(status=JobStatus.PUBLISHED, valid_until__lt=timezone.now()):
        with transaction.atomic():
            _transition(job, JobStatus.EXPIRED, None, _("已过有效期"))
        n += 1
    return n

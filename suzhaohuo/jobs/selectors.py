"""Job reads. INTERFACE SKELETON: the jobs issue (#3) completes these.

    jobs_public() -> QuerySet[Job]        published and still valid: what workers may see
    job_get_public(pk) -> Job             or NotFound
    review_queue(actor) -> QuerySet[Job]  pending_review postings inside the actor's region scope
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.selectors import user_scope_prefix
from suzhaohuo.core.errors import NotFound
from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.jobs.models import Job
from suzhaohuo.regions.selectors import filter_by_scope


def jobs_public() -> QuerySet[Job]:
    return Job.objects.filter(status=JobStatus.PUBLISHED, valid_until__gt=timezone.now()).select_related(
        "employer", "category", "township")


def job_get_public(pk: int) -> Job:
    job = jobs_public().filter(pk=pk).first()
    if job is None:
        raise NotFound(_("这个岗位不存在或已结束招聘，请看看其他岗位。"))
    return job


def review_queue(actor: Any) -> QuerySet[Job]:
    qs = Job.objects.filter(status=JobStatus.PENDING_REVIEW).select_related("employer", "category", "township")
    return filter_by_scope(qs, user_scope_prefix(actor), "township_id").order_by("created_at")

"""A posting whose work period has already ended is stale: workers never see it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from suzhaohuo.jobs import services
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.selectors import jobs_public

pytestmark = pytest.mark.django_db


def test_posting_whose_work_ended_disappears_from_public_lists(employer, job_data):
    today = timezone.localdate()
    ended = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    current = services.job_create(actor=employer.owner, employer=employer,
                                  data=job_data(title="快递分拣", description="夜班分拣包裹",
                                                category_code="courier.sorting"))
    Job.objects.filter(pk=ended.pk).update(start_date=today - timedelta(days=3), end_date=today - timedelta(days=1))
    Job.objects.filter(pk=current.pk).update(start_date=today - timedelta(days=1), end_date=today)
    assert set(jobs_public()) == {current}


def test_expiry_task_expires_posting_whose_work_ended(employer, job_data):
    from suzhaohuo.jobs.choices import JobStatus
    from suzhaohuo.jobs.tasks import jobs_expire_task

    today = timezone.localdate()
    ended = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    Job.objects.filter(pk=ended.pk).update(start_date=today - timedelta(days=3), end_date=today - timedelta(days=1))
    jobs_expire_task.enqueue()
    ended.refresh_from_db()
    assert ended.status == JobStatus.EXPIRED
    assert ended.status_changes.last().reason == "工作日期已过"
    jobs_expire_task.enqueue()  # idempotent
    assert ended.status_changes.filter(to_status=JobStatus.EXPIRED).count() == 1

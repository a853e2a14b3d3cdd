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


def test_job_is_open_agrees_with_the_public_list_without_a_query(employer, job_data, django_assert_num_queries):
    from suzhaohuo.jobs.choices import JobStatus
    from suzhaohuo.jobs.selectors import job_is_open

    today, now = timezone.localdate(), timezone.now()
    jobs = [services.job_create(actor=employer.owner, employer=employer, data=job_data(title=f"装卸工{i}号"))
            for i in range(5)]
    Job.objects.filter(pk=jobs[1].pk).update(start_date=today - timedelta(days=3), end_date=today - timedelta(days=1))
    Job.objects.filter(pk=jobs[2].pk).update(start_date=today - timedelta(days=1), end_date=today)
    Job.objects.filter(pk=jobs[3].pk).update(valid_until=now - timedelta(minutes=1))
    Job.objects.filter(pk=jobs[4].pk).update(status=JobStatus.CLOSED)
    loaded = list(Job.objects.filter(pk__in=[j.pk for j in jobs]))
    public = set(jobs_public().filter(pk__in=[j.pk for j in jobs]).values_list("pk", flat=True))
    assert public == {jobs[0].pk, jobs[2].pk}
    with django_assert_num_queries(0):
        assert {j.pk for j in loaded if job_is_open(j)} == public

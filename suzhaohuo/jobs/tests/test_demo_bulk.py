"""The demo's bulk path takes the publish decision from the service (issue 10: it used to re-implement it)."""

from __future__ import annotations

import random
from typing import Any

from django.test import override_settings


def test_bulk_demo_postings_follow_the_service_decision(make_employer: Any) -> None:
    from suzhaohuo.core.demo import DemoContext
    from suzhaohuo.jobs import demo
    from suzhaohuo.jobs.choices import JobStatus
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.regions.models import Region

    employer = make_employer(township="胡集镇")
    towns = [Region.objects.get(code=employer.township_id)]
    ctx = DemoContext(rng=random.Random(7))
    with override_settings(JOB_REVIEW_ALL=True):  # the service's rule: every posting goes to review
        demo._bulk(ctx, count=6, towns=towns, employers=[employer], jobs=[])
    statuses = set(Job.objects.values_list("status", flat=True))
    assert Job.objects.count() == 6
    assert JobStatus.PUBLISHED not in statuses and statuses <= {JobStatus.PENDING_REVIEW, JobStatus.DRAFT}


def test_bulk_demo_postings_are_written_whole_by_the_raw_path(make_employer: Any) -> None:
    """Issue #19: the demo's bulk postings go through the import's raw insert path; each has its history row
    and status change, and reads back like a service-created job."""
    from suzhaohuo.core.demo import DemoContext
    from suzhaohuo.jobs import demo
    from suzhaohuo.jobs.models import Job, JobStatusChange
    from suzhaohuo.regions.models import Region

    employer = make_employer(township="胡集镇")
    towns = [Region.objects.get(code=employer.township_id)]
    demo._bulk(DemoContext(rng=random.Random(7)), count=5, towns=towns, employers=[employer], jobs=[])
    jobs = list(Job.objects.select_related("category", "township"))
    assert len(jobs) == 5 and all(j.created_at and j.valid_until and j.category.code for j in jobs)
    assert sorted(Job.history.values_list("id", flat=True)) == sorted(j.pk for j in jobs)
    assert {(c.job_id, c.to_status) for c in JobStatusChange.objects.all()} == {(j.pk, j.status) for j in jobs}

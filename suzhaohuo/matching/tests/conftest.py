"""Fixtures for matching tests: postings created through jobs.services and indexed like production."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import township_code


@pytest.fixture
def employer(make_employer: Callable[..., Any]) -> Any:
    return make_employer(township="胡集镇", name="沭阳县好帮手家政服务有限公司")


@pytest.fixture
def make_job(employer: Any, make_staff: Callable[..., Any]) -> Callable[..., Any]:
    """make_job(title=..., category="cleaning.general", township="胡集镇", lat=None, lng=None, settlement="daily",
    pay=200, unit="day", age_hours=0) → published, indexed Job."""
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.search.services import job_index_refresh

    counter = {"n": 0}
    reviewer: dict[str, Any] = {}

    def factory(*, title: str = "商场保洁", description: str = "负责商场日常卫生，工具由公司提供。",
                category: str = "cleaning.general", township: str = "胡集镇", lat: float | None = None,
                lng: float | None = None, settlement: str = "daily", pay: int | None = 200, unit: str = "day",
                age_hours: float = 0, emp: Any = None, start_in_days: int | None = None) -> Any:
        counter["n"] += 1
        start = timezone.localdate() + timedelta(days=start_in_days) if start_in_days is not None else None
        data = JobInput(title=title, description=description, category_code=category, pay_unit=unit,
                        settlement=settlement, headcount=2, township_code=township_code(township),
                        address="人民路8号", pay_min=Decimal(pay) if pay is not None else None,
                        pay_max=Decimal(pay + 40) if pay is not None else None, lat=lat, lng=lng,
                        start_date=start)
        owner = (emp or employer).owner
        job = job_create(actor=owner, employer=emp or employer, data=data)
        if job.status == "pending_review":  # e.g. near-duplicate test postings: a reviewer approves them
            from suzhaohuo.jobs.services import job_review

            if "u" not in reviewer:
                reviewer["u"] = make_staff(role="station_staff", scope="宿迁市", username="searchreviewer")
            job = job_review(actor=reviewer["u"], job=job, decision="approve")
        assert job.status == "published", (job.status, job.screening_findings)
        # spread publish times deterministically so ordering is well defined
        when = timezone.now() - timedelta(hours=age_hours, seconds=counter["n"])
        Job.objects.filter(pk=job.pk).update(published_at=when)
        job_index_refresh(job.pk)
        job.refresh_from_db()
        return job

    return factory

"""A posting whose work date has passed is left out of search, nearby and recommendations at query time, even
while its index row is still there (before the expiry task runs) — new-user walk, issue #11."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.jobs.models import Job
from suzhaohuo.matching.selectors import recommend_for_worker
from suzhaohuo.search.models import SearchDoc
from suzhaohuo.search.selectors import SearchParams, search_jobs
from suzhaohuo.workers.services import worker_profile_update

pytestmark = pytest.mark.django_db
POINT = (34.0930, 118.7080)


def test_past_work_date_is_excluded_before_the_expiry_task(make_job: Any, make_worker: Any) -> None:
    lat, lng = POINT
    current = make_job(title="胡集菜市场保洁", lat=lat + 0.01, lng=lng, start_in_days=1)
    past = make_job(title="胡集超市保洁", lat=lat + 0.01, lng=lng + 0.001, start_in_days=1)
    # the work day went by; the expiry task has not run, so the posting is still published and indexed
    yesterday = timezone.localdate() - timedelta(days=1)
    Job.objects.filter(pk=past.pk).update(start_date=yesterday, end_date=yesterday)
    SearchDoc.objects.filter(pk=past.pk).update(start_date=yesterday, end_date=yesterday)
    assert Job.objects.get(pk=past.pk).status == "published" and SearchDoc.objects.filter(pk=past.pk).exists()

    def ids(page: Any) -> list[int]:
        return [h.job.pk for h in page.hits]

    assert ids(search_jobs(SearchParams(q="保洁"))) == [current.pk]
    assert ids(search_jobs(SearchParams(lat=lat, lng=lng, radius_km=10))) == [current.pk]
    worker = make_worker(township="胡集镇")
    worker_profile_update(user=worker, lat=lat, lng=lng, max_distance_km=10, settlement_preference="daily",
                          desired_pay=Decimal(150), category_codes=["cleaning.general"])
    got = [h.job.pk for h in recommend_for_worker(worker, limit=10)]
    assert current.pk in got and past.pk not in got

"""One push record and one daily cap over automatic dispatch and station pushes (issue 10): a worker never gets
the same job twice, nor more pushes a day than the cap, whichever path sent them."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.carriers import services
from suzhaohuo.carriers.tests.test_push_board import _resident


@pytest.mark.django_db
def test_dispatch_and_station_pushes_share_the_record_and_the_cap(huji_station: Any, make_job: Any,
                                                                  make_worker: Any, settings: Any) -> None:
    from suzhaohuo.matching.choices import DispatchStatus, DispatchTier
    from suzhaohuo.matching.models import DispatchRecord
    from suzhaohuo.matching.services import dispatch_run
    from suzhaohuo.notifications.models import Notification

    settings.PUSH_DAILY_CAP = 2
    station, staff = huji_station
    jobs = [make_job(i) for i in range(3)]
    keen = _resident(make_worker)
    ten = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    dispatched = [r for r in dispatch_run(jobs[0].pk, now=ten) if r.worker_id == keen.pk]
    assert [r.status for r in dispatched] == [DispatchStatus.SENT]

    result = services.jobs_push(actor=staff, carrier=station, job_ids=[j.pk for j in jobs])
    # job 0 was dispatched already; one more push reaches the cap of 2; the third is refused for the cap
    assert (result.sent, result.skipped_already_sent, result.skipped_daily_cap) == (1, 1, 1)
    records = DispatchRecord.objects.filter(worker=keen, status=DispatchStatus.SENT)
    assert records.count() == 2
    assert sorted(r.tier for r in records) == [DispatchTier.MATCHING_NEARBY, DispatchTier.STATION]
    told = Notification.objects.filter(user=keen, event__in=["job_push", "job_recommended"])
    assert told.count() == 2 and len({n.url for n in told}) == 2

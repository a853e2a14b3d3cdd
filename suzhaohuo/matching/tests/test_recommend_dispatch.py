"""Recommendations for a worker and dispatch on publish (tiers, cap, quiet hours, opt-out)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.matching.choices import DispatchStatus, DispatchTier
from suzhaohuo.matching.models import DispatchRecord
from suzhaohuo.matching.selectors import match_workers_for_job, recommend_for_worker
from suzhaohuo.matching.services import dispatch_flush_deferred, dispatch_run
from suzhaohuo.notifications.models import Notification
from suzhaohuo.search.services import employer_hide, job_hide
from suzhaohuo.workers.services import worker_profile_update

pytestmark = pytest.mark.django_db
HUJI_POINT = (34.0930, 118.7080)


def _done_engagement(job: Any, worker: Any, score: int | None = None) -> Any:
    """A finished engagement (the gig flow itself belongs to the gigs app; here only its outcome matters)."""
    from suzhaohuo.gigs.models import Engagement, Rating

    eng = Engagement.objects.create(job=job, worker=worker, employer=job.employer, status="completed",
                                    township_code=job.township_id)
    if score is not None:
        Rating.objects.create(engagement=eng, rater_party="employer", ratee=worker, score=score)
    return eng


def _at(hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()).replace(hour=hour))


def test_worker_who_did_cleaning_in_shuyang_sees_nearby_cleaning_first(make_job: Any, make_worker: Any) -> None:
    from suzhaohuo.jobs.services import job_close

    worker = make_worker(township="胡集镇")
    lat, lng = HUJI_POINT
    worker_profile_update(user=worker, lat=lat, lng=lng, max_distance_km=10, settlement_preference="daily",
                          desired_pay=Decimal(150), category_codes=["construction.labour"])
    old = make_job(title="上月的保洁活", description="已完工的开荒保洁", age_hours=400)
    _done_engagement(old, worker)
    job_close(actor=old.employer.owner, job=old, reason="完工")

    newer_far = make_job(title="泗阳宾馆客房保洁", township="王集镇", age_hours=0)
    other_kind = make_job(title="工地小工", category="construction.labour", lat=lat + 0.03, lng=lng, age_hours=1,
                          settlement="weekly", description="搬砖和拌砂浆")
    near_clean = make_job(title="胡集菜市场保洁", lat=lat + 0.02, lng=lng, age_hours=6,
                          description="每天早上打扫市场")
    county_clean = make_job(title="颜集镇厂区清洁", township="颜集镇", age_hours=2, description="厂区日常清扫")
    recs = recommend_for_worker(worker, limit=10)
    got = [h.job.pk for h in recs]
    assert got[0] == near_clean.pk
    first = recs[0]
    assert first.distance_km == pytest.approx(2.2, abs=0.1)
    assert "离你2.2公里" in first.reasons and "日结" in first.reasons
    assert any(r.startswith("你做过保洁") for r in first.reasons)
    assert old.pk not in got  # closed (and already worked)
    assert got.index(near_clean.pk) < got.index(newer_far.pk)
    assert got.index(county_clean.pk) < got.index(newer_far.pk)
    assert other_kind.pk in got
    # hiding removes a job, and every job of a hidden employer
    job_hide(user=worker, job=near_clean)
    assert near_clean.pk not in [h.job.pk for h in recommend_for_worker(worker)]
    employer_hide(user=worker, employer=near_clean.employer)
    assert recommend_for_worker(worker) == []


def test_recommendations_for_worker_without_profile_details(make_job: Any, make_worker: Any) -> None:
    worker = make_worker(township="颜集镇")
    a = make_job(title="颜集花木种植", category="agri.planting", township="颜集镇", age_hours=3)
    b = make_job(title="胡集包装工", category="ecommerce.packing", age_hours=0)
    recs = recommend_for_worker(worker)
    assert [h.job.pk for h in recs][0] == a.pk and "就在你的常住地" in recs[0].reasons
    assert b.pk in [h.job.pk for h in recs]


@pytest.fixture
def crowd(make_job: Any, make_worker: Any, employer: Any) -> dict[str, Any]:
    lat, lng = HUJI_POINT
    loyal = make_worker(township="颜集镇", name="老李")
    past = make_job(title="去年的保洁", description="去年做过的保洁活", age_hours=900)
    _done_engagement(past, loyal, score=5)
    badly_rated = make_worker(township="胡集镇", name="老赵")
    worker_profile_update(user=badly_rated, category_codes=["cleaning.general"])
    past2 = make_job(title="前年的保洁", description="前年做过的杂活", age_hours=950)
    _done_engagement(past2, badly_rated, score=2)
    nearby = make_worker(township="胡集镇", name="小王")
    worker_profile_update(user=nearby, category_codes=["cleaning.general"], lat=lat + 0.01, lng=lng,
                          max_distance_km=5)
    quiet = make_worker(township="胡集镇", name="小孙")
    worker_profile_update(user=quiet, category_codes=["cleaning.general"], receive_pushes=False)
    far = make_worker(township="王集镇", name="小周")
    worker_profile_update(user=far, category_codes=["cleaning.general"])
    wrong_kind = make_worker(township="胡集镇", name="小吴")
    worker_profile_update(user=wrong_kind, category_codes=["beauty.hair"])
    job = make_job(title="新开超市保洁", lat=lat, lng=lng, description="新超市开业保洁，日结")
    return {"job": job, "loyal": loyal, "badly_rated": badly_rated, "nearby": nearby, "quiet": quiet,
            "far": far, "wrong_kind": wrong_kind}


def test_dispatch_tiers_and_reasons(crowd: dict[str, Any]) -> None:
    job = crowd["job"]
    records = dispatch_run(job.pk, now=_at(10))
    by_worker = {r.worker_id: r for r in records}
    assert by_worker[crowd["loyal"].pk].tier == DispatchTier.HIRED_BEFORE
    assert "曾为该用工主体完工" in by_worker[crowd["loyal"].pk].reasons
    assert by_worker[crowd["nearby"].pk].tier == DispatchTier.MATCHING_NEARBY
    assert any("公里" in r for r in by_worker[crowd["nearby"].pk].reasons)
    # the badly rated one is not in tier 1, but still matches as a nearby cleaner (same township)
    assert by_worker[crowd["badly_rated"].pk].tier == DispatchTier.MATCHING_NEARBY
    for name in ("quiet", "far", "wrong_kind"):
        assert crowd[name].pk not in by_worker, name
    assert all(r.status == DispatchStatus.SENT for r in records)
    note = Notification.objects.get(user=crowd["nearby"], event="job_recommended")
    assert job.title in note.title and str(job.pk) in note.url
    assert dispatch_run(job.pk, now=_at(11)) == []  # idempotent
    assert DispatchRecord.objects.filter(job=job).count() == len(records)


def test_dispatch_quiet_hours_defer_then_flush(crowd: dict[str, Any]) -> None:
    records = dispatch_run(crowd["job"].pk, now=_at(23))
    assert records and all(r.status == DispatchStatus.DEFERRED for r in records)
    assert not Notification.objects.filter(event="job_recommended").exists()
    assert dispatch_flush_deferred(now=_at(6)) == 0  # still quiet
    assert dispatch_flush_deferred(now=_at(8)) == len(records)
    assert Notification.objects.filter(event="job_recommended").count() == len(records)


def test_dispatch_daily_cap(crowd: dict[str, Any], make_job: Any, settings: Any) -> None:
    settings.PUSH_DAILY_CAP = 1
    dispatch_run(crowd["job"].pk, now=_at(9))
    second = make_job(title="写字楼夜间保洁", description="写字楼晚上打扫", lat=HUJI_POINT[0], lng=HUJI_POINT[1])
    records = dispatch_run(second.pk, now=_at(10))
    assert records and all(r.status == DispatchStatus.CAPPED for r in records)
    assert Notification.objects.filter(user=crowd["nearby"], event="job_recommended").count() == 1


def test_dispatch_skips_workers_who_hid_the_employer(crowd: dict[str, Any]) -> None:
    employer_hide(user=crowd["nearby"], employer=crowd["job"].employer)
    assert crowd["nearby"].pk not in [r.worker_id for r in dispatch_run(crowd["job"].pk, now=_at(10))]


def test_publish_enqueues_dispatch_on_commit(crowd: dict[str, Any], make_job: Any,
                                            django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(title="家政钟点工", category="cleaning.general", description="每周两次上门打扫",
                       lat=HUJI_POINT[0], lng=HUJI_POINT[1])
    assert DispatchRecord.objects.filter(job=job, worker=crowd["nearby"]).exists()


def test_match_workers_for_station_console(crowd: dict[str, Any]) -> None:
    hits = match_workers_for_job(crowd["job"], limit=10)
    users = [h.user.pk for h in hits]
    assert crowd["nearby"].pk == users[0]  # wants the category and lives 1.1 km away
    assert crowd["wrong_kind"].pk not in users
    assert all(h.reasons for h in hits)
    scoped = match_workers_for_job(crowd["job"], region_prefix="321323")
    assert [h.user.pk for h in scoped] == []  # 泗阳县: 小周 is there but the job is in 沭阳县 and he has no coordinates

"""Search behaviour: keyword (segmented, synonyms), filters, nearby, administrative fallback, parity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fast_geocn import wgs84_to_gcj02

from conftest import township_code
from suzhaohuo.jobs.models import Job
from suzhaohuo.search import geo, text
from suzhaohuo.search.models import SearchDoc
from suzhaohuo.search.selectors import SearchParams, search_jobs

pytestmark = pytest.mark.django_db
SHUYANG = (34.1290, 118.7750)  # a point in 沭阳县 town centre (WGS-84)


@pytest.fixture(autouse=True, params=["engine", "candidates"])
def candidate_cache(request: Any, settings: Any) -> str:
    """Every behaviour here holds with and without the shared candidate cache (the results are identical)."""
    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30 if request.param == "candidates" else 0
    return str(request.param)


def ids(page: Any) -> list[int]:
    return [h.job.pk for h in page.hits]


def test_index_follows_status(make_job: Any) -> None:
    from suzhaohuo.jobs.services import job_close
    from suzhaohuo.search.services import job_index_refresh

    job = make_job(title="仓库打包员")
    assert SearchDoc.objects.filter(job=job).exists()
    job_close(actor=job.employer.owner, job=job, reason="招满了")
    job_index_refresh(job.pk)
    assert not SearchDoc.objects.filter(job=job).exists()
    assert search_jobs(SearchParams(q="打包")).total == 0


def test_keyword_search_uses_segmentation_and_synonyms(make_job: Any, make_employer: Any) -> None:
    clean = make_job(title="写字楼清洁工", description="每天打扫走廊和卫生间")
    sweep = make_job(title="家庭打扫", description="钟点工，做饭不需要")
    move = make_job(title="超市卸货工", description="负责装卸货物", category="moving.loading")
    other = make_employer(township="颜集镇", name="沭阳恒达物流有限公司")
    by_name = make_job(title="分拣员", description="快递分拣", category="courier.sorting", emp=other)
    assert set(ids(search_jobs(SearchParams(q="保洁")))) == {clean.pk, sweep.pk}
    assert ids(search_jobs(SearchParams(q="搬运"))) == [move.pk]
    assert ids(search_jobs(SearchParams(q="恒达物流"))) == [by_name.pk]  # employer name
    assert ids(search_jobs(SearchParams(q="保洁 卫生间"))) == [clean.pk]  # every word must match
    assert search_jobs(SearchParams(q="月嫂")).total == 0


def test_daily_settlement_filter_is_exact(make_job: Any) -> None:
    daily = [make_job(title=f"保洁{i}", settlement="daily") for i in range(3)]
    make_job(title="保洁周结", settlement="weekly")
    make_job(title="保洁月结", settlement="monthly")
    page = search_jobs(SearchParams(settlement="daily"))
    assert sorted(ids(page)) == sorted(j.pk for j in daily)
    assert all(h.job.settlement == "daily" for h in page.hits)


def test_pay_category_township_and_date_filters(make_job: Any) -> None:
    high = make_job(title="小时工", pay=30, unit="hour")  # 30×8 = 240 a day
    low = make_job(title="包装工", pay=120)
    piece = make_job(title="计件工", pay=2, unit="piece")
    care = make_job(title="养老院护工", category="eldercare.care", township="颜集镇")
    later = make_job(title="开荒保洁", start_in_days=5)
    assert high.pk in ids(search_jobs(SearchParams(pay_min=Decimal(200))))
    assert low.pk not in ids(search_jobs(SearchParams(pay_min=Decimal(200))))
    assert piece.pk not in ids(search_jobs(SearchParams(pay_min=Decimal(1))))
    assert ids(search_jobs(SearchParams(category="eldercare"))) == [care.pk]
    assert ids(search_jobs(SearchParams(township=township_code("颜集镇")))) == [care.pk]
    from django.utils import timezone

    assert later.pk not in ids(search_jobs(SearchParams(date=timezone.localdate())))
    assert later.pk in ids(search_jobs(SearchParams()))


def test_nearby_orders_by_distance_and_falls_back_by_township(make_job: Any) -> None:
    lat, lng = SHUYANG
    far = make_job(title="远处保洁", lat=lat + 0.05, lng=lng)  # ~5.6 km
    near = make_job(title="近处保洁", lat=lat + 0.01, lng=lng)  # ~1.1 km
    too_far = make_job(title="太远保洁", lat=lat - 0.3, lng=lng)  # ~33 km
    nocoord_other_county = make_job(title="无坐标保洁", township="王集镇", age_hours=0)
    nocoord_county = make_job(title="无坐标保洁2", township="颜集镇", age_hours=5)
    page = search_jobs(SearchParams(lat=lat, lng=lng, radius_km=10))
    got = ids(page)
    assert got[:2] == [near.pk, far.pk]
    assert too_far.pk not in got
    # postings without coordinates come after, same county before the rest of the city
    assert got[2:] == [nocoord_county.pk, nocoord_other_county.pk]
    assert page.hits[0].distance_km == pytest.approx(1.1, abs=0.1)
    assert page.hits[2].distance_km is None and "沭阳县" in page.hits[2].reasons[0]


def test_worker_home_township_ranks_fallback(make_job: Any, make_worker: Any) -> None:
    worker = make_worker(township="胡集镇")
    city = make_job(title="保洁A", township="王集镇", age_hours=0)  # 泗阳县
    county = make_job(title="保洁B", township="颜集镇", age_hours=1)
    home = make_job(title="保洁C", township="胡集镇", age_hours=2)
    page = search_jobs(SearchParams(), user=worker)
    got = ids(page)
    assert got.index(home.pk) < got.index(county.pk)
    assert page.hits[0].job.pk == home.pk and "胡集镇" in page.hits[0].reasons[0]
    assert got == [home.pk, county.pk, city.pk]  # township, then county, then city — newest only within a tier


def test_gcj02_search_point_is_converted(make_job: Any) -> None:
    lat, lng = SHUYANG
    job = make_job(title="保洁", lat=lat, lng=lng)
    glng, glat = wgs84_to_gcj02(lng, lat)
    as_gcj = search_jobs(SearchParams(lat=glat, lng=glng, coord="gcj02"))
    assert as_gcj.hits[0].job.pk == job.pk and as_gcj.hits[0].distance_km == 0.0
    wrong = search_jobs(SearchParams(lat=glat, lng=glng, coord="wgs84"))
    assert wrong.hits[0].distance_km >= 0.3  # the GCJ-02 offset, had it not been converted


def test_shared_location_gets_administrative_fallback(make_job: Any) -> None:
    """A point with no nearby coordinates still ranks coordinate-less postings of its county first."""
    rest = make_job(title="保洁甲", township="王集镇", age_hours=0)
    county = make_job(title="保洁乙", township="颜集镇", age_hours=3)
    lat, lng = SHUYANG
    page = search_jobs(SearchParams(lat=lat, lng=lng, radius_km=3))
    assert ids(page) == [county.pk, rest.pk]
    assert page.hits[0].reasons == ["在沭阳县"] and page.hits[1].reasons == ["宿迁市范围内"]


def test_hidden_jobs_and_employers_are_left_out(make_job: Any, make_worker: Any, make_employer: Any) -> None:
    from suzhaohuo.search.services import employer_hide, job_hide

    worker = make_worker()
    a = make_job(title="保洁一")
    b = make_job(title="保洁二")
    other = make_employer(township="胡集镇", name="另一家公司")
    c = make_job(title="保洁三", emp=other)
    job_hide(user=worker, job=a)
    employer_hide(user=worker, employer=other)
    assert ids(search_jobs(SearchParams(q="保洁"), user=worker)) == [b.pk]
    assert set(ids(search_jobs(SearchParams(q="保洁")))) == {a.pk, b.pk, c.pk}


PARITY_TITLES = ["商场保洁", "小区清洁工", "家庭打扫卫生", "搬运工", "装卸工日结", "月嫂", "母婴护理师", "水电工",
                 "水电维修师傅", "外卖骑手", "快递分拣", "大棚采摘", "养老护理员", "电商打包", "装修小工",
                 "宿迁保洁日结", "酒店客房清洁", "仓库装卸搬运", "育婴师", "美发助理"]
PARITY_QUERIES = ["保洁", "清洁 日结", "搬运", "装卸", "月嫂", "水电维修", "骑手", "分拣", "打包", "护理", "",
                  "宿迁", "工", "日结", "不存在的词"]


def test_parity_against_backend_independent_expectation(make_job: Any) -> None:
    """Whatever database runs this (SQLite FTS5 or PostgreSQL tsvector), results equal a pure-Python oracle."""
    lat, lng = SHUYANG
    jobs = []
    for i, title in enumerate(PARITY_TITLES):
        coords = {"lat": lat + 0.004 * (i % 7), "lng": lng + 0.003 * (i % 5)} if i % 3 else {}
        jobs.append(make_job(title=title, description=f"第{i}号岗位，{'日结' if i % 2 else '周结'}",
                             settlement="daily" if i % 2 else "weekly", age_hours=i, **coords))
    docs = {d.job_id: d for d in SearchDoc.objects.all()}
    recency = sorted(jobs, key=lambda j: (-j.published_at.timestamp(), -j.pk))
    for q in PARITY_QUERIES:
        groups = text.query_groups(q)
        expected = [j.pk for j in recency if text.matches(docs[j.pk].tokens, groups)]
        assert ids(search_jobs(SearchParams(q=q, page_size=50))) == expected, q
        daily = [pk for pk in expected if Job.objects.get(pk=pk).settlement == "daily"]
        assert ids(search_jobs(SearchParams(q=q, settlement="daily", page_size=50))) == daily, q
    # nearby: distance order computed independently with haversine
    for q in ("", "保洁", "装卸"):
        groups = text.query_groups(q)
        with_coords = [j for j in jobs if j.lat is not None and text.matches(docs[j.pk].tokens, groups)]
        in_radius = [j for j in with_coords if geo.haversine_km(lat, lng, j.lat, j.lng) <= 2.0]
        expected = [j.pk for j in sorted(in_radius, key=lambda j: (round(geo.haversine_km(lat, lng, j.lat, j.lng), 6),
                                                                     -j.published_at.timestamp(), -j.pk))]
        got = search_jobs(SearchParams(q=q, lat=lat, lng=lng, radius_km=2.0, page_size=50))
        assert [h.job.pk for h in got.hits if h.distance_km is not None] == expected, q

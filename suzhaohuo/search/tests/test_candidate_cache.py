"""The shared candidate cache: one ranked list per normalised query and region, personalised per user after.

Signed-in workers share cached candidates, so these tests prove nothing personal crosses between users and
that every page equals the engine's (the cache off) page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.search import selectors
from suzhaohuo.search.models import SearchDoc
from suzhaohuo.search.selectors import SearchParams, search_jobs

pytestmark = pytest.mark.django_db
SHUYANG = (34.1290, 118.7750)


def ids(page: Any) -> list[int]:
    return [h.job.pk for h in page.hits]


def view(page: Any) -> tuple[Any, ...]:
    return (page.total, page.pages, page.total_capped, page.origin_label,
            [(h.job.pk, h.distance_km, h.reasons) for h in page.hits])


def engine(settings: Any, params: SearchParams, user: Any) -> Any:
    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 0
    try:
        return view(search_jobs(params, user=user))
    finally:
        settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30


def test_hidden_postings_of_one_worker_never_reach_another(make_job: Any, make_worker: Any, make_employer: Any,
                                                           settings: Any, django_assert_max_num_queries: Any) -> None:
    from suzhaohuo.search.services import employer_hide, job_hide

    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30
    a, b = make_worker(township="胡集镇"), make_worker(township="胡集镇")  # same home: same cache keys
    c, d = make_worker(township="胡集镇"), make_worker(township="胡集镇")
    one = make_job(title="保洁一", township="胡集镇")
    two = make_job(title="保洁二", township="颜集镇")
    other = make_employer(township="胡集镇", name="另一家公司")
    three = make_job(title="保洁三", emp=other, township="胡集镇")
    job_hide(user=a, job=one)
    employer_hide(user=a, employer=other)
    job_hide(user=c, job=two)
    params = SearchParams(q="保洁")
    assert ids(search_jobs(params, user=a)) == [two.pk]  # fills the shared candidate list (users with hidden rows)
    assert ids(search_jobs(params, user=b)) == [one.pk, three.pk, two.pk]  # fills the shared head entry
    for user, expected in ((c, [one.pk, three.pk]), (d, [one.pk, three.pk, two.pk])):
        with django_assert_max_num_queries(8) as ctx:  # served from an entry: no search query runs again
            page = search_jobs(params, user=user)
        assert not any("search_searchdoc" in q["sql"] for q in ctx.captured_queries)
        assert ids(page) == expected
        assert view(page) == engine(settings, params, user)
    page_b = search_jobs(params, user=b)
    assert ids(page_b) == [one.pk, three.pk, two.pk]  # home township (newest first), then the county
    assert page_b.hits[0].reasons == ["在你的常住地胡集镇"]
    assert ids(search_jobs(params, user=a)) == [two.pk]  # and nobody's view leaked back to a
    assert view(search_jobs(params, user=b)) == engine(settings, params, b)
    anonymous = search_jobs(params)
    assert sorted(ids(anonymous)) == sorted([one.pk, two.pk, three.pk])
    assert all("常住地" not in r for h in anonymous.hits for r in h.reasons)


def test_hiding_takes_effect_at_once_on_a_cached_list(make_job: Any, make_worker: Any, settings: Any) -> None:
    from suzhaohuo.search.services import job_hide, job_unhide

    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30
    worker = make_worker()
    jobs = [make_job(title=f"保洁{i}", age_hours=i) for i in range(3)]
    params = SearchParams(q="保洁")
    assert ids(search_jobs(params, user=worker)) == [j.pk for j in jobs]
    job_hide(user=worker, job=jobs[1])  # does not touch the index: the cached list stays, personalisation changes
    assert ids(search_jobs(params, user=worker)) == [jobs[0].pk, jobs[2].pk]
    job_unhide(user=worker, job=jobs[1])
    assert ids(search_jobs(params, user=worker)) == [j.pk for j in jobs]


def test_postings_expiring_after_the_list_was_cached_are_dropped(make_job: Any, settings: Any,
                                                                 monkeypatch: Any) -> None:
    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30
    jobs = [make_job(title=f"保洁{i}", age_hours=i) for i in range(3)]
    now = timezone.now()
    SearchDoc.objects.filter(job_id=jobs[0].pk).update(valid_until=now + timedelta(seconds=5))
    params = SearchParams(q="保洁")
    assert ids(search_jobs(params)) == [j.pk for j in jobs]  # cached now, the first still valid
    # ten seconds later: expiry changes nothing in the index (no version bump), yet the list must not show it
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=10))
    assert ids(search_jobs(params)) == [jobs[1].pk, jobs[2].pk]
    assert view(search_jobs(params)) == engine(settings, params, None)


def test_every_page_equals_the_engine_even_when_the_list_was_cut_short(
        make_job: Any, make_worker: Any, make_employer: Any, settings: Any, monkeypatch: Any) -> None:
    """A tiny cap, margin and head: the cached list is cut short, hidden rows eat into it, pages run past the
    head entry, and the engine takes over; every page still equals the engine's."""
    from suzhaohuo.search.services import employer_hide, job_hide

    monkeypatch.setattr(selectors, "MAX_RESULTS", 6)
    monkeypatch.setattr(selectors, "CANDIDATE_MARGIN", 1)
    monkeypatch.setattr(selectors, "HEAD_ROWS", 3)
    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30
    served: dict[str, list[bool]] = {"head": [], "candidates": []}  # True: from the entry; False: engine answered

    def spy(name: str) -> None:
        real = getattr(selectors, name)

        def wrapped(*args: Any) -> Any:
            plan = real(*args)
            served["head" if name == "_from_head" else "candidates"].append(plan is not None)
            return plan

        monkeypatch.setattr(selectors, name, wrapped)

    spy("_from_head")
    spy("_from_candidates")
    lat, lng = SHUYANG
    worker = make_worker(township="胡集镇")
    light = make_worker(township="胡集镇")  # one hidden posting, the oldest: the cut-short list still serves
    other = make_employer(township="胡集镇", name="另一家公司")
    jobs = []
    for i in range(12):
        coords = {"lat": lat + 0.003 * i, "lng": lng} if i % 3 else {}
        jobs.append(make_job(title=f"保洁{i}", age_hours=i, emp=other if i % 4 == 0 else None,
                             township=["胡集镇", "颜集镇", "王集镇"][i % 3], **coords))
    plain = make_worker(township="胡集镇")
    job_hide(user=light, job=jobs[11])
    for user in (None, plain, light, worker):
        if user is worker:
            job_hide(user=worker, job=jobs[1])
            employer_hide(user=worker, employer=other)
        for params in (SearchParams(q="保洁", page_size=2), SearchParams(q="保洁", lat=lat, lng=lng, page_size=2),
                       SearchParams(lat=lat, lng=lng, radius_km=5, page_size=2),
                       SearchParams(q="保洁", lat=lat, lng=lng, radius_km=2, settlement="daily", page_size=4)):
            first = engine(settings, params, user)
            for page in range(1, first[1] + 1):
                params.page = page
                assert view(search_jobs(params, user=user)) == engine(settings, params, user), (user, params)
    assert True in served["head"] and False in served["head"]
    assert True in served["candidates"] and False in served["candidates"]

"""Pinned query counts for the search API and the home/search pages (STYLE: pin query counts on list pages).

Each page is requested with few and with many results: the number of queries must not grow with the results.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
SHUYANG = (34.1290, 118.7750)

# (path, params, max queries anonymous, max queries for a signed-in worker)
CASES = [
    ("/api/v1/jobs/search", {"q": "保洁"}, 4, 9),
    ("/api/v1/jobs/search", {"lat": SHUYANG[0], "lng": SHUYANG[1], "radius_km": 10}, 6, 10),
    ("/api/v1/jobs/search", {"q": "保洁", "lat": SHUYANG[0], "lng": SHUYANG[1], "settlement": "daily"}, 7, 11),
    ("/search/", {"q": "保洁"}, 8, 15),
    ("/", {}, 4, 14),
]


def _postings(make_job: Any, make_employer: Any, n: int) -> None:
    employers = [make_employer() for _i in range(2)]
    lat, lng = SHUYANG
    for i in range(n):
        make_job(title=f"商场保洁{i}", emp=employers[i % 2], age_hours=i,
                 lat=lat + 0.002 * i if i % 2 else None, lng=lng if i % 2 else None)


@pytest.mark.parametrize(("path", "params", "anon_max", "worker_max"), CASES)
def test_query_count_is_pinned_and_flat(client: Client, make_job: Any, make_employer: Any, make_worker: Any,
                                        django_assert_max_num_queries: Any, settings: Any, path: str,
                                        params: dict[str, Any], anon_max: int, worker_max: int) -> None:
    settings.SEARCH_ANON_CACHE_SECONDS = 0  # pin the engine's queries, not the caches' (anonymous JSON, candidates)
    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 0
    _postings(make_job, make_employer, 2)
    worker = make_worker(township="胡集镇")
    few: dict[str, int] = {}
    for label, user, limit in (("anon", None, anon_max), ("worker", worker, worker_max)):
        client.logout()
        if user is not None:
            client.force_login(user)
        client.get(path, params)  # warm per-process caches (region names, dictionaries)
        with django_assert_max_num_queries(limit) as ctx:
            assert client.get(path, params).status_code == 200
        few[label] = len(ctx.captured_queries)
    _postings(make_job, make_employer, 12)
    for label, user in (("anon", None), ("worker", worker)):
        client.logout()
        if user is not None:
            client.force_login(user)
        with django_assert_max_num_queries(few[label]) as ctx:
            r = client.get(path, params)
            assert r.status_code == 200
        if path.startswith("/api/"):
            assert len(r.json()["results"]) >= 6  # many results, same queries


def test_anonymous_search_is_cached_until_the_index_changes(client: Client, make_job: Any, make_worker: Any,
                                                             django_assert_num_queries: Any) -> None:
    make_job(title="商场保洁")
    first = client.get("/api/v1/jobs/search", {"q": "保洁"}).json()
    assert first["total"] == 1
    with django_assert_num_queries(0):  # the same anonymous search again: served from the cache
        assert client.get("/api/v1/jobs/search", {"q": "保洁"}).json() == first
    make_job(title="医院保洁员")  # indexing a posting invalidates cached results
    assert client.get("/api/v1/jobs/search", {"q": "保洁"}).json()["total"] == 2
    client.force_login(make_worker(township="胡集镇"))  # signed-in searches are personal: never cached
    assert client.get("/api/v1/jobs/search", {"q": "保洁"}).json()["total"] == 2

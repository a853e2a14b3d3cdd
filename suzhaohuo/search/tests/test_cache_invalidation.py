"""With every search cache on (anonymous JSON, shared head entries and candidate lists, shared JSON bodies,
per-user hidden sets), through the full request stack: index changes show in the very next search for
anonymous and signed-in users alike, and one worker's 「不看」 choices never reach another worker."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
SHUYANG = (34.1290, 118.7750)
QUERIES = [{"q": "保洁"}, {"q": "保洁", "lat": SHUYANG[0], "lng": SHUYANG[1], "radius_km": 10},
           {"lat": SHUYANG[0], "lng": SHUYANG[1], "radius_km": 10}]


@pytest.fixture
def caches_on(settings: Any) -> None:
    settings.SEARCH_ANON_CACHE_SECONDS = 30
    settings.SEARCH_CANDIDATE_CACHE_SECONDS = 30


def api_ids(client: Client, params: dict[str, Any]) -> list[int]:
    r = client.get("/api/v1/jobs/search", params)
    assert r.status_code == 200
    return [row["id"] for row in r.json()["results"]]


def clients(make_worker: Any) -> dict[str, Client]:
    """An anonymous client and two signed-in workers from the same home township (they share cache keys)."""
    out = {"anonymous": Client()}
    for name in ("a", "b"):
        c = Client()
        c.force_login(make_worker(township="胡集镇"))
        out[name] = c
    return out


def test_published_closed_and_taken_down_postings_show_in_the_next_search(
        caches_on: None, make_job: Any, make_worker: Any, make_staff: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.jobs.services import job_close, job_take_down

    lat, lng = SHUYANG
    old = make_job(title="商场保洁", lat=lat + 0.01, lng=lng, age_hours=2)  # older and farther than the next
    users = clients(make_worker)
    for params in QUERIES:  # fill every cache: the anonymous JSON, the shared entries and bodies
        for c in users.values():
            assert api_ids(c, params) == [old.pk]
            assert api_ids(c, params) == [old.pk]  # a repeat is served from the caches
    with django_capture_on_commit_callbacks(execute=True):
        new = make_job(title="酒店保洁", lat=lat + 0.005, lng=lng)
    for params in QUERIES:
        for name, c in users.items():
            assert api_ids(c, params) == [new.pk, old.pk], (name, params)
    with django_capture_on_commit_callbacks(execute=True):
        job_close(actor=new.employer.owner, job=new)
    for params in QUERIES:
        for name, c in users.items():
            assert api_ids(c, params) == [old.pk], (name, params)
    regulator = make_staff(role="regulator", scope="宿迁市")
    with django_capture_on_commit_callbacks(execute=True):
        job_take_down(actor=regulator, job=old, reason="虚假招聘")
    for params in QUERIES:
        for name, c in users.items():
            assert api_ids(c, params) == [], (name, params)
    page = users["b"].get("/search/", {"q": "保洁"}).content.decode()
    assert f"/search/hide/job/{old.pk}/" not in page and f"/search/hide/job/{new.pk}/" not in page


def test_one_workers_hidden_postings_never_reach_another_with_the_caches_on(
        caches_on: None, make_job: Any, make_worker: Any, make_employer: Any) -> None:
    lat, lng = SHUYANG
    other = make_employer(township="胡集镇", name="另一家公司")
    one = make_job(title="商场保洁", lat=lat + 0.01, lng=lng)
    two = make_job(title="酒店保洁", emp=other, lat=lat + 0.02, lng=lng, age_hours=1)
    three = make_job(title="家政保洁", township="颜集镇", age_hours=2)
    users = clients(make_worker)
    before = {(name, i): api_ids(c, p) for name, c in users.items() for i, p in enumerate(QUERIES)}
    assert before[("a", 0)] == before[("b", 0)] and one.pk in before[("b", 0)]  # every entry is cached now
    # a hides a posting and an employer through the pages, as a worker would
    assert users["a"].post(f"/search/hide/job/{one.pk}/", {"next": "/search/"}).status_code == 302
    assert users["a"].post(f"/search/hide/employer/{other.pk}/", {"next": "/search/"}).status_code == 302
    for i, params in enumerate(QUERIES):
        mine = api_ids(users["a"], params)
        assert mine == [j for j in before[("a", i)] if j not in (one.pk, two.pk)], params
        assert api_ids(users["b"], params) == before[("b", i)], params  # b (same cache keys) sees everything
        assert api_ids(users["anonymous"], params) == before[("anonymous", i)], params
        assert api_ids(users["a"], params) == mine  # a's own repeat stays personal
    assert api_ids(users["a"], {"q": "保洁"}) == [three.pk]
    page_a = users["a"].get("/search/", {"q": "保洁"}).content.decode()
    page_b = users["b"].get("/search/", {"q": "保洁"}).content.decode()
    cards = {job.pk: f"/search/hide/job/{job.pk}/" for job in (one, two, three)}  # each shown card's button
    assert [pk for pk, marker in cards.items() if marker in page_a] == [three.pk]
    assert [pk for pk, marker in cards.items() if marker in page_b] == [one.pk, two.pk, three.pk]
    # undoing takes effect at once, too
    assert users["a"].post(f"/search/hide/job/{one.pk}/", {"next": "/search/", "undo": "1"}).status_code == 302
    assert one.pk in api_ids(users["a"], {"q": "保洁"})
    assert api_ids(users["b"], {"q": "保洁"}) == before[("b", 0)]

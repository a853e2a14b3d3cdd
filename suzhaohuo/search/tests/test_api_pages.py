"""The search API (results, errors) and the home/search pages without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import township_code

pytestmark = pytest.mark.django_db
SHUYANG = (34.1290, 118.7750)


@pytest.fixture
def jobs(make_job: Any) -> dict[str, Any]:
    lat, lng = SHUYANG
    return {
        "near": make_job(title="沭阳商场保洁", lat=lat + 0.01, lng=lng, age_hours=3),
        "home": make_job(title="胡集工厂清洁", age_hours=2, settlement="weekly"),
        "other": make_job(title="泗阳装卸工", category="moving.loading", township="王集镇", age_hours=1),
    }


def test_search_endpoint_returns_distance_or_reason(client: Client, jobs: dict[str, Any]) -> None:
    lat, lng = SHUYANG
    r = client.get("/api/v1/jobs/search", {"q": "保洁", "lat": lat, "lng": lng, "radius_km": 5})
    assert r.status_code == 200, r.content
    body = r.json()
    assert [x["id"] for x in body["results"]] == [jobs["near"].pk, jobs["home"].pk]
    first, second = body["results"]
    assert first["distance_km"] == pytest.approx(1.1, abs=0.1) and first["reason"].startswith("离你")
    assert second["distance_km"] is None and second["reason"] == "在沭阳县"
    assert first["settlement_label"] == "日结" and first["employer_verified"] is True
    assert first["url"] == f"/jobs/{jobs['near'].pk}/"
    r = client.get("/api/v1/jobs/search", {"settlement": "daily"})
    assert {x["settlement"] for x in r.json()["results"]} == {"daily"}


@pytest.mark.parametrize("params,code,field", [
    ({"lat": "95", "lng": "118.7"}, "bad_coordinate", "lat"),
    ({"lat": "34.1", "lng": "200"}, "bad_coordinate", "lng"),
    ({"lat": "abc", "lng": "118.7"}, "bad_coordinate", "lat"),
    ({"lat": "34.1"}, "coordinate_missing", "lng"),
    ({"lat": "34.1", "lng": "118.7", "radius_km": "80"}, "radius_too_large", "radius_km"),
    ({"coord": "bd09"}, "bad_coord_system", "coord"),
    ({"category": "nosuch"}, "unknown_category", "category"),
    ({"township": "321322999"}, "unknown_township", "township"),
    ({"page": "0"}, "bad_page", "page"),
    ({"page": "9"}, "bad_page", "page"),
    ({"page": "abc"}, "bad_page", "page"),
    ({"q": "保" * 51}, "query_too_long", "q"),
    ({"pay_min": "many"}, "bad_pay", "pay_min"),
    ({"settlement": "yearly"}, "unknown_settlement", "settlement"),
])
def test_bad_input_gets_a_clear_error(client: Client, jobs: dict[str, Any], params: dict[str, str], code: str,
                                      field: str) -> None:
    r = client.get("/api/v1/jobs/search", params)
    assert r.status_code == 400, r.content
    err = r.json()["error"]
    assert err["code"] == code and err["field"] == field
    assert err["message"].startswith("请") and "非法" not in err["message"] and "无效" not in err["message"]


def test_empty_query_newest_in_workers_county_first(client: Client, jobs: dict[str, Any], make_worker: Any) -> None:
    r = client.get("/api/v1/jobs/search")
    assert r.status_code == 200 and [x["id"] for x in r.json()["results"]][0] == jobs["other"].pk  # newest citywide
    worker = make_worker(township="胡集镇")
    client.force_login(worker)
    got = client.get("/api/v1/jobs/search").json()["results"]
    assert [x["id"] for x in got] == [jobs["home"].pk, jobs["near"].pk, jobs["other"].pk]
    assert got[0]["reason"] == "在你的常住地胡集镇"


def test_recommendations_endpoint(client: Client, jobs: dict[str, Any], make_worker: Any) -> None:
    assert client.get("/api/v1/workers/me/recommendations").status_code == 401
    worker = make_worker(township="胡集镇")
    client.force_login(worker)
    r = client.get("/api/v1/workers/me/recommendations", {"lat": SHUYANG[0], "lng": SHUYANG[1]})
    assert r.status_code == 200
    results = r.json()["results"]
    assert results[0]["id"] == jobs["near"].pk and "离你1.1公里" in results[0]["reasons"]
    assert client.get("/api/v1/workers/me/recommendations", {"lat": "91", "lng": "1"}).json()["error"]["field"] == "lat"


def test_search_page_filters_and_errors_without_js(client: Client, jobs: dict[str, Any]) -> None:
    r = client.get("/search/", {"q": "保洁", "settlement": "daily"})
    html = r.content.decode()
    assert r.status_code == 200 and "沭阳商场保洁" in html and "胡集工厂清洁" not in html
    assert 'value="保洁"' in html
    r = client.get("/search/", {"q": "保洁", "radius_km": "99", "lat": "34.1", "lng": "118.7"})
    html = r.content.decode()
    assert "请把距离设在50公里以内" in html and 'value="保洁"' in html  # message shown, input kept
    r = client.get("/search/", {"township": township_code("王集镇")})
    assert "泗阳装卸工" in r.content.decode() and "沭阳商场保洁" not in r.content.decode()


def test_search_page_paginates_and_elder_mode_shows_fewer(client: Client, make_job: Any) -> None:
    for i in range(7):
        make_job(title=f"分拣打包工{i}号", category="ecommerce.packing", description=f"电商仓库第{i}组打包",
                 age_hours=i)
    html = client.get("/search/", {"q": "打包"}).content.decode()
    assert html.count('class="card job-card"') == 7
    client.cookies["elder"] = "1"
    html = client.get("/search/", {"q": "打包"}).content.decode()
    assert html.count('class="card job-card"') == 5 and "第1页 / 共2页" in html
    html = client.get("/search/", {"q": "打包", "page": 2}).content.decode()
    assert html.count('class="card job-card"') == 2


def test_home_page_nearby_and_recommended(client: Client, jobs: dict[str, Any], make_worker: Any) -> None:
    html = client.get("/").content.decode()
    assert "附近的岗位" in html and "泗阳装卸工" in html and "为你推荐" not in html and "保洁" in html
    worker = make_worker(township="胡集镇")
    client.force_login(worker)
    html = client.get("/").content.decode()
    assert "为你推荐" in html and "在你的常住地胡集镇" in html and "不看这个岗位" in html
    html = client.get("/", {"lat": SHUYANG[0], "lng": SHUYANG[1]}).content.decode()
    assert "离你1.1公里" in html and "按你的位置由近到远" in html
    html = client.get("/", {"lat": "400", "lng": "1"}).content.decode()
    assert "请输入-90到90之间的纬度" in html  # a bad location never breaks the page


def test_hide_buttons_post_and_undo(client: Client, jobs: dict[str, Any], make_worker: Any) -> None:
    worker = make_worker(township="胡集镇")
    client.force_login(worker)
    job = jobs["home"]
    r = client.post(f"/search/hide/job/{job.pk}/", {"next": "/search/"})
    assert r.status_code == 302 and r["Location"] == "/search/"
    link = f'href="/jobs/{job.pk}/"'
    assert link not in client.get("/search/").content.decode()
    client.post(f"/search/hide/job/{job.pk}/", {"undo": "1", "next": "/"})
    assert link in client.get("/search/").content.decode()
    r = client.post(f"/search/hide/employer/{job.employer_id}/", {"next": "https://evil.example/"})
    assert r["Location"] == "/"
    html = client.get("/search/").content.decode()
    assert link not in html and f'href="/jobs/{jobs["other"].pk}/"' not in html  # same employer
    assert client.get(f"/search/hide/job/{job.pk}/").status_code == 405

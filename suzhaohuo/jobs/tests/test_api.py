from __future__ import annotations

import json
from typing import Any

import pytest

from suzhaohuo.jobs import services
from suzhaohuo.jobs.models import Job

pytestmark = pytest.mark.django_db

BODY: dict[str, Any] = {
    "title": "快递分拣临时工", "description": "在沭阳县胡集镇快递网点分拣包裹，夜班，计时结算，男女不限。",
    "category_code": "courier.sorting", "pay_unit": "hour", "settlement": "weekly", "headcount": 3,
    "township_code": "321322102", "address": "胡集镇工业园快递网点", "pay_min": "25", "pay_max": "30",
    "daily_hours": "6", "lat": 34.06, "lng": 118.76,
}


def _post(client: Any, url: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_create_update_read(client, employer, make_employer):
    client.force_login(employer.owner)
    resp = _post(client, "/api/v1/jobs", BODY)
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert data["status"] == "published" and data["employer"]["verified"] is True
    assert data["screening"]["rules_version"]
    job_id = data["id"]

    resp = _post(client, f"/api/v1/jobs/{job_id}", {"headcount": 6, "title": "快递分拣夜班工"}, "patch")
    assert resp.status_code == 200, resp.content
    assert (resp.json()["headcount"], resp.json()["title"]) == (6, "快递分拣夜班工")

    client.logout()
    public = client.get(f"/api/v1/jobs/{job_id}").json()
    assert public["title"] == "快递分拣夜班工" and public["screening"] is None

    stranger = make_employer()
    client.force_login(stranger.owner)
    resp = _post(client, f"/api/v1/jobs/{job_id}", {"headcount": 1}, "patch")
    assert resp.status_code == 404
    assert Job.objects.get(pk=job_id).headcount == 6


def test_create_requires_login(client):
    resp = _post(client, "/api/v1/jobs", BODY)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"pay_unit": "fortnight"}, "unknown_pay_unit", "pay_unit"),
    ({"start_date": "2030-05-02", "end_date": "2030-05-01"}, "bad_dates", "end_date"),
    ({"township_code": "999999999"}, "unknown_region", "township_code"),
    ({"headcount": 0}, "bad_headcount", "headcount"),
    ({"title": "岗" * 61}, "too_long", "title"),
    ({"description": "活" * 2001}, "too_long", "description"),
    ({"pay_min": "-5"}, "bad_pay", "pay_min"),
    ({"lat": 31.2, "lng": 121.5}, "bad_coordinates", "lat"),
])
def test_bad_input_is_a_structured_error_and_saves_nothing(client, employer, overrides, code, field):
    client.force_login(employer.owner)
    resp = _post(client, "/api/v1/jobs", {**BODY, **overrides})
    assert resp.status_code == 400, resp.content
    assert resp.json()["error"]["code"] == code and resp.json()["error"]["field"] == field
    assert resp.json()["error"]["message"]
    assert Job.objects.count() == 0


def test_html_in_text_is_kept_as_text(client, employer):
    client.force_login(employer.owner)
    body = {**BODY, "description": "<img src=x onerror=alert(1)>分拣包裹"}
    resp = _post(client, "/api/v1/jobs", body)
    assert resp.status_code == 201
    assert resp.json()["description"] == body["description"]
    page = client.get(f"/jobs/{resp.json()['id']}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_closed_posting_hidden_from_public_api(client, employer, job_data):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    services.job_close(actor=employer.owner, job=job)
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 404
    client.force_login(employer.owner)
    assert client.get(f"/api/v1/jobs/{job.pk}").json()["status"] == "closed"


def test_screen_dry_run_saves_nothing_and_is_rate_limited(client, settings):
    from suzhaohuo.jobs import api

    resp = _post(client, "/api/v1/jobs/screen", {"title": "装卸工", "description": "按件计酬，男女不限",
                                                 "pay_amount": 150, "pay_unit": "day",
                                                 "township_code": "321322102"})
    assert resp.status_code == 200
    assert isinstance(resp.json()["findings"], list)
    for f in resp.json()["findings"]:
        assert {"category", "severity", "span", "message"} <= set(f)
    assert Job.objects.count() == 0
    limit = api.SCREEN_LIMIT[0]
    codes = [_post(client, "/api/v1/jobs/screen", {"title": "x", "description": "y"}).status_code
             for _ in range(limit)]
    assert codes[-1] == 429 and codes.count(200) == limit - 1

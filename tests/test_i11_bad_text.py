"""Issue #11 item 7: NUL bytes and lone surrogates are refused at the edge with a 400 naming the field
(per item in bulk calls) — pages, API and imports — instead of a 500."""

from __future__ import annotations

import json

import pytest

from suzhaohuo.core.text import bad_text_path

pytestmark = pytest.mark.django_db


def test_bad_text_path_names_the_nested_field():
    assert bad_text_path({"items": [{"title": "ok"}, {"title": "a\x00b"}]}) == "items.1.title"
    assert bad_text_path({"t": "x\ud800"}) == "t"
    assert bad_text_path({"t": "正常文字 😀"}) is None


@pytest.mark.parametrize("url", ["/api/v1/regions?parent=32%00", "/verify/?no=SZH%00", "/search/?q=%E6%90%AC%00",
                                 "/api/v1/carriers/nearby?township=3213%00"])
def test_anonymous_query_with_nul_is_a_400_naming_the_field(client, regions, url):
    resp = client.get(url)
    assert resp.status_code == 400, resp.content
    if url.startswith("/api/"):
        e = resp.json()["error"]
        assert e["code"] == "invalid_text" and e["field"] in ("parent", "township")
    else:
        assert "无法识别的字符" in resp.content.decode()


def test_lone_surrogate_in_a_json_title_is_a_400_naming_the_field(client, make_employer):
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.jobs.tests.test_api import BODY

    employer = make_employer(name="沭阳测试合作社")
    client.force_login(employer.owner)
    body = json.dumps({**BODY, "title": "QQ搬运工"}).replace("QQ", "\\ud800")
    resp = client.post("/api/v1/jobs", data=body, content_type="application/json")
    assert resp.status_code == 400 and resp.json()["error"]["field"] == "title"
    assert not Job.objects.exists()


def test_nul_in_a_page_form_is_a_400(client, make_employer):
    employer = make_employer(name="沭阳测试合作社二")
    client.force_login(employer.owner)
    resp = client.post("/jobs/new/", "title=%E6%90%AC%E8%BF%90%00", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400 and "title" in resp.content.decode()

import pytest


@pytest.mark.django_db
def test_children_of_shuyang_lists_32_townships_including_huji(client, regions):
    resp = client.get("/api/v1/regions", {"parent": "321322"})
    assert resp.status_code == 200
    body = resp.json()
    assert len(body) == 32
    names = {r["name"] for r in body}
    assert "胡集镇" in names
    assert all(r["level"] == "township" and r["code"].startswith("321322") for r in body)


@pytest.mark.django_db
def test_unknown_parent_is_a_structured_error(client, regions):
    resp = client.get("/api/v1/regions", {"parent": "999999"})
    assert resp.status_code == 400
    err = resp.json()["error"]
    assert err["code"] == "unknown_region" and err["field"] == "parent"
    assert "不存在" in err["message"]


@pytest.mark.django_db
def test_suqian_tree_has_109_township_level_units(regions):
    from suzhaohuo.regions.models import Region

    assert Region.objects.filter(level="township").count() == 109
    assert Region.objects.get(code="321300").name == "宿迁市"
    assert Region.objects.filter(level="county", parent_id="321300").count() == 6


def test_openapi_schema_is_served(client, db):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    assert resp.json()["info"]["title"] == "速找活 API"

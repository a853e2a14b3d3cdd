from __future__ import annotations

import pytest

from suzhaohuo.workers.models import WorkerProfile

pytestmark = pytest.mark.django_db


def test_profile_page_saves_through_the_service_and_keeps_input_on_error(client, make_worker):
    from conftest import township_code

    worker = make_worker()
    client.force_login(worker)
    page = client.get("/workers/profile/").content.decode()
    assert "常住乡镇" in page and "葡萄" not in page
    r = client.post("/workers/profile/", {"skills": "会开叉车", "home_township_code": township_code("颜集镇"),
                                          "max_distance_km": "abc"})
    body = r.content.decode()
    assert r.status_code == 400 and "请填写数字" in body and "会开叉车" in body
    r = client.post("/workers/profile/", {
        "skills": "会开叉车", "home_township_code": township_code("颜集镇"), "max_distance_km": "15",
        "desired_pay": "220", "settlement_preference": "daily", "days_available": ["6", "7"],
        "category_codes": ["agri.harvest"]})
    assert r.status_code == 302
    p = WorkerProfile.objects.get(user=worker)
    assert (p.skills, p.home_township_id, p.max_distance_km, p.days_available, p.settlement_preference) == (
        "会开叉车", township_code("颜集镇"), 15, "67", "daily")
    assert list(p.categories.values_list("code", flat=True)) == ["agri.harvest"]
    from suzhaohuo.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="workers.profile_update", actor=worker).exists()

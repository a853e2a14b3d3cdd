"""/aggregation/sources/ works for every staff scope (city, county, township) and shows what that scope may see:
city-wide sources and those of the staff member's county (issue 10: it used to fail for region-scoped staff)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def sources(make_source: Any) -> dict[str, Any]:
    return {
        "city": make_source(kind="agency", name="全市人力资源公司"),
        "shuyang": make_source(kind="department", name="沭阳县人社局岗位征集", region_code="321322"),
        "siyang": make_source(kind="department", name="泗阳县人社局岗位征集", region_code="321323"),
    }


@pytest.mark.parametrize(("role", "scope", "seen", "unseen"), [
    ("regulator", "宿迁市", ["全市人力资源公司", "沭阳县人社局岗位征集", "泗阳县人社局岗位征集"], []),
    ("regulator", "沭阳县", ["全市人力资源公司", "沭阳县人社局岗位征集"], ["泗阳县人社局岗位征集"]),
    ("station_staff", "胡集镇", ["全市人力资源公司", "沭阳县人社局岗位征集"], ["泗阳县人社局岗位征集"]),
    ("admin", None, ["全市人力资源公司", "沭阳县人社局岗位征集", "泗阳县人社局岗位征集"], []),
])
def test_sources_page_for_every_staff_scope(client: Any, make_staff: Any, sources: dict[str, Any], role: str,
                                            scope: str | None, seen: list[str], unseen: list[str]) -> None:
    from suzhaohuo.regions.models import Region

    assert Region.objects.get(code="321323").name == "泗阳县"
    client.force_login(make_staff(role=role, scope=scope))
    resp = client.get("/aggregation/sources/")
    assert resp.status_code == 200
    page = resp.content.decode()
    for name in seen:
        assert name in page
    for name in unseen:
        assert name not in page

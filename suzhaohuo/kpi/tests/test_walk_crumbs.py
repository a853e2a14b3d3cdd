"""New-user walk (helper `walk`): a township's station staff opening the plan dashboard saw the breadcrumb
「宿迁市 › 沭阳县 › 胡集镇」 with links to the city and county boards, which answer 403 for them. Only the levels
they may open are links; the others are plain text."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.kpi.tests.conftest import CITY, HUJI, SHUYANG

pytestmark = pytest.mark.django_db


def _crumbs(html: str) -> str:
    return html.split('<nav class="crumbs')[1].split("</nav>")[0]


def test_breadcrumb_links_only_to_boards_in_scope(client: Any, dataset: Any) -> None:
    from suzhaohuo.accounts.models import User

    client.force_login(dataset["staff"])  # 胡集镇 station staff
    crumbs = _crumbs(client.get("/kpi/").content.decode())
    assert "宿迁市" in crumbs and "沭阳县" in crumbs and "胡集镇" in crumbs
    assert f"?region={CITY}" not in crumbs and f"?region={SHUYANG}" not in crumbs
    assert client.get("/kpi/", {"region": SHUYANG}).status_code == 403  # why they must not be links

    county = User.objects.create(username="xian", role="station_staff", scope_region_id=SHUYANG)
    client.force_login(county)
    crumbs = _crumbs(client.get("/kpi/", {"region": HUJI}).content.decode())
    assert f'href="?region={SHUYANG}"' in crumbs and f"?region={CITY}" not in crumbs

    city = User.objects.create(username="shi", role="regulator", scope_region_id=CITY)
    client.force_login(city)
    crumbs = _crumbs(client.get("/kpi/", {"region": HUJI}).content.decode())
    assert f'href="?region={CITY}"' in crumbs and f'href="?region={SHUYANG}"' in crumbs

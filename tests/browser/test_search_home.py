"""Worker home at 360 px: search by keyword, filter 日结 (plain GET form), open a result; elder mode."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from conftest import screenshot, township_code


def _login(page: Any, user: Any, base_url: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def _post(employer: Any, title: str, description: str, *, settlement: str, township: str = "胡集镇",
          category: str = "cleaning.general", lat: float | None = None, lng: float | None = None) -> Any:
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.search.services import job_index_refresh

    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=title, description=description, category_code=category, pay_unit="day", settlement=settlement,
        headcount=3, township_code=township_code(township), address="人民路8号", pay_min=Decimal(180),
        pay_max=Decimal(220), lat=lat, lng=lng))
    job_index_refresh(job.pk)
    return job


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_search_filter_open(page: Any, live_server: Any, make_worker: Any, make_employer: Any) -> None:
    from suzhaohuo.workers.services import worker_profile_update

    emp = make_employer(township="胡集镇", name="沭阳县好帮手家政服务有限公司")
    emp2 = make_employer(township="颜集镇", name="颜集镇花木合作社")
    daily = _post(emp, "胡集商场保洁", "商场日常打扫，工具齐全，管午饭。", settlement="daily", lat=34.10, lng=118.71)
    _post(emp2, "写字楼清洁工", "写字楼走廊和卫生间清洁，按周结算。", settlement="weekly", township="颜集镇")
    _post(emp2, "花木扦插工", "花木基地扦插浇水，按天结算。", settlement="daily", township="颜集镇",
          category="agri.planting")
    worker = make_worker(township="胡集镇")
    worker_profile_update(user=worker, category_codes=["cleaning.general"], settlement_preference="daily")
    _login(page, worker, live_server.url)

    page.goto("/")
    assert page.get_by_role("heading", name="为你推荐").is_visible()
    assert page.get_by_role("heading", name="附近的岗位").is_visible()
    assert page.locator(".cat-grid a", has_text="保洁").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    screenshot(page, "search_home")

    page.get_by_role("searchbox", name="搜索岗位").fill("保洁")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url("**/search/?q=*")
    cards = page.locator(".job-card h3")
    assert sorted(cards.all_inner_texts()) == ["写字楼清洁工", "胡集商场保洁"]  # 清洁 via synonyms
    screenshot(page, "search_results")

    page.locator("summary", has_text="筛选").click()
    page.get_by_label("只看日结").check()
    page.get_by_role("button", name="按条件查找").click()
    page.wait_for_url("**settlement=daily**")
    assert cards.all_inner_texts() == ["胡集商场保洁"]
    assert page.get_by_role("searchbox", name="搜索岗位").input_value() == "保洁"  # what was typed stays
    screenshot(page, "search_results_daily")

    page.get_by_role("link", name="胡集商场保洁").click()
    page.wait_for_url(f"**/jobs/{daily.pk}/")
    assert "胡集商场保洁" in page.content()

    # elder mode: larger type, still no sideways scrolling, results still readable
    page.goto("/")
    page.get_by_role("button", name="长辈模式").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.classList.contains('elder')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "search_home_elder")
    page.goto("/search/?q=%E4%BF%9D%E6%B4%81")
    assert page.locator(".job-card").count() == 2
    screenshot(page, "search_results_elder")

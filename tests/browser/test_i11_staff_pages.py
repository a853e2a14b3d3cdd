"""Issue #11 items 15 and 17: every staff page, as every staff role of the demo data, at 360 px.

Each page type reachable from a role's 「我的」 menu (and one level of links below it) must fit a 360 px screen
(tables become cards: no horizontal overflow, no column squeezed to one character per line) and axe-core must
report no serious or critical violation and none of ``nested-interactive``, ``meta-refresh``, ``heading-order``.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.core.management import call_command
from test_accessibility import AXE, _login
from test_station_console import huji_setup  # noqa: F401 - fixture

from conftest import screenshot

WIDTH = 360
TOLERANCE = 4  # px: sub-pixel rounding
ALWAYS_BAD = {"nested-interactive", "meta-refresh", "heading-order"}
# Not pages: downloads, state-changing links, the Django admin (its own markup). Left to the helpers who own them
# (issue #11): the login and code pages, the job posting form, agreements and /verify.
SKIP = re.compile(r"^/(static|media|admin|api|agreements|verify)/|/logout/|/export|\.pdf|\.xlsx|\.csv|/download|"
                  r"/delete/|/audio|/accounts/(login|staff-login)|^/jobs/new/|^/jobs/\d+/edit/|/qr|\.png|\.svg|"
                  r"page=\d{2,}")
HREF = re.compile(r'href="(/[^"#]*)"')
# Demo accounts (accounts/demo.py, disputes/demo.py, protection/demo.py): every staff role, a township and a county
# scope; plus a verified worker and an employer of the demo data.
USERS = ["huji", "shuyang", "jianguan", "tiaojie", "zhongcai_shuyang", "peixun", "zhujian", "zhongjie", "baoxian",
         "admin", "worker", "employer"]

MEASURE = """() => {
    const root = document.scrollingElement;
    const narrow = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
        const text = (cell.innerText || '').trim();
        const r = cell.getBoundingClientRect();
        if (text.length >= 4 && r.width > 0 && r.width < 40) narrow.push(text.slice(0, 20) + ' @' + Math.round(r.width));
    }
    return {scroll: root.scrollWidth, narrow: narrow.slice(0, 3), status: document.title};
}"""

AXE_RUN = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def pattern(url: str) -> str:
    """One representative per page type: ids collapse, query values collapse."""
    path, _, query = url.partition("?")
    path = re.sub(r"/\d+(?=/|$)", "/N", path)
    path = re.sub(r"/[0-9A-Za-z_-]{16,}(?=/|$)", "/T", path)
    keys = sorted({kv.split("=")[0] for kv in query.split("&") if kv})
    return path + ("?" + "&".join(keys) if keys else "")


def page_urls(client: Any, user: Any, depth: int = 2) -> list[str]:
    """One URL per page type reachable from the user's 「我的」 menu within ``depth`` clicks."""
    from suzhaohuo.accounts.menu import collect

    urls: dict[str, str] = {}
    frontier = ["/accounts/me/"] + [url for _label, url in collect(user)]
    for level in range(depth + 1):
        following: list[str] = []
        for url in frontier:
            if SKIP.search(url) or pattern(url) in urls:
                continue
            urls[pattern(url)] = url
            if level == depth:
                continue
            resp = client.get(url)
            if resp.status_code != 200 or "html" not in resp.get("Content-Type", ""):
                continue
            following += [link.replace("&amp;", "&") for link in HREF.findall(resp.content.decode(errors="replace"))]
        frontier = following
    return list(urls.values())


def seed_demo(**sizes: int) -> None:
    """The demo data (``make demo``), at a small size. A transactional test before this one may have flushed the
    job categories the data migration loads: load them again first."""
    from suzhaohuo.jobs.categories import load_categories
    from suzhaohuo.jobs.models import JobCategory

    if not JobCategory.objects.exists():
        load_categories(JobCategory)
    call_command("load_regions")
    call_command("seed_demo", **sizes)


def demo_user(username: str) -> Any:
    from suzhaohuo.accounts.models import User

    if username == "worker":
        return User.objects.filter(role="worker", identity__verification_status="verified").order_by("pk").first()
    if username == "employer":
        return User.objects.filter(role="employer", employer__verification_status="verified").order_by("pk").first()
    return User.objects.get(username=username)


# Page types the crawl must reach, or it proves nothing: the station ledger and console, every staff console.
MUST_SEE = ["/carriers/console/", "/carriers/console/ledger/", "/carriers/N/kiosk/", "/carriers/coverage/", "/kpi/",
            "/regulation/sanctions/", "/regulation/audit/", "/regulation/licences/", "/disputes/queue/",
            "/training/provider/", "/training/staff/", "/protection/coverage/", "/assistance/persons/N/",
            "/aggregation/sources/", "/phone/station/", "/identity/staff/", "/jobs/review/", "/gigs/earnings/"]


def audit(page: Any, url: str) -> list[str]:
    """Open ``url`` at 360 px; what is wrong with it (empty when nothing)."""
    resp = page.goto(url, wait_until="load")
    if resp is None or resp.status >= 400 or "html" not in (resp.headers.get("content-type") or ""):
        return []
    problems = []
    m = page.evaluate(MEASURE)
    if m["scroll"] > WIDTH + TOLERANCE:
        problems.append(f"page {m['scroll']} px wide")
    if m["narrow"]:
        problems.append(f"squeezed cells {m['narrow']}")
    page.add_script_tag(path=AXE)
    bad = [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS_BAD]
    if bad:
        problems.append(str(bad))
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_staff_page_fits_360_px_and_passes_axe(browser, live_server):
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers` (npm install --no-save axe-core@4.11.0)")
    from django.test import Client

    seed_demo(workers=20, employers=6, jobs=30)
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="zh-CN",
                                  base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    anonymous = Client()
    failures: list[str] = []
    seen: set[tuple[str, str]] = set()
    for username in USERS:
        user = demo_user(username)
        client = Client()
        client.force_login(user)
        context.clear_cookies()
        _login(page, user, live_server.url)
        for url in page_urls(client, user):
            # A public page is the same page type for everyone: audited once; a signed-in page once per account.
            public = anonymous.get(url).status_code == 200
            key = ("*" if public else username, pattern(url))
            if key in seen:
                continue
            seen.add(key)
            failures += [f"{username} {url}: {problem}" for problem in audit(page, url)]
    context.close()
    reached = {p for _who, p in seen}
    assert not [p for p in MUST_SEE if p not in reached], sorted(reached)
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_station_ledger_and_kpi_county_table_are_cards_at_360_px(browser, live_server):
    """Issue #11.15: the ledger rows (and the /kpi/ county table) are cards with the column name before each
    value, one per line, not a table whose columns are one character wide; at desktop width they are tables."""
    seed_demo(workers=10, employers=4, jobs=12)
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    cards = """sel => [...document.querySelectorAll(sel + ' tbody tr')].map(tr => ({
        display: getComputedStyle(tr).display, width: tr.getBoundingClientRect().width,
        labels: [...tr.querySelectorAll('td')].map(td => getComputedStyle(td, '::before').content)}))"""
    for who, url, table in (("huji", "/carriers/console/ledger/", "#ledger-table"), ("jianguan", "/kpi/", "#drill-table")):
        context.clear_cookies()
        _login(page, demo_user(who), live_server.url)
        page.goto(url)
        rows = page.evaluate(cards, table)
        assert rows, f"{url}: no rows in {table}"
        for row in rows:
            assert row["display"] == "block" and row["width"] >= WIDTH - 40, (url, row)
            assert all(label not in ("none", "normal", "") for label in row["labels"]), (url, row)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH + TOLERANCE
        if table == "#ledger-table":
            assert rows[0]["labels"][:2] == ['"时间："', '"服务事项："'], rows[0]
        screenshot(page, "i11-cards-" + table.strip("#") + "-360")
    context.clear_cookies()
    _login(page, demo_user("huji"), live_server.url)
    context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])  # 长辈模式: 20 px type
    page.goto("/carriers/console/ledger/")
    assert page.locator("body.elder").count() == 1
    assert page.evaluate(cards, "#ledger-table")[0]["display"] == "block"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH + TOLERANCE
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/carriers/console/ledger/")
    assert page.evaluate(cards, "#ledger-table")[0]["display"] == "table-row"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kiosk_updates_in_place_and_announces_politely(browser, live_server, huji_setup):  # noqa: F811
    """Issue #11.17: the kiosk has no meta refresh; every minute it fetches its list in place (no page reload),
    a polite live region says when and how many, and axe finds nothing serious."""
    from decimal import Decimal

    from suzhaohuo.carriers.tests.conftest import HUJI
    from suzhaohuo.jobs.services import JobInput, job_create

    station, _staff, jobs = huji_setup
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.clock.install()
    page.goto(f"/carriers/{station.pk}/kiosk/")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    status = page.locator("[data-testid=kiosk-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert "3 个在招岗位" in status.inner_text()
    assert page.get_by_role("link", name="刷新").get_attribute("href") == f"/carriers/{station.pk}/kiosk/"
    assert audit(page, f"/carriers/{station.pk}/kiosk/") == []
    page.evaluate("window.__sameDocument = true")

    employer = jobs[0].employer
    job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="大棚西瓜授粉", description="给大棚西瓜人工授粉，有人带。", category_code="agri.harvest", pay_unit="day",
        settlement="daily", headcount=2, township_code=HUJI, address="胡集镇第九组", pay_min=Decimal("160"),
        daily_hours=Decimal("8")))
    assert "大棚西瓜授粉" not in page.inner_text("main")
    page.clock.run_for(61_000)  # the polling interval passes
    page.get_by_text("大棚西瓜授粉").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # updated in place, not reloaded
    assert "4 个在招岗位" in status.inner_text()
    assert page.locator("[data-testid=kiosk-status]").count() == 1
    screenshot(page, "i11-kiosk-360")
    context.close()

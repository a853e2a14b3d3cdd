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


def demo_user(username: str) -> Any:
    from suzhaohuo.accounts.models import User

    if username == "worker":
        return User.objects.filter(role="worker", identity__verification_status="verified").order_by("pk").first()
    if username == "employer":
        return User.objects.filter(role="employer", employer__verification_status="verified").order_by("pk").first()
    return User.objects.get(username=username)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_staff_page_fits_360_px_and_passes_axe(browser, live_server):
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers` (npm install --no-save axe-core@4.11.0)")
    from django.test import Client

    call_command("load_regions")
    call_command("seed_demo", workers=20, employers=6, jobs=30)
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="zh-CN",
                                  base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    failures: list[str] = []
    seen: set[tuple[str, str]] = set()
    for username in USERS:
        user = demo_user(username)
        client = Client()
        client.force_login(user)
        context.clear_cookies()
        _login(page, user, live_server.url)
        for url in page_urls(client, user):
            key = (username, pattern(url))
            if key in seen:
                continue
            seen.add(key)
            resp = page.goto(url, wait_until="load")
            if resp is None or resp.status >= 400 or "html" not in (resp.headers.get("content-type") or ""):
                continue
            m = page.evaluate(MEASURE)
            if m["scroll"] > WIDTH + TOLERANCE:
                failures.append(f"{username} {url}: page {m['scroll']} px wide")
            if m["narrow"]:
                failures.append(f"{username} {url}: squeezed cells {m['narrow']}")
            page.add_script_tag(path=AXE)
            bad = [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS_BAD]
            if bad:
                failures.append(f"{username} {url}: {bad}")
    context.close()
    print("\n".join(f"{r} {p}" for r, p in sorted(seen)))
    assert not failures, "\n".join(failures)

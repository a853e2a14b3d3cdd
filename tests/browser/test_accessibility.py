"""axe-core (npm, injected from node_modules) finds no serious or critical violations on the main worker
pages, in normal and in elder mode; and each page transfers under 150 KB in total (HTML, CSS, JS, fonts)."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from conftest import screenshot

AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")
BUDGET = 150 * 1024


def _login(page, user, base_url: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def _audit(page, path: str) -> tuple[list[dict], int]:
    """Load ``path``, return (serious/critical axe violations, bytes transferred by the page load)."""
    sizes: dict[str, int] = {}

    def on_response(response) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # noqa: BLE001 - redirects have no body
            sizes.setdefault(response.url, 0)

    page.on("response", on_response)
    page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    page.add_script_tag(path=AXE)  # inline injection: not counted as a page response
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    return bad, sum(sizes.values())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_pages_accessible_and_light_in_normal_and_elder_mode(browser, live_server, make_worker, make_employer):
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers` (npm install --no-save axe-core@4.11.0)")
    from suzhaohuo.gigs import services as s
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.regions.models import Region

    employer = make_employer(township="胡集镇")
    code = Region.objects.get(name="胡集镇", level="township").code
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="葡萄采摘", description="在大棚内采摘葡萄并装箱。", category_code="agri.harvest", pay_unit="day",
        settlement="daily", headcount=3, township_code=code, address="胡集镇葡萄园", pay_min=Decimal("200")))
    other = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="苗木装车", description="花木基地苗木装车。", category_code="agri.harvest", pay_unit="day",
        settlement="daily", headcount=3, township_code=code, address="胡集镇花木基地", pay_min=Decimal("180")))
    worker = make_worker()
    s.engagement_apply(worker=worker, job=other, consent=True, message="能干")
    # bypass_csp only so the audit script can be injected; the pages' own CSP is unchanged
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, worker, live_server.url)

    pages = {"home": "/", "search": "/search/?q=%E9%87%87%E6%91%98", "job": f"/jobs/{job.pk}/",
             "mine": "/gigs/", "profile": "/workers/profile/"}
    failures = []
    for mode in ("normal", "elder"):
        if mode == "elder":
            page.context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])
        for name, path in pages.items():
            bad, size = _audit(page, path)
            assert page.locator("body.elder").count() == (1 if mode == "elder" else 0)
            if bad:
                failures.append(f"{mode} {name} {path}: {bad}")
            if size >= BUDGET:
                failures.append(f"{mode} {name} {path}: {size} bytes ≥ {BUDGET}")
            if mode == "elder" and name in ("job", "mine"):
                screenshot(page, f"a11y-elder-{name}-360")
    context.close()
    assert not failures, "\n".join(failures)

"""Helpers for the issue #11 user-facing browser tests (360 px, axe-core, CSP console errors)."""

from __future__ import annotations

import os
from typing import Any

from django.test import Client

AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def phone(browser: Any, base_url: str, *, bypass_csp: bool = True) -> tuple[Any, Any, list[str]]:
    """A 360×740 context and page; ``bypass_csp`` only to inject axe-core. Returns (context, page, CSP errors)."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=base_url,
                              bypass_csp=bypass_csp)
    page = ctx.new_page()
    page.set_default_timeout(15000)
    csp: list[str] = []
    page.on("console", lambda m: csp.append(f"{page.url}: {m.text}")
            if m.type == "error" and "Content Security Policy" in m.text else None)
    return ctx, page, csp


def login_as(page: Any, user: Any, base_url: str) -> None:
    client = Client()
    client.force_login(user, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def axe(page: Any) -> list[dict[str, Any]]:
    """Serious or critical axe-core violations on the current page."""
    page.add_script_tag(path=AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def fits_360(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360

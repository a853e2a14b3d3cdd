"""Issue #11 item 9: as every role, open every page linked from the 「我的」 menu (and the links on those
pages), and every admin changelist — none may answer 500. Run on the demo data so lists have rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

SKIP = re.compile(r"^/(static|media)/|/logout/|/export|\.pdf$|/download|/delete/|\?.*page=\d{2,}")
HREF = re.compile(r'href="(/[^"#]*)"')


def _get(client: Client, url: str, problems: list[str], who: str) -> str:
    try:
        resp = client.get(url)
    except Exception as exc:  # noqa: BLE001 - an exception is what a 500 would have been
        problems.append(f"{who} {url}: {type(exc).__name__}: {exc}")
        return ""
    if resp.status_code >= 500:
        problems.append(f"{who} {url}: {resp.status_code}")
        return ""
    ctype = resp.get("Content-Type", "")
    return resp.content.decode(errors="replace") if "html" in ctype and not getattr(resp, "streaming", False) else ""


def _users() -> dict[str, Any]:
    from suzhaohuo.accounts.choices import Role
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.aggregation.models import Source, SourceOperator

    admin_user = User.objects.filter(role=Role.ADMIN).first() or staff_create(
        actor=None, username="crawl-admin", password="Crawl-pass-12345", role=Role.ADMIN, scope_region_code=None)
    users: dict[str, Any] = {
        "worker": User.objects.filter(role=Role.WORKER, identity__verification_status="verified").first(),
        "employer": User.objects.filter(role=Role.EMPLOYER, employer__isnull=False).first(),
        "admin": admin_user,
    }
    scopes = {"station_staff": "321322102", "regulator": "321322", "mediator": "321322",
              "training_provider": "321300", "department_operator": "321300", "agency_operator": "321322"}
    for role, scope in scopes.items():
        users[role] = staff_create(actor=admin_user, username=f"crawl-{role}", password="Crawl-pass-12345",
                                   role=role, scope_region_code=scope)
    for role in ("department_operator", "agency_operator"):
        source = Source.objects.filter(operators__isnull=True).first() or Source.objects.first()
        if source is not None:
            SourceOperator.objects.get_or_create(source=source, user=users[role])
    return users


@pytest.mark.django_db
def test_every_menu_link_and_admin_changelist_opens_for_every_role():
    from suzhaohuo.accounts.menu import collect

    call_command("load_regions")
    call_command("seed_demo", workers=20, employers=6, jobs=30)
    problems: list[str] = []
    for role, user in _users().items():
        assert user is not None, role
        client = Client()
        client.force_login(user)
        seen: set[str] = set()
        queue = ["/accounts/me/", "/"] + [url for _label, url in collect(user)]
        depth = {url: 0 for url in queue}
        while queue:
            url = queue.pop(0)
            if url in seen or SKIP.search(url) or len(seen) > 400:
                continue
            seen.add(url)
            html = _get(client, url, problems, role)
            if depth[url] < 1 and not url.startswith("/admin/"):
                for link in HREF.findall(html):
                    link = link.replace("&amp;", "&")
                    if link not in depth:
                        depth[link] = depth[url] + 1
                        queue.append(link)
        if user.is_staff:
            for model in list(admin.site._registry):
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                _get(client, url, problems, role)
    assert not problems, "\n".join(problems)

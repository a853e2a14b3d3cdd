"""Issue #11 item 16: a worker or employer opening a staff-only page reads 「此页面仅供工作人员使用」 (403),
never 「岗位已结束」/「找不到这个岗位」, an English 'Not Found', or a misleading 'no station linked'."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

STAFF_ROLES = ("station_staff", "regulator", "mediator", "training_provider", "department_operator", "admin")


def _staff_pages(make_staff) -> list[str]:
    from suzhaohuo.accounts.menu import collect

    urls: set[str] = set()
    for role in STAFF_ROLES:
        staff = make_staff(role=role, scope=None if role == "admin" else "沭阳县", username=f"so-{role}")
        urls |= {url for _label, url in collect(staff) if not url.startswith("/admin/")}
    # linked only when the staff member has a station / cases, but staff-only all the same
    return sorted(urls | {"/carriers/console/", "/carriers/console/ledger/", "/gigs/staff/wage-alerts/",
                          "/disputes/queue/", "/phone/station/"})


def test_worker_and_employer_on_staff_pages_see_the_staff_only_page(make_worker, make_employer, make_staff):
    from suzhaohuo.accounts.menu import collect

    pages = _staff_pages(make_staff)
    assert {"/jobs/review/", "/identity/staff/", "/carriers/console/", "/kpi/"} <= set(pages)
    for user in (make_worker(), make_employer().owner):
        own = {url for _label, url in collect(user)}
        client = Client()
        client.force_login(user)
        for url in pages:
            if url in own:  # a page the role has too (e.g. 消息通知)
                continue
            resp = client.get(url)
            if resp.status_code == 200:
                continue  # a public page that staff also link to (e.g. the station map)
            body = resp.content.decode()
            assert resp.status_code == 403, (user.role, url, resp.status_code)
            assert "此页面仅供工作人员使用" in body, (user.role, url)
            assert "岗位已结束" not in body and "Not Found" not in body, (user.role, url)


def test_api_keeps_its_json_error_and_staff_still_get_in(make_worker, make_staff):
    worker = make_worker()
    client = Client()
    client.force_login(worker)
    resp = client.get("/jobs/review/")
    assert resp.status_code == 403 and "工作人员登录" in resp.content.decode()
    staff = make_staff(scope="胡集镇")
    client.force_login(staff)
    assert client.get("/jobs/review/").status_code == 200


def test_policy_says_staff_only_to_workers_and_the_plain_reason_to_staff(make_worker, make_staff):
    from suzhaohuo.kernel import policy
    from suzhaohuo.kernel.policy import Action

    assert "仅供工作人员" in policy.decide(make_worker(), Action.STATION_CONSOLE).message
    regulator = make_staff(role="regulator", scope="沭阳县")
    assert "仅供工作人员" not in policy.decide(regulator, Action.STATION_CONSOLE).message

"""「管理后台」 appears only for users Django admin would show something (new-user walk, issue #11)."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.accounts.menu import collect
from suzhaohuo.core.admin import can_use_admin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "sees"), [
    ("admin", True), ("station_staff", True), ("regulator", True),
    ("mediator", False), ("arbitration_clerk", False), ("training_provider", False), ("insurer", False),
    ("department_operator", False), ("agency_operator", False),
])
def test_admin_link_only_for_users_who_can_use_it(client: Any, make_staff: Any, role: str, sees: bool) -> None:
    user = make_staff(role=role, scope="沭阳县", username=f"u-{role}")
    assert user.is_staff  # every staff account may log in to the admin site …
    assert can_use_admin(user) is sees  # … but only some are shown anything there
    assert (("管理后台", "/admin/") in collect(user)) is sees
    client.force_login(user)
    page = client.get("/admin/")
    assert page.status_code == 200
    if sees:
        assert 'class="app-' in page.content.decode()


def test_no_admin_link_for_workers(make_worker: Any) -> None:
    worker = make_worker()
    assert not can_use_admin(worker) and all(label != "管理后台" for label, _url in collect(worker))

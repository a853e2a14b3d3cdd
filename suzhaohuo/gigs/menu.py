"""gigs' entries in the 「我的」 menu (see accounts/menu.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import Role
from suzhaohuo.kernel import policy


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.role == Role.WORKER:
        return [(_("我的报名"), reverse("gigs:mine")), (_("工作与收入记录"), reverse("gigs:earnings"))]
    if user.role == Role.EMPLOYER:
        return [(_("用工管理（报名、到岗、付款）"), reverse("gigs:employer"))]
    if policy.role_allows(user, policy.Action.WAGE_ALERT_HANDLE):
        return [(_("欠薪预警与异议"), reverse("gigs:wage_alerts"))]
    return []

"""identity's entries in the 「我的」 menu (see accounts/menu.py)."""

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
        return [(_("实名认证"), reverse("identity:realname"))]
    if user.role == Role.EMPLOYER:
        return [(_("用工主体登记与认证"), reverse("identity:employer_register"))]
    if policy.role_allows(user, policy.Action.IDENTITY_VERIFY):
        return [(_("实名核验工作台"), reverse("identity:console"))]
    return []

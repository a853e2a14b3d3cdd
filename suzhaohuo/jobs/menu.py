"""Links the jobs app adds to a user's 「我的」 page (accounts collects ``links(user)`` from each app)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import Role

REVIEWERS = {Role.STATION_STAFF, Role.REGULATOR, Role.ADMIN, Role.DEPARTMENT_OPERATOR}


def links(user: Any) -> list[tuple[str, str]]:
    """(label, url) pairs for this user."""
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[tuple[str, str]] = []
    if user.role == Role.EMPLOYER:
        out += [(_("我的岗位"), reverse("jobs:mine")), (_("发布岗位"), reverse("jobs:new"))]
    if user.is_superuser or user.role in REVIEWERS:
        out.append((_("岗位审核"), reverse("jobs:review_list")))
    return out

"""Training's entries in the 「我的」 menu."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.kernel.roles import Role


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.role == Role.WORKER:
        return [(_("我的培训与认证"), reverse("training:mine"))]
    if user.role == Role.TRAINING_PROVIDER:
        return [(_("培训机构工作台"), reverse("training:provider"))]
    if user.role == Role.EMPLOYER:
        return [(_("找持证零工"), reverse("training:certified"))]
    if user.role == Role.STATION_STAFF or user.is_superuser:
        return [(_("培训：机构审核、代报名、技能需求"), reverse("training:staff"))]
    return []

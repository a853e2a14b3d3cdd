"""protection's entries in the 「我的」 menu."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.roles import Role


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.role == Role.WORKER:
        return [(_("我的保障"), reverse("protection:mine"))]
    if policy.decide(user, Action.INSURANCE_HANDLE):
        return [(_("报案与投保处理"), reverse("protection:queue")), (_("参保覆盖情况"), reverse("protection:coverage"))]
    return []

"""assistance's entries in the 「我的」 menu."""

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
        from suzhaohuo.assistance.models import DifficultyPerson

        if DifficultyPerson.objects.filter(user=user).exists():
            return [(_("我的就业援助"), reverse("assistance:mine"))]
        return []
    if policy.decide(user, Action.ASSISTANCE_MANAGE):
        return [(_("就业援助（帮扶台账）"), reverse("assistance:home")),
                (_("公益性岗位"), reverse("assistance:posts"))]
    return []

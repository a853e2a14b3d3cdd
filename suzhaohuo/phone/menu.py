"""phone's entry in the 「我的」 menu (see accounts/menu.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action


def links(user: Any) -> list[tuple[str, str]]:
    if policy.decide(user, Action.STATION_CONSOLE):
        return [(_("短信与电话服务"), reverse("phone:station"))]
    return []

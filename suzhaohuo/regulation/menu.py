"""「我的」 entries: 监管工作台 for regulators, 复核队列 for station staff, 监管处理与申诉 for sanctioned parties."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    from suzhaohuo.regulation.selectors import sanctions_of_user

    items: list[tuple[str, str]] = []
    if policy.decide(user, Action.SANCTION_DECIDE):
        items.append((_("监管工作台"), reverse("regulation:console")))
    if getattr(user, "role", "") == "station_staff":
        items.append((_("实名复核队列"), reverse("regulation:reverify")))
    if getattr(user, "role", "") in ("employer", "worker", "agency_operator") and sanctions_of_user(user).exists():
        items.append((_("监管处理与申诉"), reverse("regulation:my")))
    return items

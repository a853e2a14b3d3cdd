"""Menu entries this app contributes: public links for everyone, 站点工作台 for station staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    key: str


def menu_items(user: Any) -> list[MenuItem]:
    from suzhaohuo.carriers.selectors import carriers_of_staff

    items = [MenuItem(_("附近的零工驿站"), reverse("carriers:nearby"), "carriers.nearby"),
             MenuItem(_("服务网络覆盖"), reverse("carriers:coverage"), "carriers.coverage")]
    if getattr(user, "is_authenticated", False) and carriers_of_staff(user).exists():
        items.insert(0, MenuItem(_("站点工作台"), reverse("carriers:console"), "carriers.console"))
    return items

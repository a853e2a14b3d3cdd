"""Menu entries this app contributes to 「我的」: public links for everyone, 站点工作台 for station staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user: Any) -> list[tuple[str, str]]:
    from suzhaohuo.carriers.selectors import carriers_of_staff

    items = [(_("附近的零工驿站"), reverse("carriers:nearby")), (_("服务网络覆盖"), reverse("carriers:coverage"))]
    if getattr(user, "is_authenticated", False) and carriers_of_staff(user).exists():
        items.insert(0, (_("站点工作台"), reverse("carriers:console")))
    return items

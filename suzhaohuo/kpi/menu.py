"""「我的」 entry for staff who may see the plan's scoreboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user: Any) -> list[tuple[str, str]]:
    from suzhaohuo.kpi.selectors import can_view, default_region_code

    if getattr(user, "is_authenticated", False) and can_view(user, default_region_code(user)):
        return [(_("实施方案指标看板"), reverse("kpi:dashboard"))]
    return []

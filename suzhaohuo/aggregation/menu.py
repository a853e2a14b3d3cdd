"""Links the aggregation app adds to a user's 「我的」 page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.aggregation.selectors import can_see_dashboard, operator_source_of


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[tuple[str, str]] = []
    if operator_source_of(user) is not None:
        out.append((_("上传岗位"), reverse("aggregation:upload")))
    if can_see_dashboard(user):
        out.append((_("数据源"), reverse("aggregation:dashboard")))
    return out

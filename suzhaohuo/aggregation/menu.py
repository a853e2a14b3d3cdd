"""Links the aggregation app adds to a user's 「我的」 page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.aggregation.selectors import (
    can_see_dashboard,
    confirmations_pending,
    employer_of,
    operator_source_of,
)
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    out: list[tuple[str, str]] = []
    if operator_source_of(user) is not None:
        out.append((_("上传岗位"), reverse("aggregation:upload")))
    if can_see_dashboard(user):
        out.append((_("数据源"), reverse("aggregation:dashboard")))
    if policy.role_allows(user, Action.SOURCE_AUTHORIZE) and not user.is_superuser:
        employer = employer_of(user)
        if employer is not None:
            n = confirmations_pending(employer).count()
            out.append((_("代发授权（%(n)s个岗位待确认）") % {"n": n} if n else _("代发授权"),
                        reverse("aggregation:authorizations")))
    if policy.role_allows(user, Action.SOURCE_AUTHORIZE_RECORD) and not user.is_superuser:
        out.append((_("登记代发授权"), reverse("aggregation:authorization_record")))
    return out

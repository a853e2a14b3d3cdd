"""disputes' entries in the 「我的」 menu."""

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
    out: list[tuple[str, str]] = []
    if user.role in (Role.WORKER, Role.EMPLOYER):
        out += [(_("投诉举报"), reverse("disputes:complaint_new")), (_("我的投诉与调解"), reverse("disputes:mine"))]
    if any(policy.decide(user, a) for a in (Action.CASE_MEDIATE, Action.CASE_ARBITRATE, Action.COMPLAINT_HANDLE)):
        out.append((_("投诉与劳动争议处理"), reverse("disputes:queue")))
    if policy.decide(user, Action.KPI_VIEW):
        out.append((_("调解成功率与仲裁结案率"), reverse("disputes:kpi")))
    if user.role == Role.STATION_STAFF:
        out.append((_("代为登记劳动争议"), reverse("disputes:walk_in")))
    return out

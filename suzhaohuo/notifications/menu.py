"""notifications' entries in the 「我的」 menu (see accounts/menu.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    from suzhaohuo.notifications.selectors import unread_count

    n = unread_count(user)
    label = _("消息通知（%(n)d条未读）") % {"n": n} if n else _("消息通知")
    out = [(label, reverse("notifications:inbox"))]
    if user.role in ("worker", "employer"):
        out.append((_("短信提醒设置"), reverse("notifications:preferences")))
    return out

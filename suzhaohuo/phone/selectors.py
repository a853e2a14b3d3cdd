"""Reads: a worker's conversation across SMS, voice and web, for station staff; callback queues; measures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet

from suzhaohuo.accounts.models import User
from suzhaohuo.kernel import policy
from suzhaohuo.phone.choices import Channel
from suzhaohuo.phone.models import CallbackRequest, PhoneMessage


@dataclass(frozen=True)
class Line:
    at: datetime
    channel: str
    who: str  # 「村民」 or 「平台」
    text: str


def conversation(user: Any, *, limit: int = 100) -> list[Line]:
    """SMS and voice lines, and what the worker did on the web (engagement events), newest last."""
    from suzhaohuo.gigs.models import EngagementEvent
    from suzhaohuo.gigs.state import TRANSITIONS

    labels = {t.event: str(t.label) for t in TRANSITIONS}
    lines = [Line(m.created_at, m.get_channel_display(), "村民" if m.direction == "in" else "平台", m.text)
             for m in PhoneMessage.objects.filter(user=user).order_by("-created_at")[:limit]]
    for ev in (EngagementEvent.objects.filter(engagement__worker=user).select_related("engagement__job")
               .order_by("-created_at")[:limit]):
        ch = (ev.data or {}).get("channel", Channel.WEB)
        lines.append(Line(ev.created_at, str(Channel(ch).label) if ch in Channel.values else ch, "记录",
                          f"{ev.engagement.job.title}：{labels.get(ev.event, ev.event)}"))
    return sorted(lines, key=lambda x: x.at)[-limit:]


def callbacks_for_staff(actor: User) -> QuerySet[CallbackRequest]:
    """Open callback requests in the actor's scope, oldest first (first asked, first called back)."""
    qs = CallbackRequest.objects.filter(handled_at__isnull=True).select_related("user")
    return policy.scoped(qs, actor, "township_code").order_by("created_at", "pk")


def callbacks_handled(actor: Any) -> QuerySet[CallbackRequest]:
    qs = CallbackRequest.objects.filter(handled_at__isnull=False).select_related("user", "handled_by")
    return policy.scoped(qs, actor, "township_code").order_by("-handled_at", "-pk")


def callback_for_staff(actor: Any, pk: int | str | None) -> CallbackRequest | None:
    """One callback request in the actor's scope (open or handled), or None."""
    try:
        key = int(pk or 0)
    except (TypeError, ValueError):
        return None
    qs = CallbackRequest.objects.filter(pk=key).select_related("user")
    return policy.scoped(qs, actor, "township_code").first()


def channel_counts(*, start: datetime, end: datetime, region_prefix: str | None) -> dict[str, dict[str, int]]:
    """Sessions (distinct people) and actions by channel in [start, end): SMS, voice, web."""
    from suzhaohuo.gigs.models import EngagementEvent

    msgs = PhoneMessage.objects.filter(created_at__gte=start, created_at__lt=end, direction="in")
    events = EngagementEvent.objects.filter(created_at__gte=start, created_at__lt=end,
                                            event__in=["apply", "checkin"])
    if region_prefix:
        events = events.filter(engagement__township_code__startswith=region_prefix)
        msgs = msgs.filter(user__worker_profile__home_township__pk__startswith=region_prefix)
    out: dict[str, dict[str, int]] = {c: {"sessions": 0, "applications": 0, "checkins": 0} for c in Channel.values}
    for row in msgs.values("channel").annotate(n=Count("user", distinct=True)):
        out[row["channel"]]["sessions"] = row["n"]
    for ev in events.values("event", "data"):
        ch = (ev["data"] or {}).get("channel", Channel.WEB)
        key = "applications" if ev["event"] == "apply" else "checkins"
        if ch in out:
            out[ch][key] += 1
    return out

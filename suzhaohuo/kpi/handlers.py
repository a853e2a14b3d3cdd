"""Reactions to other apps' events: record which link or QR code brought a new account."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.ACCOUNT_REGISTERED)
def record_attribution(event: Event) -> None:
    from suzhaohuo.kpi.services import attribution_record

    attribution_record(user_id=event["user_id"], ref=str(event.payload.get("ref") or ""),
                       channel=str(event.payload.get("channel") or "self"))

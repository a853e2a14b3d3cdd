"""gigs reacts to other apps' events (ADR 0008)."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.AGREEMENT_SIGNED)
def engagement_signed(event: Event) -> None:
    """Both parties signed the agreement: the engagement moves to 'signed' (idempotent)."""
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.gigs.services import engagement_on_agreement_signed

    engagement = Engagement.objects.filter(pk=event["engagement_id"]).first()
    if engagement is not None:
        engagement_on_agreement_signed(engagement=engagement)

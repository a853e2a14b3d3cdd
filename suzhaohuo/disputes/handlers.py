"""Reactions to other apps' events (discovered by kernel at start-up)."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.AGREEMENT_SEALED)
def mediation_agreement_sealed(event: Event) -> None:
    if event.payload.get("kind") == "mediation":
        from suzhaohuo.disputes.services import case_on_agreement_sealed

        case_on_agreement_sealed(agreement_id=int(event["agreement_id"]))


@events.on(EventName.ENGAGEMENT_PAID)
def engagement_paid(event: Event) -> None:
    from suzhaohuo.disputes.services import case_on_engagement_paid

    case_on_engagement_paid(engagement_id=int(event["engagement_id"]))

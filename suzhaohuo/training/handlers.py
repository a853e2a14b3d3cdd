"""Reactions to other apps' events."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.COMPLAINT_UPHELD)
def revoke_badges_on_upheld_complaint(event: Event) -> None:
    """An upheld complaint about a worker revokes their badges immediately (idempotent on retries)."""
    from suzhaohuo.training.services import badges_revoke_for_complaint

    worker_id = event.payload.get("worker_user_id")
    if not worker_id:
        return
    badges_revoke_for_complaint(complaint_id=str(event["complaint_id"]), worker_id=int(worker_id),
                                category=str(event.payload.get("category") or ""))

"""Writes of the kernel: failed event deliveries and their retries."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from suzhaohuo.kernel import events
from suzhaohuo.kernel.models import EventDelivery

MAX_ATTEMPTS = 8


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def event_delivery_failed(*, handler_path: str, name: str, payload: dict[str, object], event_id: str,
                          error: str) -> EventDelivery:
    """Store (or update) a failed handler call so ``events_retry`` calls it again later."""
    now = timezone.now()
    row, created = EventDelivery.objects.get_or_create(
        event_id=event_id, handler_path=handler_path,
        defaults={"name": name, "payload": payload, "last_error": error[:2000], "next_attempt_at": now + _backoff(1)})
    if not created:
        attempts = row.attempts + 1
        row.attempts = attempts
        row.last_error = error[:2000]
        row.state = EventDelivery.State.GAVE_UP if attempts >= MAX_ATTEMPTS else EventDelivery.State.PENDING
        row.next_attempt_at = now + _backoff(attempts)
        row.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "updated_at"])
    return row


def event_handle(*, handler_path: str, name: str, payload: dict[str, object], event_id: str) -> bool:
    """Run one handler for one event (the background path and the retry path)."""
    sub = events.find_subscription(name, handler_path)
    if sub is None:
        return False
    ok = events.run_handler(sub, events.Event(name, dict(payload), event_id))
    if ok:
        EventDelivery.objects.filter(event_id=event_id, handler_path=handler_path).update(
            state=EventDelivery.State.DONE, updated_at=timezone.now())
    return ok


def events_retry(*, limit: int = 200) -> int:
    """Call again every failed handler whose back-off has passed. Returns how many succeeded."""
    now = timezone.now()
    due = list(EventDelivery.objects.filter(state=EventDelivery.State.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at")[:limit])
    done = 0
    for row in due:
        # Claim the row by moving its next attempt forward, so two workers don't run it at once.
        with transaction.atomic():
            claimed = EventDelivery.objects.filter(pk=row.pk, next_attempt_at=row.next_attempt_at).update(
                next_attempt_at=now + _backoff(row.attempts + 1))
        if claimed and event_handle(handler_path=row.handler_path, name=row.name, payload=row.payload,
                                    event_id=row.event_id):
            done += 1
    return done

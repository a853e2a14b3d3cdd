"""Domain events: delivered after commit, never on rollback; a failing handler neither undoes the write nor is lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from suzhaohuo.core.models import AuditEvent
from suzhaohuo.kernel import events
from suzhaohuo.kernel.models import EventDelivery
from suzhaohuo.kernel.services import events_retry

SEEN: list[tuple[str, Any]] = []
FAIL = {"times": 0}


@events.on("test.happened")
def _record(event: events.Event) -> None:
    if FAIL["times"] > 0:
        FAIL["times"] -= 1
        raise RuntimeError("handler down")
    SEEN.append((event.name, event["n"]))


@pytest.fixture(autouse=True)
def _reset() -> None:
    SEEN.clear()
    FAIL["times"] = 0


def _write(n: int) -> None:
    AuditEvent.objects.create(action="test.write", target_type="t", target_id=str(n))
    events.emit("test.happened", n=n)


@pytest.mark.django_db(transaction=True)
def test_delivered_only_after_commit() -> None:
    with transaction.atomic():
        _write(1)
        assert SEEN == []  # not before the commit
    assert SEEN == [("test.happened", 1)]


@pytest.mark.django_db(transaction=True)
def test_rollback_emits_nothing() -> None:
    with pytest.raises(ValueError), transaction.atomic():
        _write(2)
        raise ValueError("boom")
    assert SEEN == []
    assert not AuditEvent.objects.filter(target_id="2").exists()


@pytest.mark.django_db(transaction=True)
def test_failing_handler_keeps_the_write_and_is_retried() -> None:
    FAIL["times"] = 1
    with transaction.atomic():
        _write(3)
    assert AuditEvent.objects.filter(target_id="3").exists()  # the write stands
    row = EventDelivery.objects.get(name="test.happened")
    assert row.state == EventDelivery.State.PENDING and "handler down" in row.last_error
    assert SEEN == []

    assert events_retry() == 0  # back-off not yet passed
    EventDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert events_retry() == 1
    assert SEEN == [("test.happened", 3)]
    row.refresh_from_db()
    assert row.state == EventDelivery.State.DONE


@pytest.mark.django_db(transaction=True)
def test_gives_up_after_max_attempts() -> None:
    from suzhaohuo.kernel.services import MAX_ATTEMPTS

    FAIL["times"] = 100
    _write(4)
    for _ in range(MAX_ATTEMPTS):
        EventDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        events_retry()
    row = EventDelivery.objects.get()
    assert row.state == EventDelivery.State.GAVE_UP and row.attempts == MAX_ATTEMPTS

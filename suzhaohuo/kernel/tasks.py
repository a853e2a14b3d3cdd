"""Background delivery of domain events and the retry of failed handlers."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@task()
def event_handle_task(*, handler_path: str, name: str, payload: dict[str, Any], event_id: str) -> bool:
    from suzhaohuo.kernel.services import event_handle

    return event_handle(handler_path=handler_path, name=name, payload=payload, event_id=event_id)


@periodic(every_seconds=60)
@task()
def events_retry_task() -> int:
    from suzhaohuo.kernel.services import events_retry

    return events_retry()

"""Domain events, delivered after the transaction that caused them commits.

A service that changes state emits an event; other apps react in their ``handlers`` module::

    # suzhaohuo/jobs/services.py
    events.emit(EventName.JOB_PUBLISHED, job_id=job.pk)

    # suzhaohuo/search/handlers.py  (discovered at start-up by KernelConfig.ready)
    @events.on(EventName.JOB_PUBLISHED)
    def reindex(event: Event) -> None: ...

Rules:

* Delivery happens on commit (``transaction.on_commit``), so a rolled-back write emits nothing and a handler
  never sees uncommitted state.
* A handler that fails does not undo the write: the failure is stored as an ``EventDelivery`` row and the
  periodic ``events_retry_task`` calls that handler again (with back-off) until it succeeds or gives up.
* ``on(..., background=True)`` runs the handler as a Django task instead of in the request.
* Payloads are small JSON values (ids, codes), never model instances: they are stored for retries.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


class EventName(StrEnum):
    """Known events and their payloads (ids are primary keys)."""

    JOB_PUBLISHED = "job.published"  # job_id
    # job_ids (a list: a bulk import emits one event; ``job_id`` alone is accepted too); edited, published,
    # closed, expired, taken down: anything search must refresh; ``indexed=True``: the creating service already
    # wrote the index rows in its transaction (an import, issue #19), search only leaves them be
    JOB_CHANGED = "job.changed"
    # user_ids, township_codes (same order; None when not given), actor_id|None, update_worker_profile
    PERSON_IDENTITY_SUBMITTED = "identity.person_submitted"
    AGREEMENT_SIGNED = "agreement.signed"  # agreement_id, engagement_id; both parties have signed
    AGREEMENT_SEALED = "agreement.sealed"  # agreement_id, kind (service|mediation), engagement_id|None
    # Every engagement status change emits ``engagement.<new status>`` (see ``engagement_event``) with
    # engagement_id, job_id, worker_id, employer_id, from_status, transition.
    ENGAGEMENT_ACCEPTED = "engagement.accepted"
    ENGAGEMENT_SIGNED = "engagement.signed"
    ENGAGEMENT_CHECKED_IN = "engagement.checked_in"
    ENGAGEMENT_COMPLETED = "engagement.completed"
    ENGAGEMENT_PAID = "engagement.paid"
    ENGAGEMENT_CANCELLED = "engagement.cancelled"
    ENGAGEMENT_NO_SHOW = "engagement.no_show"
    # complaint_id, category, job_id|None, employer_id|None, worker_user_id|None (the worker complained about)
    COMPLAINT_UPHELD = "complaint.upheld"
    CASE_AWARD_UNPAID = "case.award_unpaid"  # case_id, employer_id|None; agreed/awarded sum unpaid after its due date
    SANCTION_CHANGED = "sanction.changed"  # sanction_id, subject_type, subject_id
    TRAINING_COMPLETED = "training.completed"  # enrolment_id, worker_user_id
    PII_REVEALED = "pii.revealed"  # actor_id, subject_id|None, field
    SEARCH_DEEP_PAGE = "search.deep_page"  # user_id, page; a signed-in user paged beyond SEARCH_DEEP_PAGE
    CLAIM_DISPUTED = "claim.disputed"  # claim_id, engagement_id, employer_id, worker_user_id; employer objects
    ACCOUNT_REGISTERED = "account.registered"  # user_id, role, ref (registration link code or ""), channel
    # confirmation_ids: postings a source brought under a registered employer's name without its authorisation,
    # held until that employer confirms (aggregation)
    SOURCE_CONFIRMATION_REQUESTED = "source.confirmation_requested"


def engagement_event(status: str) -> str:
    return f"engagement.{status}"


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    payload: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __getitem__(self, key: str) -> Any:
        return self.payload[key]


Handler = Callable[[Event], None]


@dataclass(frozen=True, slots=True)
class Subscription:
    handler: Handler
    background: bool

    @property
    def path(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_SUBSCRIPTIONS: dict[str, list[Subscription]] = defaultdict(list)


def on(name: str, *, background: bool = False) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        sub = Subscription(fn, background)
        if all(s.path != sub.path for s in _SUBSCRIPTIONS[str(name)]):
            _SUBSCRIPTIONS[str(name)].append(sub)
        return fn

    return register


def subscriptions(name: str) -> list[Subscription]:
    return list(_SUBSCRIPTIONS.get(str(name), ()))


def emit(name: str, **payload: Any) -> Event:
    """Queue ``name`` for delivery when the current transaction commits (at once outside one)."""
    event = Event(str(name), payload)
    transaction.on_commit(lambda: deliver(event), robust=True)
    return event


def deliver(event: Event) -> None:
    for sub in subscriptions(event.name):
        if sub.background:
            from suzhaohuo.kernel.tasks import event_handle_task

            try:
                event_handle_task.enqueue(handler_path=sub.path, name=event.name, payload=event.payload,
                                          event_id=event.id)
            except Exception as exc:  # noqa: BLE001 - the queue is down: keep the event for the retry task
                _record_failure(sub.path, event, exc)
            continue
        run_handler(sub, event)


def run_handler(sub: Subscription, event: Event) -> bool:
    """Run one handler in its own savepoint; on failure store it for retry. True when it succeeded."""
    try:
        with transaction.atomic():
            sub.handler(event)
    except Exception as exc:  # noqa: BLE001 - a handler must never break the write that emitted the event
        log.exception("event handler %s failed on %s", sub.path, event.name)
        _record_failure(sub.path, event, exc)
        return False
    return True


def _record_failure(path: str, event: Event, exc: BaseException) -> None:
    from suzhaohuo.kernel.services import event_delivery_failed

    event_delivery_failed(handler_path=path, name=event.name, payload=event.payload, event_id=event.id,
                          error=f"{type(exc).__name__}: {exc}")


def find_subscription(name: str, handler_path: str) -> Subscription | None:
    return next((s for s in subscriptions(name) if s.path == handler_path), None)

"""Periodic: anchor the agreements' hash-chain head outside the database (a signed, time-stamped checkpoint)."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from suzhaohuo.core.scheduler import periodic


@periodic(every_seconds=settings.AGREEMENT_CHECKPOINT_EVERY_SECONDS)
@task()
def agreements_chain_checkpoint() -> int:
    """Append a checkpoint when the chain head moved since the last one. Idempotent: 1 written, 0 not needed."""
    from suzhaohuo.agreements.services import chain_checkpoint_write

    return 1 if chain_checkpoint_write() is not None else 0

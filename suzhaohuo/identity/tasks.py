"""Background tasks: expire real-name verifications older than IDENTITY_VERIFICATION_VALID_DAYS."""

from __future__ import annotations

from django.tasks import task

from suzhaohuo.core.scheduler import periodic
from suzhaohuo.identity.services import verifications_expire


@periodic(every_seconds=3600)
@task()
def identity_expire_verifications() -> int:
    """Idempotent: only VERIFIED records past their expiry change (to EXPIRED)."""
    return verifications_expire()

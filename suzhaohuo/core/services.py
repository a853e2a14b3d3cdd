"""Platform-wide write helpers used by every domain's services."""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models

from suzhaohuo.core.models import AuditEvent


class Recorded(Protocol):
    """Who did it, as the audit trail records them: a user (saved: its pk), an anonymous visitor (pk None)."""

    @property
    def pk(self) -> Any: ...


def audit_record(*, actor: Recorded | None, action: str, target: models.Model | None = None, target_type: str = "",
                 target_id: str | int = "", region_code: str = "", reason: str = "",
                 data: dict[str, Any] | None = None, ip: str | None = None) -> AuditEvent:
    """Write one audit event. Call inside the same transaction as the change it records."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None) or None,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        region_code=region_code or "",
        reason=reason[:500],
        data=data or {},
        ip=ip,
    )

"""Reads about accounts, including the region scope every staff-facing selector applies."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from suzhaohuo.accounts.choices import STAFF_ROLES, ConsentKind, Role
from suzhaohuo.accounts.models import Consent, User

NO_SCOPE = "∅"  # a prefix no region code starts with: staff without a scope see nothing


def user_scope_prefix(user: Any) -> str | None:
    """The region-code prefix a staff user may see. None = everything (administrators)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NO_SCOPE
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    if user.role not in STAFF_ROLES or user.scope_region_id is None:
        return NO_SCOPE
    return user.scope_region.scope_prefix


def user_has_role(user: Any, *roles: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.role in roles or user.is_superuser)


def staff_list(*, actor: User) -> QuerySet[User]:
    from suzhaohuo.regions.selectors import filter_by_scope

    qs = User.objects.filter(role__in=list(STAFF_ROLES)).select_related("scope_region")
    return filter_by_scope(qs, user_scope_prefix(actor), "scope_region_id")


def consent_active(*, user: User, kind: str, context_key: str | None = None, context_value: Any = None) -> bool:
    qs = Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True)
    if context_key is not None:
        qs = qs.filter(**{f"context__{context_key}": context_value})
    return qs.exists()


def privacy_notice_accepted(user: User) -> bool:
    return consent_active(user=user, kind=ConsentKind.PRIVACY_NOTICE)

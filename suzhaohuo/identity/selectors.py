"""Reads about real-name status, scoped for staff."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.selectors import user_scope_prefix
from suzhaohuo.identity.choices import VerificationStatus
from suzhaohuo.identity.models import Employer, PersonIdentity
from suzhaohuo.regions.selectors import filter_by_scope


def person_identity_of(user: Any) -> PersonIdentity | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PersonIdentity.objects.filter(user=user).first()


def employer_of(user: Any) -> Employer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Employer.objects.filter(owner=user).first()


def user_is_verified(user: Any) -> bool:
    """Verified and not expired. Employers are verified through their Employer record."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.EMPLOYER:
        employer = employer_of(user)
        return bool(employer and employer.is_verified)
    identity = person_identity_of(user)
    return bool(identity and identity.is_verified)


def persons_for_staff(*, actor: Any, status: str | None = None, query: str = "") -> QuerySet[PersonIdentity]:
    qs = PersonIdentity.objects.select_related("user", "township").order_by("-created_at")
    qs = filter_by_scope(qs, user_scope_prefix(actor), "township_id")
    if status:
        qs = qs.filter(verification_status=status)
    if query:
        qs = qs.filter(real_name__icontains=query.strip())
    return qs


def pending_persons_for_staff(*, actor: Any) -> QuerySet[PersonIdentity]:
    return persons_for_staff(actor=actor, status=VerificationStatus.PENDING)


def employers_for_staff(*, actor: Any, status: str | None = None) -> QuerySet[Employer]:
    qs = Employer.objects.select_related("owner", "township").order_by("-created_at")
    qs = filter_by_scope(qs, user_scope_prefix(actor), "township_id")
    if status:
        qs = qs.filter(verification_status=status)
    return qs

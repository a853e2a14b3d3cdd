"""Reads: sanctions in force, listings, licence look-ups, queues. Region scope via ``kernel.policy.scoped``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.kernel import policy
from suzhaohuo.regulation.choices import (
    BLOCKING_POSTING,
    ListingKey,
    Organisation,
    ReferralStatus,
    RiskFlagStatus,
    SanctionKind,
    SanctionStatus,
    SubjectType,
)
from suzhaohuo.regulation.models import (
    AbnormalListing,
    Appeal,
    LicenceRecord,
    Membership,
    Referral,
    RiskFlag,
    Sanction,
    Throttle,
)


def sanctions_in_force(subject_type: str, subject_id: int | None, *, now: Any = None) -> QuerySet[Sanction]:
    now = now or timezone.now()
    return Sanction.objects.filter(subject_type=subject_type, subject_id=subject_id, status=SanctionStatus.ACTIVE,
                                   starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def blocking_sanction(subject_type: str, subject_id: int | None) -> Sanction | None:
    """The sanction in force that stops posting (suspension, closure, listing), if any."""
    if subject_id is None:
        return None
    return (sanctions_in_force(subject_type, subject_id).filter(kind__in=BLOCKING_POSTING)
            .order_by("-starts_at").first())


def account_closure(user_id: int | None) -> Sanction | None:
    if user_id is None:
        return None
    return sanctions_in_force(SubjectType.USER, user_id).filter(kind=SanctionKind.CLOSE_ACCOUNT).first()


def source_suspension(source_id: int | None) -> Sanction | None:
    if source_id is None:
        return None
    return (sanctions_in_force(SubjectType.SOURCE, source_id)
            .filter(kind__in=[SanctionKind.SUSPEND_SOURCE, SanctionKind.CLOSE_ACCOUNT]).first())


def listing_hash(key_type: str, value: str) -> str:
    """The same keyed hash identity uses for resident IDs (``core.crypto.keyed_hash``), so a listing matches
    ``PersonIdentity.id_number_hash``; a USCC is hashed the same way. The clear number is never stored."""
    return keyed_hash((value or "").strip().upper().replace(" ", ""))


def listing_in_force(key_type: str, value: str, *, now: Any = None) -> AbnormalListing | None:
    if not (value or "").strip():
        return None
    now = now or timezone.now()
    return (AbnormalListing.objects.filter(key_type=key_type, key_hash=listing_hash(key_type, value),
                                           removed_at__isnull=True, starts_at__lte=now)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now)).first())


def employer_listing(employer: Any) -> AbnormalListing | None:
    uscc = getattr(employer, "uscc", "")
    if uscc:
        return listing_in_force(ListingKey.USCC, uscc)
    return None


# --- licence register ---------------------------------------------------------------------------

class LicenceCheck:
    """The answer of a licence register: ``ok`` or a reason code ('unknown', 'expired', 'revoked')."""

    def __init__(self, number: str, status: str, record: LicenceRecord | None = None) -> None:
        self.number, self.status, self.record = number, status, record

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class LocalLicenceRegister:
    """The register imported from the bureau's spreadsheet (``services.licence_register_import``)."""

    def check(self, number: str) -> LicenceCheck:
        number = (number or "").strip()
        record = LicenceRecord.objects.filter(number=number).first() if number else None
        if record is None:
            return LicenceCheck(number, "unknown")
        if record.revoked:
            return LicenceCheck(number, "revoked", record)
        if record.valid_until < timezone.localdate():
            return LicenceCheck(number, "expired", record)
        return LicenceCheck(number, "ok", record)

    def is_loaded(self) -> bool:
        return LicenceRecord.objects.exists()


def licence_register() -> Any:
    """The configured register: ``REGULATION_LICENCE_REGISTER`` = dotted path of a class with ``check(number)``
    and ``is_loaded()`` (e.g. an HTTP adapter for the province's register); the local table by default."""
    from django.utils.module_loading import import_string

    path = getattr(settings, "REGULATION_LICENCE_REGISTER", "")
    return import_string(path)() if path else LocalLicenceRegister()


# --- staff lists ------------------------------------------------------------------------------

def organisation_of(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    m = Membership.objects.filter(user_id=user.pk).first()
    if m is not None:
        return str(m.organisation)
    return Organisation.MARKET if policy.is_admin(user) or getattr(user, "role", "") == "regulator" else None


def sanctions_for_staff(actor: Any, *, status: str | None = None) -> QuerySet[Sanction]:
    qs = policy.scoped(Sanction.objects.all(), actor, "region_code")
    return qs.filter(status=status) if status else qs


def sanctions_of_subject(subject_type: str, subject_id: int) -> QuerySet[Sanction]:
    return Sanction.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("-starts_at")


def sanctions_of_user(user: Any) -> QuerySet[Sanction]:
    """Sanctions against the user's own account or the employer it owns (what the user may appeal)."""
    q = Q(subject_type=SubjectType.USER, subject_id=user.pk)
    employer = getattr(user, "employer", None) if hasattr(user, "employer") else None
    if employer is not None:
        q |= Q(subject_type=SubjectType.EMPLOYER, subject_id=employer.pk)
    return Sanction.objects.filter(q).order_by("-starts_at")


def appeals_for_staff(actor: Any, *, status: str | None = None) -> QuerySet[Appeal]:
    qs = Appeal.objects.select_related("sanction", "appellant").filter(
        sanction__in=policy.scoped(Sanction.objects.all(), actor, "region_code"))
    return qs.filter(status=status) if status else qs


def listings_for_staff(actor: Any) -> QuerySet[AbnormalListing]:
    return policy.scoped(AbnormalListing.objects.all(), actor, "region_code")


def referrals_for_staff(actor: Any) -> tuple[QuerySet[Referral], QuerySet[Referral]]:
    """(incoming, outgoing) for the actor's organisation, inside the actor's region scope."""
    org = organisation_of(actor)
    base = policy.scoped(Referral.objects.all(), actor, "region_code")
    if policy.is_admin(actor):
        return base, base.none()
    return base.filter(to_org=org), base.filter(from_org=org)


def referrals_overdue(now: Any = None) -> list[Referral]:
    now = now or timezone.now()
    qs = Referral.objects.filter(Q(acknowledged_at__isnull=True, ack_due_at__lt=now)
                                 | Q(answered_at__isnull=True, answer_due_at__lt=now))
    return list(qs.exclude(status=ReferralStatus.CLOSED))


def risk_queue(actor: Any, *, status: str = RiskFlagStatus.OPEN) -> QuerySet[RiskFlag]:
    qs = policy.scoped(RiskFlag.objects.select_related("user"), actor, "region_code")
    return qs.filter(status=status).order_by("-score", "-id")


def throttle_in_force(user_id: int | None) -> Throttle | None:
    if user_id is None:
        return None
    return Throttle.objects.filter(user_id=user_id, until__gt=timezone.now(), lifted_at__isnull=True).first()


def reverification_queue(actor: Any, *, within_days: int = 30) -> QuerySet[Any]:
    """Recruitment accounts (employers, agencies) whose verification expires within ``within_days`` or has
    expired, inside the actor's scope: station staff re-verify them."""
    from suzhaohuo.identity.models import Employer

    soon = timezone.now() + timedelta(days=within_days)
    qs = Employer.objects.filter(verified_at__isnull=False, verification_expires_at__lt=soon).select_related(
        "township")
    return policy.scoped(qs, actor, "township_id").order_by("verification_expires_at")

"""Reads: sanctions in force, listings, licence look-ups, queues. Region scope via ``kernel.policy.scoped``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from suzhaohuo.accounts.models import User
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
    Membership,
    Referral,
    RiskFlag,
    Sanction,
    Throttle,
)


def sanctions_in_force(subject_type: str, subject_id: int, *, now: Any = None) -> QuerySet[Sanction]:
    now = now or timezone.now()
    return Sanction.objects.filter(subject_type=subject_type, subject_id=subject_id, status=SanctionStatus.ACTIVE,
                                   starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def blocking_sanction(subject_type: str, subject_id: int | None) -> Sanction | None:
    """The sanction in force that stops posting (suspension, closure, listing), if any."""
    if subject_id is None:
        return None
    return (sanctions_in_force(subject_type, subject_id).filter(kind__in=BLOCKING_POSTING)
            .order_by("-starts_at").first())


def posting_block(employer_id: int, owner_id: int | None) -> Sanction | None:
    """One query: a blocking sanction on the employer, or a closure of its owner's account."""
    now = timezone.now()
    q = Q(subject_type=SubjectType.EMPLOYER, subject_id=employer_id, kind__in=BLOCKING_POSTING)
    if owner_id is not None:
        q |= Q(subject_type=SubjectType.USER, subject_id=owner_id, kind=SanctionKind.CLOSE_ACCOUNT)
    return (Sanction.objects.filter(q, status=SanctionStatus.ACTIVE, starts_at__lte=now)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now)).order_by("-starts_at").first())


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


def listings_in_force(keys: Iterable[tuple[str, str]], *, now: Any = None) -> dict[tuple[str, str], AbnormalListing]:
    """``listing_in_force`` for many (key type, clear value) pairs, one query per 500 hashes: the listing each
    listed pair would get singly, keyed by the pair; pairs not listed are absent."""
    now = now or timezone.now()
    hashed = {(key_type, value): listing_hash(key_type, value) for key_type, value in keys if (value or "").strip()}
    wanted = sorted(set(hashed.values()))
    # (key type, hash) → its first listing in the model's order, as ``.first()``; a hash is in one query only
    found: dict[tuple[str, str], AbnormalListing] = {}
    for start in range(0, len(wanted), 500):
        for listing in (AbnormalListing.objects.filter(key_hash__in=wanted[start:start + 500], removed_at__isnull=True,
                                                       starts_at__lte=now)
                        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))):
            found.setdefault((listing.key_type, listing.key_hash), listing)
    return {pair: found[(pair[0], h)] for pair, h in hashed.items() if (pair[0], h) in found}


def employer_listing(employer: Any) -> AbnormalListing | None:
    uscc = getattr(employer, "uscc", "")
    if uscc:
        return listing_in_force(ListingKey.USCC, uscc)
    return None


# --- licence register ---------------------------------------------------------------------------

def licence_register() -> Any:
    """The configured register (``regulation.licences``)."""
    from suzhaohuo.regulation.licences import licence_register as configured

    return configured()


# --- staff lists ------------------------------------------------------------------------------

def organisation_of(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    m = Membership.objects.filter(user_id=user.pk).first()
    if m is not None:
        return str(m.organisation)
    return Organisation.MARKET if policy.is_admin(user) or getattr(user, "role", "") == "regulator" else None


def sanctions_for_staff(actor: User, *, status: str | None = None) -> QuerySet[Sanction]:
    qs = policy.scoped(Sanction.objects.all(), actor, "region_code")
    return qs.filter(status=status) if status else qs


def sanctions_of_user(user: Any) -> QuerySet[Sanction]:
    """Sanctions against the user's own account or the employer it owns (what the user may appeal)."""
    q = Q(subject_type=SubjectType.USER, subject_id=user.pk)
    employer = getattr(user, "employer", None) if hasattr(user, "employer") else None
    if employer is not None:
        q |= Q(subject_type=SubjectType.EMPLOYER, subject_id=employer.pk)
    return Sanction.objects.filter(q).order_by("-starts_at")


def appeals_for_staff(actor: User, *, status: str | None = None) -> QuerySet[Appeal]:
    qs = Appeal.objects.select_related("sanction", "appellant").filter(
        sanction__in=policy.scoped(Sanction.objects.all(), actor, "region_code"))
    return qs.filter(status=status) if status else qs


def listings_for_staff(actor: User) -> QuerySet[AbnormalListing]:
    return policy.scoped(AbnormalListing.objects.all(), actor, "region_code")


def referrals_for_staff(actor: User) -> tuple[QuerySet[Referral], QuerySet[Referral]]:
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


def risk_queue(actor: User, *, status: str = RiskFlagStatus.OPEN) -> QuerySet[RiskFlag]:
    qs = policy.scoped(RiskFlag.objects.select_related("user"), actor, "region_code")
    return qs.filter(status=status).order_by("-score", "-id")


def throttle_in_force(user_id: int | None) -> Throttle | None:
    if user_id is None:
        return None
    return Throttle.objects.filter(user_id=user_id, until__gt=timezone.now(), lifted_at__isnull=True).first()


def reverification_queue(actor: User, *, within_days: int = 30) -> QuerySet[Any]:
    """Recruitment accounts (employers, agencies) whose verification expires within ``within_days`` or has
    expired, inside the actor's scope: station staff re-verify them."""
    from suzhaohuo.identity.models import Employer

    soon = timezone.now() + timedelta(days=within_days)
    qs = Employer.objects.filter(verified_at__isnull=False, verification_expires_at__lt=soon).select_related(
        "township")
    return policy.scoped(qs, actor, "township_id").order_by("verification_expires_at")


# --- audit trail and the annual personal-information self-check -----------------------------------

def audit_search(actor: User, *, actor_q: str = "", action: str = "", target_type: str = "", target_id: str = "",
                 since: Any = None, until: Any = None) -> QuerySet[Any]:
    """Who did what to which record, when: core AuditEvent inside the actor's region scope."""
    from suzhaohuo.core.models import AuditEvent

    qs = policy.scoped(AuditEvent.objects.select_related("actor"), actor, "region_code")
    if actor_q:
        q = Q(actor__username=actor_q)
        if actor_q.isdigit():
            q |= Q(actor_id=int(actor_q))
        qs = qs.filter(q)
    if action:
        qs = qs.filter(action__icontains=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    return qs.order_by("-created_at", "-id")


def pi_self_check(actor: User, *, year: int) -> dict[str, Any]:
    """The annual personal-information self-check (PIPL Art 54; 人社部令44号) from the access logs:
    reveals by field, purpose, role of the viewer and month; the heaviest viewers; reveals outside working
    hours; throttles applied. Scoped to the actor's region by the subject's registered township."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    from suzhaohuo.core.models import PiiAccessLog

    logs = policy.scoped(PiiAccessLog.objects.filter(created_at__year=year), actor,
                         "subject__identity__township__code")
    total = logs.count()
    def grouped(*fields: str) -> list[dict[str, Any]]:
        return [dict(r) for r in logs.values(*fields).annotate(n=Count("id")).order_by("-n")]

    by_field, by_role, by_purpose = grouped("field"), grouped("actor__role"), grouped("purpose")[:10]
    by_month = {row["m"]: row["n"] for row in logs.annotate(m=ExtractMonth("created_at")).values("m")
                .annotate(n=Count("id")).order_by("m")}
    top = grouped("actor_id", "actor__role")[:10]
    hours = [timezone.localtime(t).hour for t in logs.values_list("created_at", flat=True)[:100000]]
    off = sum(1 for h in hours if h >= 22 or h < 6)
    throttles = Throttle.objects.filter(created_at__year=year).count()
    self_views = logs.filter(actor_id=F("subject_id")).count()
    from suzhaohuo.core.models import pii_field_label, pii_purpose_label
    from suzhaohuo.kernel.roles import Role

    roles = dict(Role.choices)
    for row in by_field:
        row["label"] = pii_field_label(row["field"])
    for row in [*by_role, *top]:
        row["role_label"] = str(roles.get(row["actor__role"], row["actor__role"] or "-"))
    for row in by_purpose:
        row["label"] = pii_purpose_label(row["purpose"])
    return {"year": year, "total": total, "by_field": by_field, "by_role": by_role, "by_purpose": by_purpose,
            "by_month": [(m, by_month.get(m, 0)) for m in range(1, 13)], "top_viewers": top,
            "off_hours": off, "throttles": throttles, "self_views": self_views,
            "generated_at": timezone.now()}


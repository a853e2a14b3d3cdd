"""Reads about accounts, including the region scope every staff-facing selector applies."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from suzhaohuo.accounts.models import Consent, User
from suzhaohuo.kernel import policy


def users_for_staff(*, actor: User) -> QuerySet[User]:
    """Accounts a staff member may see in the back office: staff scoped to their region, and
    workers/employers whose identity or employer record lies in it."""
    qs = User.objects.select_related("scope_region").order_by("-date_joined")
    if policy.scope_prefix(actor) is None:
        return qs
    return policy.scoped(qs, actor, "scope_region__pk", "identity__township__pk", "employer__township__pk").distinct()


def consent_active(*, user: User, kind: str, context_key: str | None = None, context_value: Any = None) -> bool:
    qs = Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True)
    if context_key is not None:
        qs = qs.filter(**{f"context__{context_key}": context_value})
    return qs.exists()


def me_summary(user: User) -> dict[str, Any]:
    """What the signed-in person sees about themselves: masked identifiers and verification status."""
    from suzhaohuo.accounts.menu import collect_me_summary

    return {
        "id": user.pk,
        "display_name": user.display_name,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "mobile": user.masked_mobile,
        "scope_region": user.scope_region_id,
        **collect_me_summary(user),  # e.g. identity: verification status, identity, employer
    }


def consents_of(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).order_by("-granted_at")


def consent_groups(user: User) -> list[dict[str, Any]]:
    """The person's consents, one entry per kind (the 「我的授权」 list): withdrawing takes back every active
    consent of a kind at once, so the page shows them together — label, how many times given (and how many
    are still in force), the latest date and notice version."""
    groups: dict[str, dict[str, Any]] = {}
    for c in consents_of(user):  # newest first
        g = groups.setdefault(c.kind, {"kind": c.kind, "label": c.get_kind_display(), "count": 0, "active": 0,
                                       "latest": c.granted_at, "version": c.version, "withdrawn_at": None})
        g["count"] += 1
        if c.withdrawn_at is None:
            g["active"] += 1
        elif g["withdrawn_at"] is None or c.withdrawn_at > g["withdrawn_at"]:
            g["withdrawn_at"] = c.withdrawn_at
    return list(groups.values())


def reveals_of(user: User) -> QuerySet[Any]:
    """Who saw the person's unmasked ID number or mobile, when and why (PIPL transparency)."""
    from suzhaohuo.core.models import PiiAccessLog

    return PiiAccessLog.objects.filter(subject=user).select_related("actor").order_by("-created_at")[:100]


def otp_status(*, mobile: str, purpose: str = "login") -> dict[str, Any]:
    """For the code page: seconds until a new code may be requested (the resend interval after the latest
    one), and whether the latest code's SMS failed to reach the phone (the gateway reported it)."""
    from django.conf import settings
    from django.utils import timezone

    from suzhaohuo.accounts.models import OtpChallenge
    from suzhaohuo.core.crypto import keyed_hash
    from suzhaohuo.core.sms import sms_delivery_problem
    from suzhaohuo.core.validators import normalize_mobile

    normalized = normalize_mobile(mobile)
    if normalized is None:
        return {"wait_seconds": 0, "delivery_problem": False, "resend_limit": settings.OTP_RATE_PER_MOBILE[0]}
    last = (OtpChallenge.objects.filter(mobile_hash=keyed_hash(normalized), purpose=purpose, consumed_at__isnull=True)
            .values_list("created_at", flat=True).first())
    wait = 0
    if last is not None:
        elapsed = (timezone.now() - last).total_seconds()
        wait = max(0, int(settings.OTP_RESEND_INTERVAL_SECONDS - elapsed + 0.999))
    return {"wait_seconds": wait, "resend_limit": settings.OTP_RATE_PER_MOBILE[0],
            "delivery_problem": sms_delivery_problem(mobile=normalized, purpose=f"otp_{purpose}")}

"""identity's entries in the 「我的」 menu (see accounts/menu.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import Role
from suzhaohuo.kernel import policy


def links(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.role == Role.WORKER:
        return [(_("实名认证"), reverse("identity:realname"))]
    if user.role == Role.EMPLOYER:
        return [(_("用工主体登记与认证"), reverse("identity:employer_register"))]
    if policy.role_allows(user, policy.Action.IDENTITY_VERIFY):
        return [(_("实名核验工作台"), reverse("identity:console"))]
    return []


# --- the person's own pages (hooks collected by accounts.menu) --------------------------------------

def after_login_url(user: Any) -> str | None:
    """New workers and employers go straight to real-name registration."""
    from suzhaohuo.identity.selectors import employer_of, person_identity_of

    if user.role == Role.WORKER and person_identity_of(user) is None:
        return reverse("identity:realname")
    if user.role == Role.EMPLOYER and employer_of(user) is None:
        return reverse("identity:employer_register")
    return None


def me_context(user: Any) -> dict[str, Any]:
    """The 「我的」 page's verification block."""
    from suzhaohuo.identity.selectors import employer_of, person_identity_of, user_verification_status

    identity, employer = person_identity_of(user), employer_of(user)
    township = (identity.township if identity else None) or (employer.township if employer else None)
    return {
        "identity": identity,
        "employer": employer,
        "station_township": township.name if township else "",
        "verification_status": user_verification_status(user),
    }


def me_summary(user: Any) -> dict[str, Any]:
    """Verification status, identity and employer in the person's own summary (/api/v1/me), masked."""
    from suzhaohuo.identity.selectors import employer_of, person_identity_of, user_verification_status

    identity = person_identity_of(user)
    employer = employer_of(user)
    return {
        "verification_status": str(user_verification_status(user)),
        "identity": None if identity is None else {
            "real_name": identity.real_name,
            "id_number": identity.masked_id_number,
            "township_code": identity.township_id,
            "township_name": identity.township.name if identity.township else None,
            "status": identity.verification_status,
            "rejection_reason": identity.rejection_reason,
            "verification_expires_at": (identity.verification_expires_at.isoformat()
                                        if identity.verification_expires_at else None),
        },
        "employer": None if employer is None else {
            "id": employer.pk, "kind": employer.kind, "name": employer.name, "uscc": employer.uscc,
            "township_code": employer.township_id, "status": employer.verification_status,
            "is_agency": employer.is_agency,
        },
    }

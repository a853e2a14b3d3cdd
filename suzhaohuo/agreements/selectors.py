"""Agreement reads: for the parties, for staff within their region scope, and public verification.

    agreement_for_engagement(engagement) -> Agreement | None
    agreement_ids_by_engagement(engagement_ids) -> {engagement id: agreement id}   (one query for a list)
    agreement_get_for_user(pk, user) -> Agreement              (party or staff in scope; else NotFound)
    agreements_for_user(user) -> QuerySet[Agreement]           ("我的协议")
    agreements_for_staff(actor) -> QuerySet[Agreement]
    agreement_verify_number(number, code) / agreement_verify_pdf(data) -> VerifyResult   (see verification.py)
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.agreements.choices import SignerRole
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent
from suzhaohuo.core.errors import NotFound
from suzhaohuo.kernel.policy import in_scope, scoped


def _base() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("engagement__job", "employer", "worker", "terms").defer("pdf")


def agreement_for_engagement(engagement: Any) -> Agreement | None:
    return _base().filter(engagement=engagement).first()


def agreement_ids_by_engagement(engagement_ids: list[int]) -> dict[int, int]:
    return dict(Agreement.objects.filter(engagement_id__in=engagement_ids).values_list("engagement_id", "id"))


def party_role(agreement: Agreement, user: Any) -> str | None:
    """SignerRole of ``user`` in ``agreement``, or None when they are not a party."""
    if not getattr(user, "is_authenticated", False):
        return None
    if agreement.worker_id == user.pk:
        return SignerRole.WORKER
    if agreement.employer.owner_id == user.pk:
        return SignerRole.EMPLOYER
    return None


def _is_staff_in_scope(agreement: Agreement, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff_role", False):
        return False
    return in_scope(user, agreement.region_code)


def agreement_get_for_user(pk: int, user: Any) -> Agreement:
    agreement = _base().filter(pk=pk).first()
    if agreement is None or (party_role(agreement, user) is None and not _is_staff_in_scope(agreement, user)):
        raise NotFound(_("没有找到这份协议，请从“我的协议”中打开。"))
    return agreement


def agreements_for_user(user: Any) -> QuerySet[Agreement]:
    if not getattr(user, "is_authenticated", False):
        return Agreement.objects.none()
    return _base().filter(Q(worker=user) | Q(employer__owner=user)).order_by("-created_at", "-id")


def agreements_for_staff(actor: User) -> QuerySet[Agreement]:
    return scoped(_base(), actor, "region_code")


def signatures_of(agreement: Agreement) -> list[SignatureEvent]:
    return list(SignatureEvent.objects.filter(agreement=agreement).order_by("signed_at", "id"))


def signed_roles(agreement: Agreement) -> set[str]:
    return set(SignatureEvent.objects.filter(agreement=agreement).values_list("role", flat=True))


def chain_entry_of(agreement: Agreement) -> ChainEntry | None:
    return ChainEntry.objects.filter(agreement=agreement).order_by("seq").first()


def agreement_pdf_bytes(agreement: Agreement) -> bytes | None:
    """The sealed PDF exactly as issued (None before both parties have signed)."""
    raw = Agreement.objects.filter(pk=agreement.pk).values_list("pdf", flat=True).first()
    return bytes(raw) if raw else None


def agreement_verify_number(number: str, code: str = "") -> Any:
    from suzhaohuo.agreements.verification import verify_number

    return verify_number(number, code)


def agreement_verify_pdf(data: bytes) -> Any:
    from suzhaohuo.agreements.verification import verify_pdf

    return verify_pdf(data)

"""Reads about real-name status, scoped for staff. Other apps call ``require_verified`` before
letting anyone post or apply."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.core.models import AuditEvent
from suzhaohuo.identity.choices import VerificationStatus
from suzhaohuo.identity.errors import IdentityErrorCode
from suzhaohuo.identity.models import Employer, PersonIdentity
from suzhaohuo.kernel.policy import scoped

DUPLICATE_ACTION = "identity.duplicate_id_number"
# Statuses station staff work on: new submissions and verifications that ran out.
QUEUE_STATUSES = (VerificationStatus.PENDING, VerificationStatus.EXPIRED)


def person_identity_of(user: Any) -> PersonIdentity | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PersonIdentity.objects.filter(user=user).select_related("township").first()


def employer_of(user: Any) -> Employer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Employer.objects.filter(owner=user).select_related("township").first()


def user_verification_status(user: Any) -> str:
    """The status that governs what ``user`` may do: the Employer's for employers, else the person's."""
    if not getattr(user, "is_authenticated", False):
        return VerificationStatus.UNVERIFIED
    subject: PersonIdentity | Employer | None
    subject = employer_of(user) if user.role == Role.EMPLOYER else person_identity_of(user)
    if subject is None:
        return VerificationStatus.UNVERIFIED
    if subject.verification_status == VerificationStatus.VERIFIED and not subject.is_verified:
        return VerificationStatus.EXPIRED  # past its date, before the periodic task has run
    return subject.verification_status


def user_is_verified(user: Any) -> bool:
    """Verified and not expired. Employers are verified through their Employer record."""
    return user_verification_status(user) == VerificationStatus.VERIFIED


def verified_user_ids(users: Iterable[Any]) -> set[int]:
    """``user_is_verified`` for many users: the ids of those verified and not expired (one query per 500)."""
    now = timezone.now()
    current = Q(verification_status=VerificationStatus.VERIFIED) & (
        Q(verification_expires_at__isnull=True) | Q(verification_expires_at__gt=now))
    employers: list[int] = []
    persons: list[int] = []
    for user in users:
        if getattr(user, "is_authenticated", False):
            (employers if user.role == Role.EMPLOYER else persons).append(user.pk)
    out: set[int] = set()
    for ids, model, key in ((employers, Employer, "owner_id"), (persons, PersonIdentity, "user_id")):
        for start in range(0, len(ids), 500):
            out.update(model.objects.filter(current, **{f"{key}__in": ids[start:start + 500]})
                       .values_list(key, flat=True))
    return out


_NOT_VERIFIED_MESSAGES = {
    VerificationStatus.UNVERIFIED: gettext_lazy("请先完成实名认证：在“我的 → 实名认证”填写姓名和身份证号，再带身份证到所在乡镇零工服务站核验。"),
    VerificationStatus.PENDING: gettext_lazy("您的实名信息待核验，请带身份证到所在乡镇零工服务站核验后再操作。"),
    VerificationStatus.REJECTED: gettext_lazy("实名认证未通过，请在“我的 → 实名认证”按提示修改后重新提交。"),
    VerificationStatus.EXPIRED: gettext_lazy("实名认证已过期（每6个月需重新认证），请在“我的 → 实名认证”重新提交并到零工服务站核验。"),
}


def require_verified(user: Any, field: str | None = None) -> None:
    """Raise AppError("not_verified", 403) unless ``user`` is verified and not expired.

    Call before posting a job or applying for one. Unverified accounts may only browse.
    """
    status = user_verification_status(user)
    if status == VerificationStatus.VERIFIED:
        return
    if not getattr(user, "is_authenticated", False):
        raise AppError(IdentityErrorCode.NOT_VERIFIED, _("请先登录并完成实名认证。"), field, status=403)
    message = _NOT_VERIFIED_MESSAGES.get(VerificationStatus(status), _NOT_VERIFIED_MESSAGES[VerificationStatus.UNVERIFIED])
    raise AppError(IdentityErrorCode.NOT_VERIFIED, str(message), field, status=403,
                   extra={"verification_status": str(status)})


# --- Staff console (region-scoped) -------------------------------------------------------------

def persons_for_staff(*, actor: User, status: str | None = None, statuses: tuple[str, ...] | None = None,
                      query: str = "") -> QuerySet[PersonIdentity]:
    qs = PersonIdentity.objects.select_related("user", "township").filter(id_number_hash__isnull=False)
    qs = scoped(qs, actor, "township_id").order_by("-created_at")
    if status:
        qs = qs.filter(verification_status=status)
    if statuses:
        qs = qs.filter(verification_status__in=statuses)
    if query.strip():
        qs = qs.filter(real_name__icontains=query.strip())
    return qs


def person_for_staff(*, actor: User, pk: int) -> PersonIdentity:
    """One identity inside the actor's scope; anything else is 'not found' (no existence leak)."""
    identity = persons_for_staff(actor=actor).filter(pk=pk).first()
    if identity is None:
        raise NotFound(_("没有找到这个人，或不在您的管辖范围内。"))
    return identity


def employers_for_staff(*, actor: User, status: str | None = None, statuses: tuple[str, ...] | None = None,
                        query: str = "") -> QuerySet[Employer]:
    qs = Employer.objects.select_related("owner", "township").order_by("-created_at")
    qs = scoped(qs, actor, "township_id")
    if status:
        qs = qs.filter(verification_status=status)
    if statuses:
        qs = qs.filter(verification_status__in=statuses)
    if query.strip():
        q = query.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(handler_name__icontains=q) | Q(uscc=q.upper()))
    return qs


def employer_for_staff(*, actor: User, pk: int) -> Employer:
    employer = employers_for_staff(actor=actor).filter(pk=pk).first()
    if employer is None:
        raise NotFound(_("没有找到这个用工主体，或不在您的管辖范围内。"))
    return employer


def duplicate_attempts_for_staff(*, actor: User) -> QuerySet[AuditEvent]:
    """Attempts to bind an already-used resident ID to a second account, in the actor's scope."""
    qs = AuditEvent.objects.filter(action=DUPLICATE_ACTION).select_related("actor")
    return scoped(qs, actor, "region_code").order_by("-created_at", "-id")


def queue_counts_for_staff(*, actor: User) -> dict[str, int]:
    return {
        "persons": persons_for_staff(actor=actor, statuses=QUEUE_STATUSES).count(),
        "employers": employers_for_staff(actor=actor, statuses=QUEUE_STATUSES).count(),
        "duplicates": duplicate_attempts_for_staff(actor=actor).count(),
    }


def verification_events_of(subject: PersonIdentity | Employer) -> QuerySet[Any]:
    from suzhaohuo.identity.models import VerificationEvent

    kind = "person" if isinstance(subject, PersonIdentity) else "employer"
    return VerificationEvent.objects.filter(subject_type=kind, subject_id=subject.pk).select_related("actor")

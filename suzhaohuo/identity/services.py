"""Real-name verification writes (双实名): submit, verify in person or remotely, reject, expire."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.models import User
from suzhaohuo.accounts.selectors import user_scope_prefix
from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.services import audit_record
from suzhaohuo.core.validators import (
    id_number_birth_date,
    id_number_gender,
    id_number_is_valid,
    normalize_id_number,
    uscc_is_valid,
)
from suzhaohuo.identity.choices import EmployerKind, VerificationMethod, VerificationStatus
from suzhaohuo.identity.errors import IdentityErrorCode
from suzhaohuo.identity.models import Employer, PersonIdentity, VerificationEvent
from suzhaohuo.identity.providers import HttpIdentityProvider
from suzhaohuo.regions.selectors import region_in_scope, township_get


def _validate_id_number(id_number: str, field: str = "id_number") -> str:
    v = normalize_id_number(id_number or "")
    if not v:
        raise AppError(IdentityErrorCode.INVALID_ID_NUMBER, _("请输入18位身份证号码。"), field)
    if not id_number_is_valid(v):
        raise AppError(IdentityErrorCode.INVALID_ID_NUMBER,
                       _("身份证号码校验不通过，请对照身份证逐位核对（最后一位可能是 X）。"), field)
    return v


def _event(subject: PersonIdentity | Employer, status: str, actor: Any, method: str = "", reason: str = "") -> None:
    VerificationEvent.objects.create(
        subject_type="person" if isinstance(subject, PersonIdentity) else "employer", subject_id=subject.pk,
        status=status, method=method, actor=actor if getattr(actor, "pk", None) else None, reason=reason[:300])


def _region_of(subject: PersonIdentity | Employer) -> str:
    return subject.township_id or ""


@transaction.atomic
def person_identity_submit(*, user: User, real_name: str, id_number: str, township_code: str | None = None,
                           actor: Any = None) -> PersonIdentity:
    """Record name + resident ID for ``user`` and set it pending verification."""
    real_name = (real_name or "").strip()
    if not real_name or len(real_name) > 64:
        raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入身份证上的姓名。"), "real_name")
    v = _validate_id_number(id_number)
    township = township_get(township_code, field="township_code") if township_code else None
    h = keyed_hash(v)
    clash = PersonIdentity.objects.filter(id_number_hash=h).exclude(user=user).first()
    if clash is not None:
        audit_record(actor=actor or user, action="identity.duplicate_id_number", target=clash,
                     region_code=(township.code if township else _region_of(clash)),
                     reason=_("同一身份证号尝试绑定第二个账号"), data={"attempted_by_user": user.pk})
        raise AppError(IdentityErrorCode.DUPLICATE_ID_NUMBER,
                       _("这个身份证号已绑定其他账号。一个身份证只能注册一个账号，请到就近零工服务站核实。"), "id_number")
    existing = PersonIdentity.objects.filter(user=user).first()
    fields = {"real_name": real_name, "id_number": v, "id_number_hash": h, "gender": id_number_gender(v),
              "birth_date": id_number_birth_date(v), "verification_status": VerificationStatus.PENDING,
              "rejection_reason": ""}
    if township is not None:
        fields["township"] = township
    try:
        with transaction.atomic():
            if existing is None:
                identity = PersonIdentity.objects.create(user=user, **fields)
            else:
                for k, val in fields.items():
                    setattr(existing, k, val)
                existing.save()
                identity = existing
    except IntegrityError as exc:
        raise AppError(IdentityErrorCode.DUPLICATE_ID_NUMBER,
                       _("这个身份证号已绑定其他账号。一个身份证只能注册一个账号，请到就近零工服务站核实。"), "id_number") from exc
    if not user.display_name:
        User.objects.filter(pk=user.pk).update(display_name=real_name)
        user.display_name = real_name
    _event(identity, VerificationStatus.PENDING, actor or user)
    audit_record(actor=actor or user, action="identity.person_submit", target=identity, region_code=_region_of(identity))
    return identity


def _check_scope(actor: User, region_code: str) -> None:
    if not actor.is_staff_role:
        raise AppError(IdentityErrorCode.OUT_OF_SCOPE, _("只有工作人员可以核验身份。"), status=403)
    if not region_in_scope(region_code, user_scope_prefix(actor)):
        raise AppError(IdentityErrorCode.OUT_OF_SCOPE, _("此人不在您的管辖范围内，请由其所在乡镇的站点核验。"), status=403)


def _mark(subject: PersonIdentity | Employer, *, approve: bool, actor: Any, method: str, reason: str) -> None:
    now = timezone.now()
    if approve:
        subject.verification_status = VerificationStatus.VERIFIED
        subject.verified_at = now
        subject.verification_expires_at = now + timedelta(days=settings.IDENTITY_VERIFICATION_VALID_DAYS)
        subject.rejection_reason = ""
    else:
        if not reason.strip():
            raise AppError(IdentityErrorCode.BAD_STATE, _("请填写未通过的原因，方便对方改正。"), "reason")
        subject.verification_status = VerificationStatus.REJECTED
        subject.rejection_reason = reason.strip()[:300]
    subject.verification_method = method
    subject.verified_by = actor if getattr(actor, "pk", None) else None
    subject.save()
    _event(subject, subject.verification_status, actor, method, reason)


@transaction.atomic
def person_verify_in_person(*, actor: User, identity: PersonIdentity, approve: bool = True, reason: str = "") -> PersonIdentity:
    """Station staff saw the ID card and confirm (or reject) the identity. Region-scoped, audit-logged."""
    identity = PersonIdentity.objects.select_for_update().get(pk=identity.pk)
    _check_scope(actor, _region_of(identity))
    if identity.verification_status not in (VerificationStatus.PENDING, VerificationStatus.EXPIRED,
                                            VerificationStatus.REJECTED, VerificationStatus.VERIFIED):
        raise AppError(IdentityErrorCode.BAD_STATE, _("请先让本人填写姓名和身份证号。"))
    _mark(identity, approve=approve, actor=actor, method=VerificationMethod.IN_PERSON, reason=reason)
    audit_record(actor=actor, action="identity.person_verify_in_person" if approve else "identity.person_reject",
                 target=identity, region_code=_region_of(identity), reason=reason)
    return identity


@transaction.atomic
def person_verify_remote(*, identity: PersonIdentity, provider: HttpIdentityProvider | None = None) -> PersonIdentity:
    """Ask the configured remote service. A provider outage leaves the identity pending."""
    provider = provider or HttpIdentityProvider()
    if not provider.configured:
        raise AppError(IdentityErrorCode.PROVIDER_FAILED, _("在线核验暂未开通，请到就近零工服务站现场核验。"))
    result = provider.check_person(name=identity.real_name, id_number=identity.id_number)
    if result.error:
        audit_record(actor=None, action="identity.remote_error", target=identity, reason=result.reason)
        raise AppError(IdentityErrorCode.PROVIDER_FAILED, _("在线核验服务暂时无法使用，请稍后再试或到零工服务站现场核验。"))
    _mark(identity, approve=result.match, actor=None, method=VerificationMethod.REMOTE,
          reason=result.reason or (_("姓名与身份证号不一致，请核对后重新提交。") if not result.match else ""))
    audit_record(actor=None, action="identity.person_verify_remote", target=identity, region_code=_region_of(identity),
                 data={"match": result.match})
    return identity


@transaction.atomic
def employer_register(*, user: User, kind: str, name: str, township_code: str, address: str = "",
                      uscc: str = "", legal_representative: str = "", handler_name: str = "",
                      handler_id_number: str = "", is_agency: bool = False, hr_licence_number: str = "",
                      licence_image: UploadedFile | None = None, person_id_number: str = "",
                      actor: Any = None) -> Employer:
    """Register (or update) the employer owned by ``user`` and set it pending verification."""
    if kind not in EmployerKind.values:
        raise AppError(IdentityErrorCode.BAD_STATE, _("请选择用工主体类型：企业或个人。"), "kind")
    name = (name or "").strip()
    if not name:
        raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入用工主体名称。"), "name")
    township = township_get(township_code, field="township_code")
    fields: dict[str, Any] = {"kind": kind, "name": name[:128], "township": township, "address": address[:200],
                              "is_agency": is_agency, "verification_status": VerificationStatus.PENDING,
                              "rejection_reason": ""}
    if kind == EmployerKind.ENTERPRISE:
        code = (uscc or "").strip().upper()
        if not uscc_is_valid(code):
            raise AppError(IdentityErrorCode.INVALID_USCC,
                           _("统一社会信用代码校验不通过，请对照营业执照逐位核对18位代码。"), "uscc")
        if Employer.objects.filter(uscc=code).exclude(owner=user).exists():
            raise AppError(IdentityErrorCode.DUPLICATE_USCC, _("这个统一社会信用代码已被其他账号注册，请联系零工服务站核实。"), "uscc")
        if not (legal_representative or "").strip():
            raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入法定代表人姓名。"), "legal_representative")
        if not (handler_name or "").strip():
            raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入经办人姓名。"), "handler_name")
        if is_agency and not (hr_licence_number or "").strip():
            raise AppError(IdentityErrorCode.LICENCE_REQUIRED, _("人力资源服务机构请填写人力资源服务许可证编号。"),
                           "hr_licence_number")
        fields.update(uscc=code, legal_representative=legal_representative.strip(), handler_name=handler_name.strip(),
                      handler_id_number=_validate_id_number(handler_id_number, "handler_id_number"),
                      hr_licence_number=(hr_licence_number or "").strip())
    else:
        person_identity_submit(user=user, real_name=handler_name or name, id_number=person_id_number,
                               township_code=township_code, actor=actor)
        fields.update(uscc="", handler_name=(handler_name or name).strip())
    employer, _created = Employer.objects.update_or_create(owner=user, defaults=fields)
    if licence_image is not None:
        employer.licence_image = licence_image
        employer.save(update_fields=["licence_image"])
    if user.role != Role.EMPLOYER:
        User.objects.filter(pk=user.pk).update(role=Role.EMPLOYER)
        user.role = Role.EMPLOYER
    _event(employer, VerificationStatus.PENDING, actor or user)
    audit_record(actor=actor or user, action="identity.employer_register", target=employer, region_code=township.code)
    return employer


@transaction.atomic
def employer_verify(*, actor: User, employer: Employer, approve: bool = True, reason: str = "",
                    method: str = VerificationMethod.IN_PERSON) -> Employer:
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    _check_scope(actor, _region_of(employer))
    _mark(employer, approve=approve, actor=actor, method=method, reason=reason)
    if employer.kind == EmployerKind.INDIVIDUAL:
        person = PersonIdentity.objects.filter(user_id=employer.owner_id).first()
        if person is not None:
            _mark(person, approve=approve, actor=actor, method=method, reason=reason)
    audit_record(actor=actor, action="identity.employer_verify" if approve else "identity.employer_reject",
                 target=employer, region_code=_region_of(employer), reason=reason)
    return employer


def verifications_expire() -> int:
    """Mark verifications past their validity as expired (re-verification every 6 months)."""
    now = timezone.now()
    count = 0
    for model in (PersonIdentity, Employer):
        stale = list(model.objects.filter(verification_status=VerificationStatus.VERIFIED,
                                          verification_expires_at__lt=now))
        for subject in stale:
            with transaction.atomic():
                model.objects.filter(pk=subject.pk).update(verification_status=VerificationStatus.EXPIRED)
                _event(subject, VerificationStatus.EXPIRED, None, reason=_("认证已满6个月，需重新认证"))
            count += 1
    return count

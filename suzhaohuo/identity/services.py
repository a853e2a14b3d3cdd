"""Real-name verification writes (双实名): submit, verify in person or remotely, reject, expire.

Validation happens before any write, and every write runs in one transaction, so nothing is
half-saved. The one exception is the report of a duplicate resident ID: it is written on its
own (outside the refused transaction), so that station staff see the attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.models import User
from suzhaohuo.core.bulk import insert_rows
from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.services import audit_record
from suzhaohuo.core.validators import (
    id_number_birth_date,
    id_number_gender,
    id_number_problem,
    normalize_id_number,
    normalize_uscc,
    uscc_problem,
)
from suzhaohuo.identity.choices import EmployerKind, VerificationMethod, VerificationStatus
from suzhaohuo.identity.errors import IdentityErrorCode
from suzhaohuo.identity.models import Employer, PersonIdentity, VerificationEvent
from suzhaohuo.identity.providers import HttpIdentityProvider
from suzhaohuo.identity.selectors import DUPLICATE_ACTION
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action, in_scope
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.selectors import township_get, townships_by_code

LICENCE_IMAGE_MAX_BYTES = 5 * 1024 * 1024


def _duplicate_error(field: str = "id_number") -> AppError:
    # Says what to do without confirming that the number is registered to someone.
    return AppError(IdentityErrorCode.DUPLICATE_ID_NUMBER,
                    _("这个身份证号暂时无法在线登记，请带身份证到就近零工服务站办理。"), field, status=409)


def identity_submit_throttle(*, user: User, ip: str | None) -> None:
    """Limit real-name submissions per account and per address (probing ID numbers costs accounts and time)."""
    from suzhaohuo.core import ratelimit
    from suzhaohuo.core.errors import RateLimited

    limit, window = settings.IDENTITY_SUBMIT_RATE
    if not ratelimit.hit(f"identity-submit:u:{user.pk}", limit, window):
        raise RateLimited(_("提交实名信息太频繁，请1小时后再试，或带身份证到就近零工服务站办理。"), "id_number")
    limit, window = settings.IDENTITY_SUBMIT_RATE_PER_IP
    if ip and not ratelimit.hit(f"identity-submit:ip:{ip}", limit, window):
        raise RateLimited(_("提交实名信息太频繁，请1小时后再试，或带身份证到就近零工服务站办理。"), "id_number")


def _validate_id_number(id_number: str, field: str = "id_number") -> str:
    v = normalize_id_number(id_number or "")
    if not v:
        raise AppError(IdentityErrorCode.INVALID_ID_NUMBER, _("请输入18位身份证号码。"), field)
    problem = id_number_problem(v)
    if problem:
        raise AppError(IdentityErrorCode.INVALID_ID_NUMBER, str(_ID_PROBLEMS.get(problem, _ID_PROBLEMS["checksum"])),
                       field)
    return v


_ID_PROBLEMS = {
    "length": _lazy("身份证号码位数不对，请对照身份证逐位核对18位号码。"),
    "format": _lazy("身份证号码前17位应为数字，最后一位是数字或 X，请核对。"),
    "checksum": _lazy("身份证号码校验不通过，请对照身份证逐位核对18位号码（最后一位可能是 X）。"),
    "birth_date": _lazy("身份证号码中的出生日期（第7-14位）不是有效日期，请核对。"),
    "future_birth": _lazy("身份证号码中的出生日期（第7-14位）晚于今天，请核对。"),
    "division": _lazy("身份证号码前6位不是有效的行政区划代码，请核对。"),
}
def _require_not_listed(target: Any, field: str | None, action: Action = Action.IDENTITY_REGISTER, *,
                        decision: policy.Decision | None = None) -> None:
    """A resident ID or USCC in the 异常名录 (regulation's standing check) cannot register or be verified.
    ``decision``: the answer already asked for a whole batch (``_standings``)."""
    if decision is None:
        decision = policy.standing(None, action, target=target)
    if not decision.allowed:
        raise AppError(decision.code, decision.message, field, status=403)


def _standings(action: Action, targets: list[Any]) -> list[policy.Decision]:
    """The standing checks' answers for a batch of targets (one 异常名录 query per batch, not per target)."""
    return policy.standing_many(None, action, targets) if targets else []


def _validate_real_name(real_name: str, field: str = "real_name") -> str:
    name = (real_name or "").strip()
    if not name or len(name) > 64:
        raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入身份证上的姓名。"), field)
    return name


def _event(subject: PersonIdentity | Employer, status: str, actor: User | None, method: str = "", reason: str = "") -> None:
    VerificationEvent.objects.create(
        subject_type="person" if isinstance(subject, PersonIdentity) else "employer", subject_id=subject.pk,
        status=status, method=method, actor=actor if getattr(actor, "pk", None) else None, reason=reason[:300])


def _region_of(subject: PersonIdentity | Employer) -> str:
    return subject.township_id or ""


@dataclass(frozen=True)
class PersonSubmission:
    """One person's real-name details, as typed by them (or by station staff on their behalf)."""

    user: User
    real_name: str
    id_number: str
    township_code: str | None = None


def _report_duplicate(*, user: User, clash: PersonIdentity, township: Region | None, actor: User | None,
                      conceal: bool = False, record: bool = True) -> None:
    """Report a resident ID already bound to another account to staff of the scope.

    Staff registering someone are told at once (``AppError``). A person submitting for themselves is not
    (``conceal``): the answer must not confirm that the number is registered to somebody, so the submission
    is kept pending without the ID index and only a station can settle it in person.
    """
    if record or not conceal:  # a refusal is always reported; a concealed clash once, when written
        audit_record(actor=actor or user, action=DUPLICATE_ACTION, target=clash,
                     region_code=(township.code if township else "") or _region_of(clash),
                     reason=_("同一身份证号尝试绑定第二个账号"),
                     data={"attempted_by_user": user.pk, "existing_user": clash.user_id,
                           "existing_region": _region_of(clash)})
    if not conceal:
        raise _duplicate_error()


def _self_service(sub: PersonSubmission, actor: User | None) -> bool:
    return actor is None or actor.pk == sub.user.pk


def _validate_submissions(subs: list[PersonSubmission], actor: User | None, *,
                          report: bool = True) -> list[tuple[str, str, str | None, Region | None]]:
    """Check every row before writing anything: (name, id_number, hash, township) per row.

    The hash is ``None`` for a self-service submission of an ID bound to another account (see
    ``_report_duplicate``; ``report=False`` for a pre-check that the submission itself repeats)."""
    towns = townships_by_code(sub.township_code for sub in subs)  # one query; an unknown code: township_get below
    out = []
    # Names and numbers first (a row's error kept to be raised in row order), then the 异常名录 for the valid
    # rows in one batch, then row by row as before: the first problem of the first bad row is the answer.
    parsed: list[tuple[str, str] | AppError] = []
    for sub in subs:
        try:
            parsed.append((_validate_real_name(sub.real_name), _validate_id_number(sub.id_number)))
        except AppError as exc:
            parsed.append(exc)
    valid = [p for p in parsed if not isinstance(p, AppError)]
    listed = iter(_standings(Action.IDENTITY_REGISTER, [{"id_number": v} for _n, v in valid]))
    for sub, row in zip(subs, parsed, strict=True):
        if isinstance(row, AppError):
            raise row
        name, v = row
        _require_not_listed({"id_number": v}, "id_number", decision=next(listed))
        township = None
        if sub.township_code:
            township = towns.get(sub.township_code) or township_get(sub.township_code, field="township_code")
            towns[township.code] = township
        out.append((name, v, keyed_hash(v), township))
    hashes = [row[2] for row in out]
    if len(set(hashes)) != len(hashes):
        raise _duplicate_error()
    owner_of: dict[str | None, int] = {}  # id_number_hash is nullable
    for start in range(0, len(hashes), 500):
        owner_of.update(PersonIdentity.objects.filter(id_number_hash__in=hashes[start:start + 500])
                        .values_list("id_number_hash", "user_id"))
    checked: list[tuple[str, str, str | None, Region | None]] = []
    for sub, (name, v, h, township) in zip(subs, out, strict=True):
        if h in owner_of and owner_of[h] != sub.user.pk:
            conceal = len(subs) == 1 and _self_service(sub, actor)
            _report_duplicate(user=sub.user, clash=PersonIdentity.objects.get(id_number_hash=h), township=township,
                              actor=actor, conceal=conceal, record=report)
            checked.append((name, v, None, township))
        else:
            checked.append((name, v, h, township))
    return checked


def person_identities_submit(*, submissions: list[PersonSubmission], actor: User | None = None,
                             update_worker_profile: bool = False) -> list[PersonIdentity]:
    """Record name + resident ID for each user and set them pending verification: all or none.

    With ``update_worker_profile`` each worker's home township is set too (by workers, on the
    ``identity.person_submitted`` event after commit).
    A resident ID bound to another account is refused (409) and reported to staff.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    rows = _validate_submissions(submissions, actor)
    users = [sub.user for sub in submissions]
    try:
        with transaction.atomic():
            existing = {p.user_id: p for p in
                        PersonIdentity.objects.select_for_update().filter(user__in=[u.pk for u in users])}
            new, changed, result = [], [], []
            for user, (name, v, h, township) in zip(users, rows, strict=True):
                fields: dict[str, Any] = {
                    "real_name": name, "id_number": v, "id_number_hash": h, "gender": id_number_gender(v),
                    "birth_date": id_number_birth_date(v), "verification_status": VerificationStatus.PENDING,
                    "rejection_reason": "", "verified_at": None, "verification_expires_at": None,
                    "verified_by": None, "verification_method": ""}
                if township is not None:
                    fields["township"] = township
                identity = existing.get(user.pk)
                if identity is None:
                    identity = PersonIdentity(user=user, **fields)
                    new.append(identity)
                else:
                    for k, val in fields.items():
                        setattr(identity, k, val)
                    changed.append(identity)
                result.append(identity)
            if new:
                bulk_create_with_history(new, PersonIdentity, batch_size=500)
            if changed:
                bulk_update_with_history(changed, PersonIdentity, batch_size=500,
                                         fields=[*_PERSON_FIELDS, "township", "updated_at"])
            unnamed = [u for u, (name, *_r) in zip(users, rows, strict=True) if not u.display_name]
            for u, (name, *_r) in zip(users, rows, strict=True):
                if not u.display_name:
                    u.display_name = name
            User.objects.bulk_update(unnamed, ["display_name"], batch_size=500)
            _events_many(result, VerificationStatus.PENDING, actor, users=users)
            _audit_many(result, "identity.person_submit", actor, users=users)
            # workers sets each worker's home township from it (workers.handlers), after commit
            events.emit(EventName.PERSON_IDENTITY_SUBMITTED, user_ids=[u.pk for u in users],
                        township_codes=[row[3].code if row[3] is not None else None for row in rows],
                        actor_id=getattr(actor, "pk", None), update_worker_profile=update_worker_profile)
    except IntegrityError as exc:  # a concurrent submission of the same ID won the race
        raise _duplicate_error() from exc
    return result


_PERSON_FIELDS = ["real_name", "id_number", "id_number_hash", "gender", "birth_date", "verification_status",
                  "rejection_reason", "verified_at", "verification_expires_at", "verified_by", "verification_method"]
_DECISION_FIELDS = ["verification_status", "verified_at", "verification_expires_at", "rejection_reason",
                    "verification_method", "verified_by", "updated_at"]


def _events_many(subjects: list[Any], status: str, actor: User | None, *, method: str = "", reason: str = "",
                 users: list[User] | None = None) -> None:
    """One ``VerificationEvent`` per subject, through the raw bulk path (``core.bulk.insert_rows``)."""
    insert_rows(VerificationEvent, ("subject_type", "subject_id", "status", "method", "reason", "actor_id"), [
        ("person" if isinstance(s, PersonIdentity) else "employer", s.pk, status, method, reason[:300],
         _actor_id(actor, users[i] if users else None)) for i, s in enumerate(subjects)])


def _actor_id(actor: User | None, user: User | None) -> int | None:
    """The acting staff member, else the person themselves (self-service)."""
    if actor is not None and actor.pk:
        return int(actor.pk)
    return int(user.pk) if user is not None else None


def _audit_many(subjects: list[Any], action: str, actor: User | None, *, reason: str = "",
                data: dict[str, Any] | list[dict[str, Any]] | None = None, users: list[User] | None = None) -> None:
    """One audit event per subject (``data``: one dict for all, or one per subject), through the raw bulk path."""
    from suzhaohuo.core.models import AuditEvent

    datas = data if isinstance(data, list) else [data or {}] * len(subjects)
    insert_rows(AuditEvent, ("actor_id", "action", "target_type", "target_id", "region_code", "reason", "data"), [
        (_actor_id(actor, users[i] if users else None), action, s._meta.label_lower, str(s.pk), _region_of(s),
         reason[:500], datas[i]) for i, s in enumerate(subjects)])


def person_identity_submit(*, user: User, real_name: str, id_number: str, township_code: str | None = None,
                           actor: User | None = None, update_worker_profile: bool = False) -> PersonIdentity:
    """One person's submission (see ``person_identities_submit``)."""
    return person_identities_submit(
        submissions=[PersonSubmission(user=user, real_name=real_name, id_number=id_number,
                                      township_code=township_code)],
        actor=actor, update_worker_profile=update_worker_profile)[0]


def _check_scope(actor: User, region_code: str) -> None:
    if not policy.role_allows(actor, policy.Action.IDENTITY_VERIFY):
        raise AppError(IdentityErrorCode.OUT_OF_SCOPE, _("只有零工服务站点工作人员可以核验身份。"), status=403)
    if not in_scope(actor, region_code):
        raise AppError(IdentityErrorCode.OUT_OF_SCOPE, _("此人不在您的管辖范围内，请由其所在乡镇的站点核验。"), status=403)


def _decide(subject: PersonIdentity | Employer, *, approve: bool, actor: User | None, method: str, reason: str,
            standing: policy.Decision | None = None) -> None:
    """Set the decision fields (not saved). ``standing``: the 异常名录 answer asked for the batch."""
    now = timezone.now()
    if approve:
        _require_not_listed(subject, None, Action.IDENTITY_VERIFY, decision=standing)
        subject.verification_status = VerificationStatus.VERIFIED
        subject.verified_at = now
        subject.verification_expires_at = now + timedelta(days=settings.IDENTITY_VERIFICATION_VALID_DAYS)
        subject.rejection_reason = ""
    else:
        if not reason.strip():
            raise AppError(IdentityErrorCode.REASON_REQUIRED, _("请填写未通过的原因，方便对方改正。"), "reason")
        subject.verification_status = VerificationStatus.REJECTED
        subject.rejection_reason = reason.strip()[:300]
        subject.verification_expires_at = None
    subject.verification_method = method
    subject.verified_by = actor if getattr(actor, "pk", None) else None
    subject.updated_at = now


def _mark(subject: PersonIdentity | Employer, *, approve: bool, actor: User | None, method: str, reason: str) -> None:
    _decide(subject, approve=approve, actor=actor, method=method, reason=reason)
    subject.save()
    _event(subject, subject.verification_status, actor, method, reason)


_DECIDABLE = (VerificationStatus.PENDING, VerificationStatus.EXPIRED, VerificationStatus.REJECTED,
              VerificationStatus.VERIFIED)


def _uniform_decision(subjects: list[Any]) -> dict[str, Any]:
    """The decision columns of the first subject, copied onto all (one decision for a group)."""
    values = {f: getattr(subjects[0], f) for f in _DECISION_FIELDS}
    for subject in subjects:
        for f, v in values.items():
            setattr(subject, f, v)
    verifier = values.pop("verified_by")
    values["verified_by_id"] = verifier.pk if verifier else None
    return values


def persons_verify_in_person(*, actor: User, identities: list[PersonIdentity], approve: bool = True,
                             reason: str = "", id_card_seen: bool = True) -> list[PersonIdentity]:
    """Station staff saw each ID card and confirm (or reject) the identities: all or none.
    Region-scoped (403 outside the actor's scope), audit-logged."""
    if approve and not id_card_seen:
        raise AppError(IdentityErrorCode.ID_CARD_NOT_SEEN, _("请核对本人身份证原件后勾选确认。"), "id_card_seen")
    with transaction.atomic():
        locked = {p.pk: p for p in PersonIdentity.objects.select_for_update().filter(pk__in=[i.pk for i in identities])}
        standings = _standings(Action.IDENTITY_VERIFY, [locked[i.pk] for i in identities]) if approve else []
        out = []
        for n, ident in enumerate(identities):
            identity = locked[ident.pk]
            _check_scope(actor, _region_of(identity))
            if identity.verification_status not in _DECIDABLE or not identity.id_number:
                raise AppError(IdentityErrorCode.BAD_STATE, _("请先让本人填写姓名和身份证号。"))
            if approve and not identity.id_number_hash:
                raise AppError(IdentityErrorCode.DUPLICATE_ID_NUMBER,
                               _("此身份证号已绑定另一个账号，不能通过。请核实本人后，注销冒用的账号或填写原因不予通过。"),
                               status=409)
            _decide(identity, approve=approve, actor=actor, method=VerificationMethod.IN_PERSON, reason=reason,
                    standing=standings[n] if approve else None)
            out.append(identity)
        # One decision for the whole group: one UPDATE, then one history row per identity.
        PersonIdentity.objects.filter(pk__in=[i.pk for i in out]).update(**_uniform_decision(out))
        PersonIdentity.history.bulk_history_create(out, update=True,
                                                   default_user=actor if getattr(actor, "pk", None) else None)
        status = VerificationStatus.VERIFIED if approve else VerificationStatus.REJECTED
        _events_many(out, status, actor, method=VerificationMethod.IN_PERSON, reason=reason)
        _audit_many(out, "identity.person_verify_in_person" if approve else "identity.person_reject", actor,
                    reason=reason, data={"id_card_seen": id_card_seen})
    return out


def person_verify_in_person(*, actor: User, identity: PersonIdentity, approve: bool = True, reason: str = "",
                            id_card_seen: bool = True) -> PersonIdentity:
    """One in-person decision (see ``persons_verify_in_person``)."""
    return persons_verify_in_person(actor=actor, identities=[identity], approve=approve, reason=reason,
                                    id_card_seen=id_card_seen)[0]


def person_verify_remote(*, identity: PersonIdentity, provider: HttpIdentityProvider | None = None) -> PersonIdentity:
    """Ask the configured remote service. A provider outage leaves the identity pending.

    The HTTP call runs outside any transaction; only the decision is written atomically.
    """
    provider = provider or HttpIdentityProvider()
    if not provider.configured:
        raise AppError(IdentityErrorCode.PROVIDER_FAILED, _("在线核验暂未开通，请带身份证到就近零工服务站现场核验。"),
                       status=503)
    if identity.verification_status != VerificationStatus.PENDING:
        raise AppError(IdentityErrorCode.BAD_STATE, _("请先提交姓名和身份证号，再申请在线核验。"))
    if not identity.id_number_hash:  # the ID is bound to another account: only a station can settle it
        raise AppError(IdentityErrorCode.PROVIDER_FAILED,
                       _("在线核验未能完成，您的资料仍在待核验状态。请带身份证到就近零工服务站现场核验。"), status=503)
    result = provider.check_person(name=identity.real_name, id_number=identity.id_number)
    if result.error:
        audit_record(actor=None, action="identity.remote_error", target=identity, region_code=_region_of(identity),
                     reason=result.reason)
        raise AppError(IdentityErrorCode.PROVIDER_FAILED,
                       _("在线核验服务暂时无法使用，您的资料仍在待核验状态。请稍后再试，或带身份证到零工服务站现场核验。"),
                       status=503)
    with transaction.atomic():
        identity = PersonIdentity.objects.select_for_update().get(pk=identity.pk)
        _mark(identity, approve=result.match, actor=None, method=VerificationMethod.REMOTE,
              reason=result.reason or ("" if result.match else _("姓名与身份证号不一致，请核对后重新提交。")))
        audit_record(actor=None, action="identity.person_verify_remote", target=identity,
                     region_code=_region_of(identity), data={"match": result.match})
    return identity


def licence_image_validate(image: UploadedFile[bytes]) -> None:
    """The business-licence upload must be a real image (JPEG/PNG/WebP) of at most 5 MB."""
    from PIL import Image, UnidentifiedImageError

    if image.size is not None and image.size > LICENCE_IMAGE_MAX_BYTES:
        raise AppError(IdentityErrorCode.BAD_IMAGE, _("营业执照照片不能超过5MB，请压缩或重新拍摄后上传。"), "licence_image")
    try:
        image.seek(0)
        with Image.open(image) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise AppError(IdentityErrorCode.BAD_IMAGE, _("请上传营业执照的照片（JPG 或 PNG 格式）。"), "licence_image") from exc
    finally:
        image.seek(0)
    if fmt not in ("JPEG", "PNG", "WEBP"):
        raise AppError(IdentityErrorCode.BAD_IMAGE, _("请上传营业执照的照片（JPG 或 PNG 格式）。"), "licence_image")


@dataclass(frozen=True)
class EmployerRegistration:
    """One employer's registration details, as typed by its owner (or by station staff on their behalf)."""

    user: User
    kind: str
    name: str
    township_code: str
    address: str = ""
    uscc: str = ""
    legal_representative: str = ""
    handler_name: str = ""
    handler_id_number: str = ""
    is_agency: bool = False
    hr_licence_number: str = ""
    licence_image: UploadedFile[bytes] | None = None
    person_id_number: str = ""


def _duplicate_uscc() -> AppError:
    return AppError(IdentityErrorCode.DUPLICATE_USCC,
                    _("这个统一社会信用代码已被其他账号注册，请带营业执照到零工服务站核实。"), "uscc", status=409)


def _uscc_or_none(uscc: str) -> str | None:
    """The normalised USCC if it is well formed (for the batch 异常名录 query), else None."""
    code = normalize_uscc((uscc or "").strip().upper())
    return code if code and not uscc_problem(code) else None


def _employer_fields(reg: EmployerRegistration, *, township: Region, uscc_standing: policy.Decision | None,
                     uscc_owner: int | None, person_row: tuple[str, str, str | None, Region | None] | None,
                     ) -> dict[str, Any]:
    """Validate one registration (batch look-ups given) and return the Employer's fields; raises as typed."""
    kind, user = reg.kind, reg.user
    name = (reg.name or "").strip()
    fields: dict[str, Any] = {"kind": kind, "name": name[:128], "township": township,
                              "address": (reg.address or "")[:200], "verification_status": VerificationStatus.PENDING,
                              "rejection_reason": "", "verified_at": None, "verification_expires_at": None}
    if kind == EmployerKind.ENTERPRISE:
        code = (reg.uscc or "").strip().upper()
        if not code:
            raise AppError(IdentityErrorCode.INVALID_USCC, _("请输入营业执照上的18位统一社会信用代码。"), "uscc")
        code = normalize_uscc(code)
        problem = uscc_problem(code)
        if problem == "division":
            raise AppError(IdentityErrorCode.INVALID_USCC,
                           _("统一社会信用代码第3-8位不是有效的行政区划代码，请对照营业执照核对。"), "uscc")
        if problem:
            raise AppError(IdentityErrorCode.INVALID_USCC,
                           _("统一社会信用代码校验不通过，请对照营业执照逐位核对18位代码。"), "uscc")
        _require_not_listed({"uscc": code}, "uscc", decision=uscc_standing)
        if uscc_owner is not None and uscc_owner != user.pk:
            raise _duplicate_uscc()
        if not (reg.legal_representative or "").strip():
            raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入法定代表人姓名。"), "legal_representative")
        if not (reg.handler_name or "").strip():
            raise AppError(IdentityErrorCode.NAME_REQUIRED, _("请输入经办人姓名。"), "handler_name")
        handler_id = _validate_id_number(reg.handler_id_number, "handler_id_number")
        if reg.is_agency and not (reg.hr_licence_number or "").strip():
            raise AppError(IdentityErrorCode.LICENCE_REQUIRED, _("人力资源服务机构请填写人力资源服务许可证编号。"),
                           "hr_licence_number")
        fields.update(uscc=code, legal_representative=reg.legal_representative.strip()[:64],
                      handler_name=reg.handler_name.strip()[:64], handler_id_number=handler_id,
                      is_agency=reg.is_agency,
                      hr_licence_number=(reg.hr_licence_number or "").strip()[:64] if reg.is_agency else "")
    else:
        assert person_row is not None
        fields.update(uscc="", legal_representative="", handler_name=name[:64], handler_id_number="",
                      is_agency=False, hr_licence_number="")
    if reg.licence_image is not None:
        licence_image_validate(reg.licence_image)
    return fields


def employers_register(*, registrations: list[EmployerRegistration], actor: User | None = None) -> list[Employer]:
    """Register (or update) the employer owned by each registration's user and set it pending verification:
    all or none, in one transaction (station bulk registration, demo data; ``employer_register`` is one).

    Enterprise: name, USCC (GB 32100), legal representative, licence image, handler name + ID, HR service
    licence number if it is an agency. Individual/household: name + resident ID (their person identity is
    submitted too). Every row is checked before anything is written, in row order, with the same answers as
    singly; the 异常名录, the USCCs already registered and the resident IDs are each asked once per batch.
    A USCC given twice in one batch is refused like one registered by another account.
    """
    towns = townships_by_code(reg.township_code for reg in registrations)
    for reg in registrations:  # kind, name and township first, as the single form asks them
        if reg.kind not in EmployerKind.values:
            raise AppError(IdentityErrorCode.KIND_REQUIRED, _("请选择用工主体类型：企业或个人。"), "kind")
        if not (reg.name or "").strip():
            raise AppError(IdentityErrorCode.NAME_REQUIRED,
                           _("请输入企业名称。") if reg.kind == EmployerKind.ENTERPRISE else _("请输入您的姓名。"), "name")
        if reg.township_code not in towns:
            towns[reg.township_code] = township_get(reg.township_code, field="township_code")
    enterprise = [reg.kind == EmployerKind.ENTERPRISE for reg in registrations]
    codes = [_uscc_or_none(reg.uscc) if ent else None for reg, ent in zip(registrations, enterprise, strict=True)]
    given = [c for c in codes if c]
    standing = dict(zip(given, _standings(Action.IDENTITY_REGISTER, [{"uscc": c} for c in given]), strict=True))
    owners: dict[str, int] = {}
    for start in range(0, len(given), 500):
        owners.update(Employer.objects.filter(uscc__in=given[start:start + 500]).values_list("uscc", "owner_id"))
    persons = [PersonSubmission(user=reg.user, real_name=reg.name.strip(), id_number=reg.person_id_number,
                                township_code=towns[reg.township_code].code)
               for reg, ent in zip(registrations, enterprise, strict=True) if not ent]
    person_rows = iter(_validate_submissions(persons, actor, report=False) if persons else [])
    all_fields = []
    for reg, ent, code in zip(registrations, enterprise, codes, strict=True):
        owner = owners.get(code) if code else None
        all_fields.append(_employer_fields(reg, township=towns[reg.township_code],
                                           uscc_standing=standing.get(code) if code else None, uscc_owner=owner,
                                           person_row=None if ent else next(person_rows)))
        if code:
            owners.setdefault(code, reg.user.pk)  # a second row with this USCC is a duplicate
    return _employers_write(registrations, all_fields, persons, actor)


def _employers_write(registrations: list[EmployerRegistration], all_fields: list[dict[str, Any]],
                     persons: list[PersonSubmission], actor: User | None) -> list[Employer]:
    from simple_history.utils import bulk_create_with_history

    users = [reg.user for reg in registrations]
    with transaction.atomic():
        if persons:
            person_identities_submit(submissions=persons, actor=actor)
        try:
            with transaction.atomic():
                existing = {e.owner_id: e for e in Employer.objects.select_for_update()
                            .filter(owner__in=[u.pk for u in users])}
                result, new = [], []
                for user, fields in zip(users, all_fields, strict=True):
                    if user.pk in existing:  # re-registration: update as ``update_or_create`` does
                        employer, _created = Employer.objects.update_or_create(owner=user, defaults=fields)
                    else:
                        employer = Employer(owner=user, **fields)
                        new.append(employer)
                    result.append(employer)
                if new:
                    bulk_create_with_history(new, Employer, batch_size=500)
        except IntegrityError as exc:
            raise _duplicate_uscc() from exc
        for reg, employer in zip(registrations, result, strict=True):
            if reg.licence_image is not None:
                employer.licence_image = reg.licence_image
                employer.save(update_fields=["licence_image"])
        to_employer = [u for u in users if u.role != Role.EMPLOYER]
        if to_employer:
            User.objects.filter(pk__in=[u.pk for u in to_employer]).update(role=Role.EMPLOYER)
            for u in to_employer:
                u.role = Role.EMPLOYER
        _events_many(result, VerificationStatus.PENDING, actor, users=users)
        _audit_many(result, "identity.employer_register", actor, users=users,
                    data=[{"kind": f["kind"], "is_agency": bool(f.get("is_agency"))} for f in all_fields])
    return result


def employer_register(*, user: User, kind: str, name: str, township_code: str, address: str = "",
                      uscc: str = "", legal_representative: str = "", handler_name: str = "",
                      handler_id_number: str = "", is_agency: bool = False, hr_licence_number: str = "",
                      licence_image: UploadedFile[bytes] | None = None, person_id_number: str = "",
                      actor: User | None = None) -> Employer:
    """Register (or update) the employer owned by ``user`` and set it pending verification (one of
    ``employers_register``)."""
    return employers_register(registrations=[EmployerRegistration(
        user=user, kind=kind, name=name, township_code=township_code, address=address, uscc=uscc,
        legal_representative=legal_representative, handler_name=handler_name, handler_id_number=handler_id_number,
        is_agency=is_agency, hr_licence_number=hr_licence_number, licence_image=licence_image,
        person_id_number=person_id_number)], actor=actor)[0]


def employers_verify(*, actor: User, employers: list[Employer], approve: bool = True, reason: str = "",
                     method: str = VerificationMethod.IN_PERSON, documents_seen: bool = True) -> list[Employer]:
    """Staff confirm (or reject) employers after seeing the licence / ID: all or none.
    Region-scoped (403 outside the actor's scope), audit-logged. An individual employer's own
    identity gets the same decision."""
    if approve and not documents_seen:
        raise AppError(IdentityErrorCode.ID_CARD_NOT_SEEN, _("请核对营业执照和经办人身份证原件后勾选确认。"),
                       "id_card_seen")
    with transaction.atomic():
        locked = {e.pk: e for e in Employer.objects.select_for_update().filter(pk__in=[e.pk for e in employers])}
        standings = _standings(Action.IDENTITY_VERIFY, [locked[e.pk] for e in employers]) if approve else []
        out = []
        for n, emp in enumerate(employers):
            employer = locked[emp.pk]
            _check_scope(actor, _region_of(employer))
            if employer.verification_status not in _DECIDABLE:
                raise AppError(IdentityErrorCode.BAD_STATE, _("请先让用工主体填写登记资料。"))
            _decide(employer, approve=approve, actor=actor, method=method, reason=reason,
                    standing=standings[n] if approve else None)
            out.append(employer)
        values = _uniform_decision(out)
        Employer.objects.filter(pk__in=[e.pk for e in out]).update(**values)
        Employer.history.bulk_history_create(out, update=True,
                                             default_user=actor if getattr(actor, "pk", None) else None)
        owners = [e.owner_id for e in out if e.kind == EmployerKind.INDIVIDUAL]
        persons = list(PersonIdentity.objects.select_for_update().filter(user_id__in=owners,
                                                                          id_number_hash__isnull=False))
        person_standings = _standings(Action.IDENTITY_VERIFY, persons) if approve else []
        for n, person in enumerate(persons):
            _decide(person, approve=approve, actor=actor, method=method, reason=reason,
                    standing=person_standings[n] if approve else None)
        if persons:
            PersonIdentity.objects.filter(pk__in=[p.pk for p in persons]).update(**_uniform_decision(persons))
            PersonIdentity.history.bulk_history_create(persons, update=True,
                                                       default_user=actor if getattr(actor, "pk", None) else None)
        status = VerificationStatus.VERIFIED if approve else VerificationStatus.REJECTED
        _events_many([*out, *persons], status, actor, method=method, reason=reason)
        _audit_many(out, "identity.employer_verify" if approve else "identity.employer_reject", actor, reason=reason)
    return out


def employer_verify(*, actor: User, employer: Employer, approve: bool = True, reason: str = "",
                    method: str = VerificationMethod.IN_PERSON, documents_seen: bool = True) -> Employer:
    """One employer decision (see ``employers_verify``)."""
    return employers_verify(actor=actor, employers=[employer], approve=approve, reason=reason, method=method,
                            documents_seen=documents_seen)[0]


def verifications_expire(*, now: Any = None) -> int:
    """Mark verifications past their validity as expired (re-verification every 6 months). Idempotent."""
    now = now or timezone.now()
    count = 0
    for model in (PersonIdentity, Employer):
        stale_ids = list(model.objects.filter(verification_status=VerificationStatus.VERIFIED,
                                              verification_expires_at__lt=now).values_list("pk", flat=True))
        for pk in stale_ids:
            with transaction.atomic():
                subject = model.objects.select_for_update().get(pk=pk)
                if subject.verification_status != VerificationStatus.VERIFIED:
                    continue
                subject.verification_status = VerificationStatus.EXPIRED
                subject.save(update_fields=["verification_status", "updated_at"])
                _event(subject, VerificationStatus.EXPIRED, None, reason=_("认证已到期，需重新认证"))
                audit_record(actor=None, action="identity.verification_expire", target=subject,
                             region_code=_region_of(subject))
            count += 1
    return count

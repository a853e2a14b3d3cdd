"""Account writes: SMS-code login, staff accounts, consents, logged reveals of personal data."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import STAFF_ROLES, ConsentKind, OtpPurpose, Role
from suzhaohuo.accounts.errors import AccountErrorCode
from suzhaohuo.accounts.models import Consent, OtpChallenge, User
from suzhaohuo.core import ratelimit
from suzhaohuo.core.bulk import insert_rows
from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError, RateLimited
from suzhaohuo.core.models import PiiAccessLog
from suzhaohuo.core.services import audit_record
from suzhaohuo.core.sms import sms_send
from suzhaohuo.core.validators import normalize_mobile
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action


def mobile_normalize_or_error(mobile: str, *, field: str = "mobile") -> str:
    normalized = normalize_mobile(mobile)
    if normalized is None:
        raise AppError(AccountErrorCode.INVALID_MOBILE, _("请输入11位手机号码，例如 13812345678。"), field)
    return normalized


def _code_hash(mobile_hash: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{mobile_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def otp_request(*, mobile: str, purpose: str = OtpPurpose.LOGIN, ip: str | None = None) -> OtpChallenge:
    """Send a 6-digit one-time code by SMS. Rate-limited per mobile and purpose, and per IP.

    The per-mobile limit counts each purpose apart: a worker who needed several tries to log in can still get the
    code that signs an agreement (walk, 2026-12-01)."""
    normalized = mobile_normalize_or_error(mobile)
    mhash = keyed_hash(normalized)
    per_mobile, window = settings.OTP_RATE_PER_MOBILE
    per_ip, ip_window = settings.OTP_RATE_PER_IP
    # the resend wait protects a code still on its way; once that code has been used, a new one may be sent at once
    last = OtpChallenge.objects.filter(mobile_hash=mhash, purpose=purpose, consumed_at__isnull=True).first()
    if last and (timezone.now() - last.created_at).total_seconds() < settings.OTP_RESEND_INTERVAL_SECONDS:
        raise AppError(AccountErrorCode.OTP_TOO_SOON, _("验证码已发送，请查看短信；如未收到，请1分钟后再试。"), "mobile",
                       status=429)
    if ip and not ratelimit.hit(f"otp:ip:{ip}", per_ip, ip_window):
        raise AppError(AccountErrorCode.OTP_RATE_LIMITED, _("获取验证码太频繁，请1小时后再试，或到就近零工服务站求助。"),
                       "mobile", status=429)
    if not ratelimit.hit(f"otp:m:{purpose}:{mhash}", per_mobile, window):
        raise AppError(AccountErrorCode.OTP_RATE_LIMITED, _("这个号码获取验证码太频繁，请1小时后再试，或到就近零工服务站求助。"),
                       "mobile", status=429)
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        challenge = OtpChallenge.objects.create(
            mobile_hash=mhash, purpose=purpose, code_hash=_code_hash(mhash, code),
            expires_at=timezone.now() + timedelta(seconds=settings.OTP_TTL_SECONDS),
        )
        minutes = settings.OTP_TTL_SECONDS // 60
        label = OtpPurpose(purpose).label
        sms_send(mobile=normalized, purpose=f"otp_{purpose}",
                 text=_("【速找活】您的%(label)s验证码是%(code)s，%(m)s分钟内有效。请勿告诉他人。")
                 % {"label": label, "code": code, "m": minutes})
    return challenge


def otp_verify(*, mobile: str, code: str, purpose: str = OtpPurpose.LOGIN, consume: bool = True) -> str:
    """Check a code; return the normalized mobile. Raises AppError with a clear reason.

    With ``consume=False`` a right code stays usable (wrong ones still count as attempts)."""
    normalized = mobile_normalize_or_error(mobile)
    mhash = keyed_hash(normalized)
    code = (code or "").strip()
    challenge = OtpChallenge.objects.filter(mobile_hash=mhash, purpose=purpose, consumed_at__isnull=True).first()
    if challenge is None:
        raise AppError(AccountErrorCode.OTP_EXPIRED, _("验证码已失效，请重新获取验证码。"), "code")
    if challenge.expires_at < timezone.now():
        raise AppError(AccountErrorCode.OTP_EXPIRED, _("验证码已过期，请重新获取验证码。"), "code")
    if challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
        raise AppError(AccountErrorCode.OTP_TOO_MANY_ATTEMPTS, _("输错次数太多，请重新获取验证码。"), "code")
    if not hmac.compare_digest(challenge.code_hash, _code_hash(mhash, code)):
        OtpChallenge.objects.filter(pk=challenge.pk).update(attempts=F("attempts") + 1)
        raise AppError(AccountErrorCode.OTP_WRONG, _("验证码不对，请核对短信中的6位数字后重新输入。"), "code")
    if not consume:
        return normalized
    updated = OtpChallenge.objects.filter(pk=challenge.pk, consumed_at__isnull=True).update(consumed_at=timezone.now())
    if not updated:
        raise AppError(AccountErrorCode.OTP_EXPIRED, _("验证码已使用，请重新获取验证码。"), "code")
    return normalized


def user_get_by_mobile(mobile: str) -> User | None:
    normalized = normalize_mobile(mobile)
    if normalized is None:
        return None
    return User.objects.filter(mobile_hash=keyed_hash(normalized)).first()


def user_create_with_mobile(*, mobile: str, role: str = Role.WORKER, display_name: str = "",
                            actor: User | None = None) -> User:
    """Create a worker or employer account for a mobile number (one of ``users_create_with_mobile``)."""
    return users_create_with_mobile(mobiles=[mobile], role=role, display_names=[display_name], actor=actor)[0]


def users_create_with_mobile(*, mobiles: list[str], role: str = Role.WORKER, display_names: list[str] | None = None,
                             actor: User | None = None) -> list[User]:
    """Create accounts for many mobiles at once (station bulk registration, demo data): all or none.

    Every mobile is validated first; one already registered refuses the whole batch.
    """
    from simple_history.utils import bulk_create_with_history

    from suzhaohuo.core.models import AuditEvent

    if role not in (Role.WORKER, Role.EMPLOYER):
        raise AppError(AccountErrorCode.BAD_ROLE, _("请选择“我要找活”或“我要招人”。"), "role")
    normalized = [mobile_normalize_or_error(m) for m in mobiles]
    hashes = [keyed_hash(n) for n in normalized]
    taken = len(set(hashes)) != len(hashes)
    for start in range(0, len(hashes), 500):
        taken = taken or User.objects.filter(mobile_hash__in=hashes[start:start + 500]).exists()
    if taken:
        raise AppError(AccountErrorCode.MOBILE_TAKEN, _("这个手机号已注册，请直接用验证码登录。"), "mobile")
    names = display_names or [""] * len(normalized)
    users = []
    for n, h, name in zip(normalized, hashes, names, strict=True):
        user = User(username=f"m{h[:24]}", mobile=n, mobile_hash=h, role=role, display_name=name)
        user.set_unusable_password()
        users.append(user)
    try:
        with transaction.atomic():
            created = bulk_create_with_history(users, User, batch_size=500)
            by = actor.pk if actor is not None and actor.pk else None
            insert_rows(AuditEvent, ("actor_id", "action", "target_type", "target_id", "data"),  # the raw bulk path
                        [(by or u.pk, "accounts.user_create", "accounts.user", str(u.pk), {"role": role})
                         for u in created])
    except IntegrityError as exc:  # a concurrent sign-up of the same mobile won the race
        raise AppError(AccountErrorCode.MOBILE_TAKEN, _("这个手机号已注册，请直接用验证码登录。"), "mobile") from exc
    return created


def user_login_with_otp(*, mobile: str, code: str, role: str = Role.WORKER,
                        accept_privacy: bool = False) -> tuple[User, bool]:
    """Verify the code and return (user, created). New mobiles get an account with ``role`` only when the
    person explicitly accepted the privacy notice (``accept_privacy``); the consent is recorded then.

    Whether a mobile is registered is only revealed to someone holding a valid code for it."""
    user = user_get_by_mobile(mobile)
    if user is None and not accept_privacy:
        otp_verify(mobile=mobile, code=code, purpose=OtpPurpose.LOGIN, consume=False)
        raise AppError(AccountErrorCode.PRIVACY_REQUIRED, _("请阅读并勾选同意《隐私政策》后继续。"), "accept_privacy")
    normalized = otp_verify(mobile=mobile, code=code, purpose=OtpPurpose.LOGIN)
    user = user_get_by_mobile(normalized)
    if user is not None:
        if user.deleted_at or not user.is_active:
            raise AppError(AccountErrorCode.ACCOUNT_DELETED, _("该账号已注销或停用，如有疑问请联系零工服务站。"), "mobile")
        if user.is_staff_role:
            raise AppError(AccountErrorCode.STAFF_USE_PASSWORD, _("工作人员请从“工作人员登录”用登录名和密码登录。"), "mobile")
        policy.require(user, Action.LOGIN, field="mobile")  # e.g. a 关闭账户 sanction
        return user, False
    if not accept_privacy:  # registered in between by a concurrent request
        raise AppError(AccountErrorCode.PRIVACY_REQUIRED, _("请阅读并勾选同意《隐私政策》后继续。"), "accept_privacy")
    with transaction.atomic():
        created = user_create_with_mobile(mobile=normalized, role=role)
        privacy_notice_accept(user=created)
    return created, True


@transaction.atomic
def staff_create(*, actor: User | None, username: str, password: str, role: str, scope_region_code: str | None,
                 display_name: str = "", organization: str = "", mobile: str = "", password_hash: str = "") -> User:
    """A staff account with a password login. ``password_hash``: ``make_password(password)`` already made for
    accounts that share one password (demo staff); the stored value is then the same real PBKDF2 hash."""
    from suzhaohuo.regions.selectors import region_get

    if role not in STAFF_ROLES:
        raise AppError(AccountErrorCode.BAD_ROLE, _("请选择一个工作人员角色。"), "role")
    scope = None
    if role != Role.ADMIN:
        if not scope_region_code:
            raise AppError(AccountErrorCode.SCOPE_REQUIRED, _("请为工作人员选择管辖范围（市、县区或乡镇）。"), "scope_region")
        scope = region_get(scope_region_code, field="scope_region")
    if User.objects.filter(username=username).exists():
        raise AppError(AccountErrorCode.USERNAME_TAKEN, _("登录名“%(u)s”已被使用，请换一个。") % {"u": username}, "username")
    extra: dict[str, Any] = {}
    if mobile:
        normalized = mobile_normalize_or_error(mobile)
        extra = {"mobile": normalized, "mobile_hash": keyed_hash(normalized)}
    user = User.objects.create_user(username=username, password=password, password_hash=password_hash, role=role,
                                    scope_region=scope,
                                    display_name=display_name, organization=organization,
                                    is_staff=True, is_superuser=(role == Role.ADMIN), **extra)
    audit_record(actor=actor, action="accounts.staff_create", target=user,
                 region_code=scope.code if scope else "", data={"role": role})
    return user


def consent_record(*, user: User, kind: str, version: str = "", context: dict[str, Any] | None = None) -> Consent:
    return Consent.objects.create(user=user, kind=kind, version=version or settings.PRIVACY_NOTICE_VERSION,
                                  context=context or {})


@transaction.atomic
def consent_withdraw(*, user: User, kind: str) -> int:
    """Withdraw every active consent of ``kind`` (PIPL Art 15). The privacy notice itself is
    withdrawn by deleting the account, since the platform cannot run without it."""
    if kind not in ConsentKind.values:
        raise AppError(AccountErrorCode.BAD_CONSENT, _("请选择要撤回的授权。"), "kind")
    if kind == ConsentKind.PRIVACY_NOTICE:
        raise AppError(AccountErrorCode.BAD_CONSENT,
                       _("隐私政策是使用平台的前提，如不再同意，请在本页下方申请注销账号。"), "kind")
    n = Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if n:
        audit_record(actor=user, action="accounts.consent_withdraw", target=user, data={"kind": kind, "count": n})
    return n


def privacy_notice_accept(*, user: User) -> Consent:
    return consent_record(user=user, kind=ConsentKind.PRIVACY_NOTICE)


def pii_reveal(*, actor: User, subject: User, field: str, value: str, purpose: str) -> str:
    """Return an unmasked value, logging who saw whose what and why. Rate-limited per actor."""
    limit, window = settings.CONTACT_REVEAL_RATE
    decision = policy.standing(actor, Action.PII_REVEAL, target=subject)  # scraping throttle, closed account
    if not decision.allowed:
        err = RateLimited(decision.message, field)
        err.code = decision.code or err.code
        raise err
    if not ratelimit.hit(f"reveal:{actor.pk}", limit, window):
        raise RateLimited(_("今天查看联系方式的次数已达上限，请明天再试。"), field)
    PiiAccessLog.objects.create(actor=actor, subject=subject, field=field, purpose=purpose[:200])
    events.emit(EventName.PII_REVEALED, actor_id=actor.pk, subject_id=getattr(subject, "pk", None), field=field)
    return value


# --- PIPL: copy of one's own data, and deletion ----------------------------------------------------

DELETED_NAME = "已注销用户"


def account_export(*, user: User) -> dict[str, Any]:
    """The person's own data as JSON-ready dict (PIPL Art 45). Their own full ID number is
    included; the reveal is logged. Other people's data never appears."""
    from suzhaohuo.accounts.privacy import collect_exports

    reveals = PiiAccessLog.objects.filter(subject=user).select_related("actor").order_by("-created_at")
    data: dict[str, Any] = {
        "format": "suzhaohuo.personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username, "display_name": user.display_name, "role": user.role,
            "mobile": pii_reveal(actor=user, subject=user, field="mobile", value=user.mobile,
                                 purpose=_("本人下载个人数据")) if user.mobile else "",
            "date_joined": user.date_joined.isoformat(),
            "scope_region": user.scope_region_id,
        },
        "consents": [
            {"kind": c.kind, "label": str(ConsentKind(c.kind).label) if c.kind in ConsentKind.values else c.kind,
             "version": c.version, "context": c.context, "granted_at": c.granted_at.isoformat(),
             "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
            for c in Consent.objects.filter(user=user)
        ],
        "reveals_of_my_data": [
            {"when": r.created_at.isoformat(), "field": r.field, "purpose": r.purpose,
             "by": ("本人" if r.actor_id == user.pk else
                    (r.actor.organization or r.actor.get_role_display()) if r.actor else "")}
            for r in reveals
        ],
    }
    data.update(collect_exports(user))
    audit_record(actor=user, action="accounts.data_export", target=user)
    return data


def _retained_elsewhere(user: User) -> list[dict[str, Any]]:
    """Records in other apps that point at the user and stay (jobs, engagements, agreements)."""
    handled = {"accounts", "identity", "core", "admin", "sessions", "workers"}
    out: list[dict[str, Any]] = []
    for rel in User._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label in handled or model.__name__.startswith("Historical"):
            continue
        field = rel.field
        if not getattr(field, "concrete", False):
            continue
        count = model._default_manager.filter(**{field.name: user}).count()
        if count:
            out.append({"what": str(model._meta.verbose_name), "model": model._meta.label_lower, "count": count,
                        "why": _("交易、协议等记录依法保留，现指向已注销（匿名化）的账号")})
    return out


@transaction.atomic
def account_delete(*, user: User, actor: User | None = None) -> Any:
    """Delete at the person's request (PIPL Art 47): anonymise the account and everything that
    identifies them; keep only what law requires, pointing at the anonymised account."""
    from suzhaohuo.accounts.models import DeletionRequest
    from suzhaohuo.accounts.privacy import erase_everywhere
    from suzhaohuo.core.models import SmsOutbox

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        raise AppError(AccountErrorCode.ACCOUNT_DELETED, _("该账号已注销。"))
    if user.is_staff_role:
        raise AppError(AccountErrorCode.BAD_ROLE, _("工作人员账号请由管理员在后台停用。"))
    request = DeletionRequest.objects.create(user=user)
    retained = erase_everywhere(user)
    retained.extend(_retained_elsewhere(user))
    if user.mobile:
        SmsOutbox.objects.filter(mobile=user.mobile).delete()
    if user.mobile_hash:
        OtpChallenge.objects.filter(mobile_hash=user.mobile_hash).delete()
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    now = timezone.now()
    user.mobile = ""
    user.mobile_hash = None
    user.display_name = DELETED_NAME
    user.username = f"deleted-{user.pk}"
    user.organization = ""
    user.is_active = False
    user.deleted_at = now
    user.set_unusable_password()
    user.save()
    user.history.all().update(mobile_hash=None, display_name=DELETED_NAME, username=f"deleted-{user.pk}")
    retained.append({"what": str(_("审计记录与个人信息查看记录")), "count": None,
                     "why": _("依法留存不少于3年，用于追溯")})
    request.retained = retained
    request.completed_at = now
    request.save()
    audit_record(actor=actor or user, action="accounts.account_delete", target=user,
                 data={"retained": [r.get("model") or r["what"] for r in retained]})
    return request

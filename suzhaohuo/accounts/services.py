"""Account writes: SMS-code login, staff accounts, consents, logged reveals of personal data."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import STAFF_ROLES, ConsentKind, OtpPurpose, Role
from suzhaohuo.accounts.errors import AccountErrorCode
from suzhaohuo.accounts.models import Consent, OtpChallenge, User
from suzhaohuo.core import ratelimit
from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError, RateLimited
from suzhaohuo.core.models import PiiAccessLog
from suzhaohuo.core.services import audit_record
from suzhaohuo.core.sms import sms_send
from suzhaohuo.core.validators import normalize_mobile


def mobile_normalize_or_error(mobile: str, *, field: str = "mobile") -> str:
    normalized = normalize_mobile(mobile)
    if normalized is None:
        raise AppError(AccountErrorCode.INVALID_MOBILE, _("请输入11位手机号码，例如 13812345678。"), field)
    return normalized


def _code_hash(mobile_hash: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{mobile_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def otp_request(*, mobile: str, purpose: str = OtpPurpose.LOGIN, ip: str | None = None) -> OtpChallenge:
    """Send a 6-digit one-time code by SMS. Rate-limited per mobile and per IP."""
    normalized = mobile_normalize_or_error(mobile)
    mhash = keyed_hash(normalized)
    per_mobile, window = settings.OTP_RATE_PER_MOBILE
    per_ip, ip_window = settings.OTP_RATE_PER_IP
    last = OtpChallenge.objects.filter(mobile_hash=mhash, purpose=purpose).first()
    if last and (timezone.now() - last.created_at).total_seconds() < settings.OTP_RESEND_INTERVAL_SECONDS:
        raise AppError(AccountErrorCode.OTP_TOO_SOON, _("验证码已发送，请查看短信；如未收到，请1分钟后再试。"), "mobile",
                       status=429)
    if not ratelimit.hit(f"otp:m:{mhash}", per_mobile, window):
        raise AppError(AccountErrorCode.OTP_RATE_LIMITED, _("这个号码获取验证码太频繁，请1小时后再试，或到就近零工服务站求助。"),
                       "mobile", status=429)
    if ip and not ratelimit.hit(f"otp:ip:{ip}", per_ip, ip_window):
        raise AppError(AccountErrorCode.OTP_RATE_LIMITED, _("获取验证码太频繁，请稍后再试。"), "mobile", status=429)
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


def otp_verify(*, mobile: str, code: str, purpose: str = OtpPurpose.LOGIN) -> str:
    """Check a code; return the normalized mobile. Raises AppError with a clear reason."""
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
        OtpChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
        raise AppError(AccountErrorCode.OTP_WRONG, _("验证码不对，请核对短信中的6位数字后重新输入。"), "code")
    updated = OtpChallenge.objects.filter(pk=challenge.pk, consumed_at__isnull=True).update(consumed_at=timezone.now())
    if not updated:
        raise AppError(AccountErrorCode.OTP_EXPIRED, _("验证码已使用，请重新获取验证码。"), "code")
    return normalized


def user_get_by_mobile(mobile: str) -> User | None:
    normalized = normalize_mobile(mobile)
    if normalized is None:
        return None
    return User.objects.filter(mobile_hash=keyed_hash(normalized)).first()


@transaction.atomic
def user_create_with_mobile(*, mobile: str, role: str = Role.WORKER, display_name: str = "",
                            actor: Any = None) -> User:
    normalized = mobile_normalize_or_error(mobile)
    mhash = keyed_hash(normalized)
    if role not in (Role.WORKER, Role.EMPLOYER):
        raise AppError(AccountErrorCode.BAD_ROLE, _("请选择“我要找活”或“我要招人”。"), "role")
    if User.objects.filter(mobile_hash=mhash).exists():
        raise AppError(AccountErrorCode.MOBILE_TAKEN, _("这个手机号已注册，请直接用验证码登录。"), "mobile")
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=f"m{mhash[:24]}", mobile=normalized, mobile_hash=mhash,
                                            role=role, display_name=display_name)
    except IntegrityError as exc:
        raise AppError(AccountErrorCode.MOBILE_TAKEN, _("这个手机号已注册，请直接用验证码登录。"), "mobile") from exc
    audit_record(actor=actor or user, action="accounts.user_create", target=user, data={"role": role})
    return user


def user_login_with_otp(*, mobile: str, code: str, role: str = Role.WORKER) -> tuple[User, bool]:
    """Verify the code and return (user, created). New mobiles get an account with ``role``."""
    normalized = otp_verify(mobile=mobile, code=code, purpose=OtpPurpose.LOGIN)
    user = user_get_by_mobile(normalized)
    if user is not None:
        if user.deleted_at or not user.is_active:
            raise AppError(AccountErrorCode.ACCOUNT_DELETED, _("该账号已注销或停用，如有疑问请联系零工服务站。"), "mobile")
        return user, False
    return user_create_with_mobile(mobile=normalized, role=role), True


@transaction.atomic
def staff_create(*, actor: Any, username: str, password: str, role: str, scope_region_code: str | None,
                 display_name: str = "", organization: str = "", mobile: str = "") -> User:
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
    user = User.objects.create_user(username=username, password=password, role=role, scope_region=scope,
                                    display_name=display_name, organization=organization,
                                    is_staff=True, is_superuser=(role == Role.ADMIN), **extra)
    audit_record(actor=actor, action="accounts.staff_create", target=user,
                 region_code=scope.code if scope else "", data={"role": role})
    return user


def consent_record(*, user: User, kind: str, version: str = "", context: dict[str, Any] | None = None) -> Consent:
    return Consent.objects.create(user=user, kind=kind, version=version or settings.PRIVACY_NOTICE_VERSION,
                                  context=context or {})


def consent_withdraw(*, user: User, kind: str) -> int:
    return Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def privacy_notice_accept(*, user: User) -> Consent:
    return consent_record(user=user, kind=ConsentKind.PRIVACY_NOTICE)


def pii_reveal(*, actor: User, subject: User, field: str, value: str, purpose: str) -> str:
    """Return an unmasked value, logging who saw whose what and why. Rate-limited per actor."""
    limit, window = settings.CONTACT_REVEAL_RATE
    if not ratelimit.hit(f"reveal:{actor.pk}", limit, window):
        raise RateLimited(_("今天查看联系方式的次数已达上限，请明天再试。"), field)
    PiiAccessLog.objects.create(actor=actor, subject=subject, field=field, purpose=purpose[:200])
    return value

"""Accounts: one user model for workers, employers and staff, with a role and a region scope."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from suzhaohuo.accounts.choices import STAFF_ROLES, ConsentKind, OtpPurpose, Role
from suzhaohuo.core.fields import EncryptedTextField
from suzhaohuo.core.masking import mask_mobile


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, *, password_hash: str = "",
                    **extra: Any) -> User:
        """``password_hash``: ``make_password(password)`` made once for accounts sharing a password (the demo
        staff), instead of hashing ``password`` again (PBKDF2 costs ~0.5 s of CPU by design)."""
        user = self.model(username=username, **extra)
        if password_hash:
            identify_hasher(password_hash)  # a hash one of the configured hashers made, never clear text
            user.password = password_hash
        elif password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(_("登录名"), max_length=64, unique=True)
    display_name = models.CharField(_("称呼"), max_length=64, blank=True)
    mobile = EncryptedTextField(_("手机号（加密）"), blank=True, default="")
    mobile_hash = models.CharField(_("手机号索引"), max_length=64, unique=True, null=True, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.WORKER, db_index=True)
    scope_region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("管辖范围"))
    organization = models.CharField(_("所属单位"), max_length=128, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    is_staff = models.BooleanField(_("可进入后台"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)
    deleted_at = models.DateTimeField(_("注销时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["mobile", "password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.masked_mobile or self.username

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES or self.is_superuser

    @property
    def region_scope_prefix(self) -> str | None:
        """Region-code prefix this user may see: None = everything (administrators);
        NO_SCOPE for non-staff or staff without a scope. The policy's own reading: kernel.policy.scope_prefix."""
        if self.is_superuser or self.role == Role.ADMIN:
            return None
        if self.role not in STAFF_ROLES or self.scope_region is None:  # an unset FK reads as None, no query
            return NO_SCOPE
        return self.scope_region.scope_prefix


NO_SCOPE = "∅"  # a prefix no region code starts with: staff without a scope see nothing


class OtpChallenge(models.Model):
    mobile_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=32, choices=OtpPurpose.choices)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    consumed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Consent(models.Model):
    """A consent given (and possibly withdrawn), with the notice version and its context."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("用户"))
    kind = models.CharField(_("类别"), max_length=32, choices=ConsentKind.choices)
    version = models.CharField(_("版本"), max_length=32)
    context = models.JSONField(_("情境"), default=dict, blank=True)
    granted_at = models.DateTimeField(_("同意时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人信息同意记录")
        verbose_name_plural = _("个人信息同意记录")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class DeletionRequest(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户"))
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    retained = models.JSONField(_("依法保留的内容"), default=list, blank=True)

    class Meta:
        verbose_name = _("注销申请")
        verbose_name_plural = _("注销申请")

    def __str__(self) -> str:
        return f"{self.user} {self.requested_at:%Y-%m-%d}"

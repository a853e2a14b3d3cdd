"""Back office for accounts: region-scoped, masked, with change history. Staff accounts are
created with ``manage.py create_staff`` (or by an administrator here)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.accounts.models import Consent, DeletionRequest, OtpChallenge, User
from suzhaohuo.accounts.selectors import users_for_staff
from suzhaohuo.core.admin import RoleScopedAdmin


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "role", "scope_region", "organization", "is_active")


@admin.register(User)
class UserAdmin(RoleScopedAdmin, SimpleHistoryAdmin):
    view_roles = frozenset({"admin", "station_staff", "regulator"})
    change_roles = frozenset({"admin"})
    form = UserChangeForm
    list_display = ("username", "display_name", "masked_mobile", "role", "scope_region", "is_active", "date_joined")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    list_select_related = ("scope_region",)
    raw_id_fields = ("scope_region",)
    readonly_fields = ("username", "masked_mobile", "date_joined", "last_login", "deleted_at")
    fieldsets = (
        (None, {"fields": ("username", "masked_mobile", "display_name", "role", "scope_region", "organization")}),
        (_("状态"), {"fields": ("is_active", "date_joined", "last_login", "deleted_at")}),
    )

    @admin.display(description=_("手机号"))
    def masked_mobile(self, obj: User) -> str:
        return obj.masked_mobile

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # manage.py create_staff, or SMS sign-up for workers and employers

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs.filter(pk__in=users_for_staff(actor=authenticated_user(request)).values("pk"))


class _UserScoped(RoleScopedAdmin):
    read_only = True
    view_roles = frozenset({"admin", "regulator"})

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs.filter(user__in=users_for_staff(actor=authenticated_user(request)).values("pk"))


@admin.register(Consent)
class ConsentAdmin(_UserScoped):
    list_display = ("user", "kind", "version", "granted_at", "withdrawn_at")
    list_filter = ("kind", "version")
    list_select_related = ("user",)
    readonly_fields = ("user", "kind", "version", "context", "granted_at", "withdrawn_at")


@admin.register(DeletionRequest)
class DeletionRequestAdmin(_UserScoped):
    list_display = ("user", "requested_at", "completed_at")
    list_select_related = ("user",)
    readonly_fields = ("user", "requested_at", "completed_at", "retained")


@admin.register(OtpChallenge)
class OtpChallengeAdmin(RoleScopedAdmin):
    """Codes are stored only as hashes; this shows when codes were requested and used."""

    read_only = True
    list_display = ("created_at", "purpose", "attempts", "expires_at", "consumed_at")
    list_filter = ("purpose",)
    readonly_fields = ("created_at", "purpose", "attempts", "expires_at", "consumed_at")
    fields = readonly_fields

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs

"""Back office building blocks and the admin for platform-wide records.

``RoleScopedAdmin`` gives staff roles access by role (not Django model permissions) and limits
every queryset to the staff member's region scope. Core imports no domain app, so it reads the
scope from ``request.user.region_scope_prefix`` (see accounts.models.User).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.masking import mask_mobile
from suzhaohuo.core.models import AuditEvent, PiiAccessLog, SmsOutbox

ALL_STAFF = frozenset({"admin", "station_staff", "department_operator", "agency_operator", "regulator",
                       "mediator", "training_provider"})


def can_use_admin(user: Any) -> bool:
    """Whether Django admin would show ``user`` anything: an active ``is_staff`` account for which at least one
    registered model grants a permission (``RoleScopedAdmin`` by role, other admins by Django permissions).
    Menus link to the back office only then."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
            and getattr(user, "is_staff", False)):
        return False
    request = HttpRequest()
    request.user = user
    return bool(admin.site.get_app_list(request))


def scope_prefix(request: HttpRequest) -> str | None:
    user: Any = request.user
    return getattr(user, "region_scope_prefix", "∅")


def _scope_lookup(model: Any, path: str) -> str:
    """Django refuses ``startswith`` on a foreign key's attname (``job__township_id``): rewrite the last
    ``<fk>_id`` to ``<fk>__pk`` — the same column, since region codes are primary keys."""
    parts = path.split("__")
    for i, part in enumerate(parts):
        try:
            field = model._meta.get_field(part[:-3] if i == len(parts) - 1 and part.endswith("_id") else part)
        except FieldDoesNotExist:
            return path
        if i == len(parts) - 1:
            return "__".join([*parts[:-1], field.name, "pk"]) if part.endswith("_id") and field.many_to_one else path
        if not field.is_relation:
            return path
        model = field.related_model
    return path


def scope_filter(qs: QuerySet[Any], request: HttpRequest, *fields: str) -> QuerySet[Any]:
    prefix = scope_prefix(request)
    if prefix is None:
        return qs
    q = Q()
    for f in fields:
        q |= Q(**{f"{_scope_lookup(qs.model, f)}__startswith": prefix})
    return qs.filter(q)


class RoleScopedAdmin(admin.ModelAdmin):
    """View for ``view_roles``, change for ``change_roles``; superusers keep everything.
    Subclasses set ``scope_fields`` (region-code lookups) or override ``scoped_queryset``."""

    view_roles: frozenset[str] = frozenset({"admin"})
    change_roles: frozenset[str] = frozenset({"admin"})
    scope_fields: tuple[str, ...] = ()
    read_only = False

    def _role(self, request: HttpRequest) -> str:
        user: Any = request.user
        return getattr(user, "role", "") if user.is_active and user.is_staff else ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or self._role(request) in self.view_roles

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.read_only:
            return False
        return request.user.is_superuser or self._role(request) in self.change_roles

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False if self.read_only else self.has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if self.read_only else bool(request.user.is_superuser)

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return scope_filter(qs, request, *self.scope_fields) if self.scope_fields else (
            qs if scope_prefix(request) is None else qs.none())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scoped_queryset(super().get_queryset(request), request)


@admin.register(AuditEvent)
class AuditEventAdmin(RoleScopedAdmin):
    read_only = True
    view_roles = frozenset({"admin", "station_staff", "regulator"})
    scope_fields = ("region_code",)
    list_display = ("created_at", "action", "actor", "target_type", "target_id", "region_code", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("action", "target_id", "region_code")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)
    readonly_fields = ("created_at", "actor", "action", "target_type", "target_id", "region_code", "reason", "data",
                       "ip")


@admin.register(PiiAccessLog)
class PiiAccessLogAdmin(RoleScopedAdmin):
    """Who saw whose unmasked data. Admins and regulators only (it has no region)."""

    read_only = True
    view_roles = frozenset({"admin", "regulator"})
    list_display = ("created_at", "actor", "subject", "field", "purpose")
    list_filter = ("field",)
    search_fields = ("purpose",)
    date_hierarchy = "created_at"
    list_select_related = ("actor", "subject")
    readonly_fields = ("created_at", "actor", "subject", "field", "purpose")

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs  # access limited by view_roles


@admin.register(SmsOutbox)
class SmsOutboxAdmin(RoleScopedAdmin):
    """The development SMS backend: demo users' codes land here. Search by the full mobile."""

    read_only = True
    view_roles = frozenset({"admin"})
    list_display = ("created_at", "masked_mobile", "purpose", "text")
    list_filter = ("purpose",)
    search_fields = ("=mobile",)
    readonly_fields = ("created_at", "masked_mobile", "purpose", "text")
    fields = readonly_fields

    @admin.display(description=_("手机号"))
    def masked_mobile(self, obj: SmsOutbox) -> str:
        return mask_mobile(obj.mobile)

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs

"""Back office for real-name records: region-scoped through identity selectors, masked, with history.
Verification decisions are made in the staff console (/identity/staff/), which applies the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.admin import RoleScopedAdmin
from suzhaohuo.identity.models import Employer, PersonIdentity, VerificationEvent
from suzhaohuo.identity.selectors import employers_for_staff, persons_for_staff

_VIEW = frozenset({"admin", "station_staff", "regulator"})
_VERIFY_FIELDS = ("verification_status", "verified_at", "verification_expires_at", "verification_method",
                  "verified_by", "rejection_reason")


@admin.register(PersonIdentity)
class PersonIdentityAdmin(RoleScopedAdmin, SimpleHistoryAdmin):
    read_only = True
    view_roles = _VIEW
    list_display = ("real_name", "masked_id_number", "township", "verification_status", "verification_expires_at",
                    "created_at")
    list_filter = ("verification_status", "verification_method")
    search_fields = ("real_name",)
    list_select_related = ("township", "user")
    fields = ("user", "real_name", "masked_id_number", "gender", "birth_date", "township", *_VERIFY_FIELDS)
    readonly_fields = fields

    @admin.display(description=_("身份证号"))
    def masked_id_number(self, obj: PersonIdentity) -> str:
        return obj.masked_id_number

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs.filter(pk__in=persons_for_staff(actor=authenticated_user(request)).values("pk"))


@admin.register(Employer)
class EmployerAdmin(RoleScopedAdmin, SimpleHistoryAdmin):
    view_roles = _VIEW
    change_roles = frozenset({"admin"})
    list_display = ("name", "kind", "uscc", "is_agency", "township", "verification_status",
                    "verification_expires_at")
    list_filter = ("kind", "is_agency", "verification_status")
    search_fields = ("name", "uscc", "handler_name")
    list_select_related = ("township",)
    fields = ("owner", "kind", "name", "uscc", "legal_representative", "licence_link", "handler_name",
              "masked_handler_id_number", "is_agency", "hr_licence_number", "township", "address", *_VERIFY_FIELDS)
    readonly_fields = ("owner", "kind", "uscc", "masked_handler_id_number", "licence_link", "township",
                       *_VERIFY_FIELDS)

    @admin.display(description=_("营业执照照片"))
    def licence_link(self, obj: Employer) -> str:
        if not obj.licence_image:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("identity:staff_employer_licence", args=[obj.pk]),
                           _("查看营业执照照片"))

    @admin.display(description=_("经办人身份证号"))
    def masked_handler_id_number(self, obj: Employer) -> str:
        return obj.masked_handler_id_number

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return qs.filter(pk__in=employers_for_staff(actor=authenticated_user(request)).values("pk"))


@admin.register(VerificationEvent)
class VerificationEventAdmin(RoleScopedAdmin):
    read_only = True
    view_roles = _VIEW
    list_display = ("created_at", "subject_type", "subject_id", "status", "method", "actor", "reason")
    list_filter = ("subject_type", "status", "method")
    list_select_related = ("actor",)
    readonly_fields = ("created_at", "subject_type", "subject_id", "status", "method", "actor", "reason")

    def scoped_queryset(self, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        from django.db.models import Q

        persons = persons_for_staff(actor=authenticated_user(request)).values("pk")
        employers = employers_for_staff(actor=authenticated_user(request)).values("pk")
        return qs.filter(Q(subject_type="person", subject_id__in=persons)
                         | Q(subject_type="employer", subject_id__in=employers))

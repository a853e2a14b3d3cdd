"""Back office for the service network. Region-scoped; the ledger and push records are read-only and
cannot be deleted (kept ≥ 2 years)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.carriers.models import Carrier, JobAuthorization, PushRecord, ServiceRecord
from suzhaohuo.kernel.policy import scoped


class ScopedAdmin(admin.ModelAdmin):
    scope_field = "region__code"

    def get_queryset(self, request: HttpRequest) -> Any:
        return scoped(super().get_queryset(request), request.user, self.scope_field)


@admin.register(Carrier)
class CarrierAdmin(ScopedAdmin):
    list_display = ("name", "kind", "partner", "region", "phone", "is_active")
    list_filter = ("kind", "partner", "is_active")
    search_fields = ("name", "address", "host_organization", "region__name")
    raw_id_fields = ("region",)
    filter_horizontal = ("staff",)
    readonly_fields = ("address_key",)

    def save_model(self, request: HttpRequest, obj: Carrier, form: Any, change: bool) -> None:
        from suzhaohuo.carriers.services import CarrierInput, carrier_create, carrier_update

        data = CarrierInput(kind=obj.kind, name=obj.name, region_code=obj.region_id, address=obj.address,
                            lat=obj.lat, lng=obj.lng, partner=obj.partner, host_organization=obj.host_organization,
                            opening_hours=obj.opening_hours, phone=obj.phone, services=list(obj.services or []),
                            is_active=obj.is_active)
        if change:
            carrier_update(actor=authenticated_user(request), carrier=Carrier.objects.get(pk=obj.pk), data=data)
        else:
            saved = carrier_create(actor=authenticated_user(request), data=data)
            obj.pk = saved.pk
            obj.address_key = saved.address_key


class ReadOnlyScopedAdmin(ScopedAdmin):
    scope_field = "carrier__region__code"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyScopedAdmin):
    list_display = ("created_at", "carrier", "kind", "subject_label", "outcome", "staff")
    list_filter = ("kind", "outcome")
    search_fields = ("carrier__name", "description")
    date_hierarchy = "created_at"


@admin.register(PushRecord)
class PushRecordAdmin(ReadOnlyScopedAdmin):
    list_display = ("created_at", "carrier", "job", "sent_sms", "pushed_on")
    list_filter = ("sent_sms",)


@admin.register(JobAuthorization)
class JobAuthorizationAdmin(ReadOnlyScopedAdmin):
    list_display = ("created_at", "job", "authorized_by", "method", "id_number_masked", "carrier")

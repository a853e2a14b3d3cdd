from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from suzhaohuo.core.admin import RoleScopedAdmin
from suzhaohuo.matching.models import DispatchRecord

STAFF_VIEW = frozenset({"admin", "station_staff", "regulator"})


@admin.register(DispatchRecord)
class DispatchRecordAdmin(RoleScopedAdmin):
    read_only = True
    view_roles = STAFF_VIEW
    scope_fields = ("job__township_id",)
    list_display = ("job", "worker", "tier", "status", "reasons", "created_at", "sent_at")
    list_filter = ("tier", "status")
    raw_id_fields = ("job", "worker")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[DispatchRecord]:
        return super().get_queryset(request).select_related("job", "worker")

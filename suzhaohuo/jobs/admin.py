from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from suzhaohuo.jobs.models import Job, JobCategory, JobStatusChange
from suzhaohuo.kernel.policy import scoped


class JobStatusChangeInline(admin.TabularInline):
    model = JobStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "reason", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = ("id", "title", "employer", "township", "status", "screening_status", "valid_until", "published_at")
    list_filter = ("status", "screening_status", "origin", "settlement", "pay_unit", "category__parent")
    search_fields = ("title", "employer__name", "address")
    raw_id_fields = ("employer", "posted_by", "township", "category")
    readonly_fields = ("status", "published_at", "closed_at", "screening_status", "screening_findings",
                       "screening_rules_version", "created_at", "updated_at")
    date_hierarchy = "created_at"
    inlines = [JobStatusChangeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Job]:
        qs = super().get_queryset(request).select_related("employer", "township")
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user, "township__code")


@admin.register(JobCategory)
class JobCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "occupation_code", "sort_order")
    list_filter = ("parent",)
    search_fields = ("code", "name", "keywords")


@admin.register(JobStatusChange)
class JobStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("job", "from_status", "to_status", "actor", "reason", "created_at")
    list_filter = ("to_status",)
    raw_id_fields = ("job", "actor")
    search_fields = ("job__title", "reason")

    def get_queryset(self, request: HttpRequest) -> QuerySet[JobStatusChange]:
        qs = super().get_queryset(request).select_related("job", "actor")
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user, "job__township__code")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

from django.contrib import admin

from suzhaohuo.kpi.models import (
    Attribution,
    Campaign,
    Department,
    MonthlyReport,
    NotableCase,
    PlanTask,
    Snapshot,
    Target,
    TaskUpdate,
)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("city_code", "year", "code", "value", "comparator", "path", "start", "deadline")
    list_filter = ("year",)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ("day", "region_code", "taken_at")
    search_fields = ("region_code",)
    date_hierarchy = "day"


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order")
    filter_horizontal = ("operators",)


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "lead", "deadline")
    filter_horizontal = ("partners",)


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ("task", "month", "status", "author", "created_at")


@admin.register(NotableCase)
class NotableCaseAdmin(admin.ModelAdmin):
    list_display = ("title", "month", "region_code", "status")
    list_filter = ("status",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "carrier", "region_code", "is_active")
    raw_id_fields = ("carrier",)


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ("user", "campaign", "channel", "created_at")
    raw_id_fields = ("user",)


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ("month", "region_code", "generated_at", "generated_by")

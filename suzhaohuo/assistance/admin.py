from django.contrib import admin

from suzhaohuo.assistance.models import DifficultyCategory, Placement, WelfarePost


@admin.register(DifficultyCategory)
class DifficultyCategoryAdmin(admin.ModelAdmin):
    """The city's category list is configuration: edited here, with effective dates."""

    list_display = ("city_code", "code", "name", "effective_from", "effective_to", "sort_order")
    list_filter = ("city_code",)


@admin.register(WelfarePost)
class WelfarePostAdmin(admin.ModelAdmin):
    list_display = ("title", "unit_name", "township", "monthly_subsidy", "term_months", "slots", "status")
    list_filter = ("status", "unit_kind")
    readonly_fields = ("created_by",)


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    """Read-only: placements change through assistance.services (eligibility, term limits, audit)."""

    list_display = ("agreement_number", "post", "status", "start_date", "end_date", "exit_reason")
    list_filter = ("status", "exit_reason")
    readonly_fields = [f.name for f in Placement._meta.fields]

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from suzhaohuo.protection.models import Claim, ClaimEvent, CoverRule, Enrolment, InsuranceProduct


@admin.register(InsuranceProduct)
class InsuranceProductAdmin(admin.ModelAdmin):
    """Products are data: the city's insurance office maintains them here."""

    list_display = ("code", "name", "kind", "insurer_name", "premium", "premium_basis", "sum_insured", "payer",
                    "adapter", "active")
    list_filter = ("kind", "payer", "active")


@admin.register(CoverRule)
class CoverRuleAdmin(admin.ModelAdmin):
    list_display = ("city_code", "category_prefix", "product", "effective_from", "effective_to")


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("id", "policy_number", "product", "status", "cover_start", "cover_end", "attempts")
    list_filter = ("status", "product")
    search_fields = ("policy_number",)
    readonly_fields = [f.name for f in Enrolment._meta.fields]  # changes go through protection.services only

    def has_add_permission(self, request):
        return False


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    readonly_fields = ("status", "note", "actor", "created_at")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("id", "enrolment", "incident_date", "status", "amount", "dispute_case_ref")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Claim._meta.fields]
    inlines = [ClaimEventInline]

    def has_add_permission(self, request):
        return False

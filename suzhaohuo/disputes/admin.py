from django.contrib import admin

from suzhaohuo.disputes.models import Case, CaseEvent, Complaint, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region_code")
    list_filter = ("kind",)


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("number", "category", "status", "region_code", "created_at")
    list_filter = ("status", "category", "handler_kind")
    readonly_fields = [f.name for f in Complaint._meta.fields]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "kind", "text", "actor")
    fields = readonly_fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "arbitration_status", "region_code", "created_at")
    list_filter = ("status", "arbitration_status", "mediation_result")
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [CaseEventInline]

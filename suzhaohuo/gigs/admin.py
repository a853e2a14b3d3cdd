from django.contrib import admin

from suzhaohuo.gigs.models import CheckinCode, Dispute, Engagement, EngagementEvent, Rating, WageAlert


class EventInline(admin.TabularInline):
    model = EngagementEvent
    extra = 0
    can_delete = False
    readonly_fields = ("event", "from_status", "to_status", "party", "actor", "reason", "data", "created_at")


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ("id", "job", "employer", "status", "work_start", "payment_due_at", "pay_amount", "created_at")
    list_filter = ("status", "late_cancellation", "completion_auto")
    search_fields = ("job__title", "employer__name")
    raw_id_fields = ("job", "worker", "employer")
    readonly_fields = [f.name for f in Engagement._meta.fields]  # changes go through gigs.services only
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False


@admin.register(WageAlert)
class WageAlertAdmin(admin.ModelAdmin):
    list_display = ("engagement", "township_code", "due_at", "status", "resolved_at")
    list_filter = ("status",)
    search_fields = ("township_code",)
    raw_id_fields = ("engagement", "resolved_by")


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ("engagement", "kind", "text", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("engagement", "raised_by")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("engagement", "rater_party", "ratee", "score", "created_at")
    raw_id_fields = ("engagement", "ratee")


@admin.register(CheckinCode)
class CheckinCodeAdmin(admin.ModelAdmin):
    list_display = ("job", "expires_at", "created_at")
    exclude = ("token", "code")
    raw_id_fields = ("job", "issued_by")

from django.contrib import admin

from suzhaohuo.kernel.models import EventDelivery


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin):
    list_display = ("name", "handler_path", "state", "attempts", "next_attempt_at", "updated_at")
    list_filter = ("state", "name")
    readonly_fields = ("event_id", "name", "handler_path", "payload", "attempts", "last_error", "created_at")

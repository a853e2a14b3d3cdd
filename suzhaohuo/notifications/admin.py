from django.contrib import admin

from suzhaohuo.notifications.models import Notification, SmsPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "title", "sent_sms", "read_at", "created_at")
    list_filter = ("event", "sent_sms")
    raw_id_fields = ("user",)


@admin.register(SmsPreference)
class SmsPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "enabled")
    list_filter = ("event", "enabled")
    raw_id_fields = ("user",)

from django.contrib import admin

from suzhaohuo.phone.models import CallbackRequest, CallSession, PhoneMessage


@admin.register(PhoneMessage)
class PhoneMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "direction", "command", "text")
    list_filter = ("channel", "direction")
    exclude = ("mobile",)


@admin.register(CallSession)
class CallSessionAdmin(admin.ModelAdmin):
    list_display = ("call_id", "step", "finished", "created_at")


@admin.register(CallbackRequest)
class CallbackRequestAdmin(admin.ModelAdmin):
    list_display = ("created_at", "township_code", "reason", "handled_at")

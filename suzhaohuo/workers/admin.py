from django.contrib import admin

from suzhaohuo.workers.models import WorkerProfile


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "home_township", "max_distance_km", "desired_pay", "settlement_preference")
    list_filter = ("settlement_preference",)
    raw_id_fields = ("user", "home_township", "registered_by")
    filter_horizontal = ("categories",)

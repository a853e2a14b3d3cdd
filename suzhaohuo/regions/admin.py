from django.contrib import admin

from suzhaohuo.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "township_kind", "is_central_village")
    list_filter = ("level", "township_kind", "is_central_village")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)

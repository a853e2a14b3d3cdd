"""Back office: the search index (read-only), hidden items and the dispatch log, scoped by region."""

from __future__ import annotations

from django.contrib import admin

from suzhaohuo.core.admin import RoleScopedAdmin
from suzhaohuo.search.models import HiddenEmployer, HiddenJob, SearchDoc

STAFF_VIEW = frozenset({"admin", "station_staff", "regulator"})


@admin.register(SearchDoc)
class SearchDocAdmin(RoleScopedAdmin):
    read_only = True
    view_roles = STAFF_VIEW
    scope_fields = ("township_code",)
    list_display = ("job", "category_code", "township_code", "settlement", "pay_daily", "lat", "lng", "published_at")
    list_filter = ("settlement", "county_code")
    search_fields = ("tokens",)
    raw_id_fields = ("job",)


@admin.register(HiddenJob)
class HiddenJobAdmin(RoleScopedAdmin):
    read_only = True
    view_roles = frozenset({"admin"})
    scope_fields = ("job__township_id",)
    list_display = ("user", "job", "created_at")
    raw_id_fields = ("user", "job")


@admin.register(HiddenEmployer)
class HiddenEmployerAdmin(RoleScopedAdmin):
    read_only = True
    view_roles = frozenset({"admin"})
    scope_fields = ("employer__township_id",)
    list_display = ("user", "employer", "created_at")
    raw_id_fields = ("user", "employer")

"""Back office for the region tree, with the village/community list import (CSV or Excel)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.admin import RoleScopedAdmin
from suzhaohuo.core.errors import AppError
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.services import villages_import


class VillageImportForm(forms.Form):
    file = forms.FileField(label=_("村（社区）名单文件"),
                           help_text=_("CSV（UTF-8 或 GBK）或 Excel（.xlsx）。表头：村（社区）代码、村（社区）名称、"
                                       "所属乡镇（街道）代码、中心村（社区）（填“是”或留空）"),
                           error_messages={"required": _("请选择要上传的文件。")})


@admin.register(Region)
class RegionAdmin(RoleScopedAdmin):
    # Staff who administer places; everyone else picks regions from the scoped selects on their own pages, and a
    # back office with nothing but the region tree is no reason to show them 「管理后台」 (core.admin.can_use_admin).
    view_roles = frozenset({"admin", "station_staff", "regulator"})
    change_roles = frozenset({"admin"})
    scope_fields = ("code",)
    list_display = ("code", "name", "level", "parent", "township_kind", "is_central_village")
    list_filter = ("level", "township_kind", "is_central_village")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    change_list_template = "admin/regions/region/change_list.html"

    def get_urls(self) -> list[Any]:
        return [path("import-villages/", self.admin_site.admin_view(self.import_villages_view),
                     name="regions_region_import_villages"), *super().get_urls()]

    def import_villages_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = VillageImportForm(request.POST or None, request.FILES or None)
        report, error = None, None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = villages_import(actor=request.user, filename=upload.name, fileobj=upload)
            except AppError as exc:
                error = exc.message
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "report": report, "error": error, "title": _("导入村（社区）名单")}
        return TemplateResponse(request, "admin/regions/region/import_villages.html", context)

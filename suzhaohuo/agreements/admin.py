"""Back office: agreements, signatures and the chain are evidence, so the admin is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent, StandardTerms


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SignatureInline(admin.TabularInline):
    model = SignatureEvent
    extra = 0
    can_delete = False
    fields = ("role", "signer_name", "signed_at", "method", "mobile_masked", "ip", "document_sha256")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StandardTerms)
class StandardTermsAdmin(ReadOnlyAdmin):
    list_display = ("version", "title", "sha256", "published_at")


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("number", "employer", "status", "region_code", "created_at", "sealed_at")
    list_filter = ("status",)
    search_fields = ("number", "employer__name", "document_sha256", "pdf_sha256")
    exclude = ("pdf",)
    readonly_fields = ("number", "engagement", "terms", "worker", "employer", "region_code", "status",
                       "document", "document_sha256", "created_at", "sealed_at", "seal_payload",
                       "platform_signature", "key_id", "verify_url", "pdf_sha256")
    inlines = [SignatureInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        from suzhaohuo.agreements.selectors import agreements_for_staff

        return agreements_for_staff(authenticated_user(request))


@admin.register(ChainEntry)
class ChainEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "kind", "agreement", "entry_hash", "created_at")
    readonly_fields = ("seq", "kind", "agreement", "payload", "prev_hash", "entry_hash", "created_at")

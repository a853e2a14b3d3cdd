from django.contrib import admin

from suzhaohuo.aggregation.models import (
    EmployerConfirmation,
    ImportBatch,
    Posting,
    ProxyEmployer,
    RawRecord,
    Source,
    SourceAuthorization,
    SourceLink,
    SourceOperator,
)


class OperatorInline(admin.TabularInline):
    model = SourceOperator
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "organization", "status", "contract_number", "pulled_at")
    list_filter = ("kind", "status", "sector")
    search_fields = ("name", "organization", "contract_number")
    raw_id_fields = ("organization_employer", "region", "suspended_by")
    readonly_fields = ("api_key_prefix", "api_key_created_at", "suspended_at", "suspended_by", "pull_cursor",
                       "pulled_at")
    exclude = ("api_key_hash", "contract_contact_mobile")  # keys are issued once via the service; mobile encrypted
    inlines = [OperatorInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "channel", "file_name", "status", "processed_rows", "total_rows", "created_at")
    list_filter = ("status", "channel")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


@admin.register(RawRecord)
class RawRecordAdmin(admin.ModelAdmin):
    """Raw records are evidence: read-only."""

    list_display = ("id", "source", "channel", "external_id", "outcome", "row_number", "received_at")
    list_filter = ("outcome", "channel", "source")
    search_fields = ("external_id",)
    readonly_fields = [f.name for f in RawRecord._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class LinkInline(admin.TabularInline):
    model = SourceLink
    extra = 0
    fields = ("source", "external_id", "is_first", "state", "first_seen_at", "last_seen_at")
    readonly_fields = fields


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ("id", "job", "first_source", "employer_name", "township_code", "first_seen_at")
    list_filter = ("first_source__kind",)
    search_fields = ("employer_name", "job__title")
    raw_id_fields = ("job",)
    exclude = ("signature",) + tuple(f"b{i}" for i in range(16))
    readonly_fields = ("first_source", "first_seen_at", "review_reasons")
    inlines = [LinkInline]


class _ReadOnly(admin.ModelAdmin):
    """Authorisations and confirmations are written through the services (audited): read-only here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SourceAuthorization)
class SourceAuthorizationAdmin(_ReadOnly):
    list_display = ("id", "employer", "source", "via", "granted_at", "revoked_at")
    list_filter = ("via", "source")
    search_fields = ("employer__name", "evidence")


@admin.register(EmployerConfirmation)
class EmployerConfirmationAdmin(_ReadOnly):
    list_display = ("id", "posting", "employer", "source", "status", "requested_at", "decided_at")
    list_filter = ("status", "source")


@admin.register(ProxyEmployer)
class ProxyEmployerAdmin(_ReadOnly):
    list_display = ("name", "uscc", "source", "created_at")
    list_filter = ("source",)
    search_fields = ("name", "uscc")

from __future__ import annotations

from django.contrib import admin

from suzhaohuo.core.admin import RoleScopedAdmin
from suzhaohuo.regulation.models import (
    AbnormalListing,
    Appeal,
    LicenceRecord,
    Membership,
    Referral,
    RiskFlag,
    RiskRule,
    Sanction,
    Throttle,
)


@admin.register(Sanction)
class SanctionAdmin(RoleScopedAdmin):
    view_roles = frozenset({"admin", "regulator"})
    scope_fields = ("region_code",)
    list_display = ("kind", "subject_type", "subject_name", "status", "starts_at", "ends_at")
    list_filter = ("kind", "status", "subject_type")
    search_fields = ("subject_name", "reason")
    readonly_fields = ("decided_by", "lifted_by", "created_at", "updated_at")


@admin.register(Appeal)
class AppealAdmin(RoleScopedAdmin):
    list_display = ("sanction", "status", "created_at", "decided_at")
    list_filter = ("status",)


@admin.register(AbnormalListing)
class AbnormalListingAdmin(RoleScopedAdmin):
    view_roles = frozenset({"admin", "regulator"})
    scope_fields = ("region_code",)
    list_display = ("key_type", "masked_key", "name", "starts_at", "ends_at", "removed_at")
    exclude = ("key_hash",)


@admin.register(LicenceRecord)
class LicenceRecordAdmin(RoleScopedAdmin):
    list_display = ("number", "holder_name", "valid_until", "revoked")
    search_fields = ("number", "holder_name")


@admin.register(Referral)
class ReferralAdmin(RoleScopedAdmin):
    view_roles = frozenset({"admin", "regulator"})
    scope_fields = ("region_code",)
    list_display = ("subject_name", "from_org", "to_org", "status", "ack_due_at", "answer_due_at")
    list_filter = ("status", "from_org", "to_org")


@admin.register(RiskRule)
class RiskRuleAdmin(RoleScopedAdmin):
    list_display = ("code", "family", "label", "threshold", "weight", "window_hours", "throttle", "enabled")
    list_editable = ("threshold", "weight", "window_hours", "throttle", "enabled")


@admin.register(RiskFlag)
class RiskFlagAdmin(RoleScopedAdmin):
    view_roles = frozenset({"admin", "regulator"})
    scope_fields = ("region_code",)
    list_display = ("user", "family", "score", "status", "updated_at")
    list_filter = ("family", "status")


admin.site.register(Throttle)
admin.site.register(Membership)

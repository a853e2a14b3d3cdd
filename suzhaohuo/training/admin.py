from django.contrib import admin

from suzhaohuo.training.models import (
    BadgeGrant,
    Certificate,
    Course,
    Enrolment,
    Provider,
    Session,
    SubsidyClaim,
)


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "licence_kind", "licence_number", "township", "status")
    list_filter = ("status",)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "category", "level", "township", "subsidy_eligible")
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("course", "worker", "status", "channel", "subsidy_eligible", "completed_at")
    list_filter = ("status", "channel")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "course", "issued_at")
    readonly_fields = [f.name for f in Certificate._meta.fields]


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(admin.ModelAdmin):
    list_display = ("provider", "period", "total", "created_at")


@admin.register(BadgeGrant)
class BadgeGrantAdmin(admin.ModelAdmin):
    list_display = ("worker", "badge", "status", "criteria_version", "granted_at", "revoked_at")
    list_filter = ("badge", "status")

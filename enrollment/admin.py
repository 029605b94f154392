"""Supervisors keep offices, staff membership and fee schedules current here."""

from django.contrib import admin

from .models import CommunityOffice, FeeSchedule, StaffMembership, SubsidyCategory


@admin.register(CommunityOffice)
class CommunityOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "phone", "is_active"]
    list_filter = ["region", "is_active"]
    search_fields = ["name", "address"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office"]
    list_filter = ["office"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


class SubsidyCategoryInline(admin.TabularInline):
    model = SubsidyCategory
    extra = 0


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "region",
        "office",
        "individual_contribution",
        "enrollment_opens",
        "enrollment_closes",
        "is_example",
    ]
    list_filter = ["year", "region", "is_example"]
    inlines = [SubsidyCategoryInline]

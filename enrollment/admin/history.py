"""Who opened which application, and the notices sent to families."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import TamperedAddressGuard

from .. import (
    access,
)
from ..models import (
    AccessLog,
    Notice,
)
from .filters import ReviewersReadOnly


@admin.register(AccessLog)
class AccessLogAdmin(ReviewersReadOnly):
    """Who opened which application: staff read their office's, supervisors everyone's."""

    list_display = ["at", "user", "action", "detail", "application"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["application__reference_number", "user__email"]
    list_select_related = ["user", "application"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        reviewable = access.applications_reviewable_by(request.user)
        return super().get_queryset(request).filter(application__in=reviewable)


@admin.register(Notice)
class NoticeAdmin(TamperedAddressGuard, admin.ModelAdmin):
    """Notices to parents, by email and by SMS: those the mail server or the SMS provider has
    not taken show here with their error and next attempt, for supervisors."""

    list_display = [
        "about",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sms_sent_at",
        "sms_attempts",
        "sms_next_attempt_at",
        "sms_last_error",
    ]
    list_filter = [
        ("sent_at", admin.EmptyFieldListFilter),
        ("sms_sent_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["status_change__application", "cover_year_change__cover_year__child"]
    readonly_fields = list_display

    @admin.display(description=_("about"))
    def about(self, notice):
        if notice.status_change:
            return f"{notice.status_change.application.reference_number}: {notice.change}"
        return str(notice.change)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

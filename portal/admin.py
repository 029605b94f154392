import datetime

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.utils.translation import gettext_lazy as _

from .models import AccountMessage
from .staff_two_factor import StaffAdminSite

# The user admin lives with the staff roles it enforces: enrollment/admin/staff.py.
# Every admin page needs the second factor as well as the password (django-otp).
admin.site.__class__ = StaffAdminSite
admin.site.site_header = _("Child medical insurance enrollment: staff")
admin.site.site_title = _("Enrollment staff")
admin.site.index_title = _("Review and settings")
# Without the side navigation the work queue's columns fit 1280 px; the home page and the
# breadcrumbs lead everywhere it did.
admin.site.enable_nav_sidebar = False


class TamperedAddressGuard:
    """For every ModelAdmin of the portal (put it first among the bases): an address a list
    cannot read shows the full list with a message, never a server error.

    Django already turns a filter value it cannot read into a redirect to the full list
    (`?e=1`); this refuses the same way what Django would let through to a crash, and tells
    staff on the full list why they are there."""

    def get_changelist_instance(self, request):
        """Refuse a NUL byte anywhere in the address (PostgreSQL refuses it in any text, and no
        real name, number or choice holds one) and a date-hierarchy year past the calendar
        (Django checks only the date, not the end of its range: ticket #37357)."""
        if any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            raise IncorrectLookupParameters("NUL byte in the address")
        if self.date_hierarchy:
            year = request.GET.get(f"{self.date_hierarchy}__year")
            try:
                beyond_the_calendar = year is not None and int(year) >= datetime.MAXYEAR
            except ValueError:
                beyond_the_calendar = False  # not a number: Django refuses it itself
            if beyond_the_calendar:
                raise IncorrectLookupParameters(f"date hierarchy year {year[:20]}")
        return super().get_changelist_instance(request)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # Django sends an address it could not read to `?e=1` and shows the full list there
        # without a word; its "database error" page for a second failure has no list.
        if ERROR_FLAG in request.GET and "cl" in (getattr(response, "context_data", None) or {}):
            messages.warning(
                request,
                _(
                    "The filter or search in the address could not be understood, so the full list is shown."
                ),
            )
        return response

    def get_search_results(self, request, queryset, search_term):
        """No record holds a NUL byte, so a term with one finds nothing, without asking the
        database (the autocomplete's term comes here without the list's checks)."""
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(AccountMessage)
class AccountMessageAdmin(TamperedAddressGuard, admin.ModelAdmin):
    """The codes and account emails sent, failed or held back by a limit: what supervisors read
    when a parent says no code came, or when someone floods a number. Written by the portal
    only; numbers and addresses masked, codes never stored."""

    list_display = (
        "created_at",
        "channel",
        "kind",
        "recipient_masked",
        "outcome",
        "error",
        "client_ip",
    )
    list_filter = ("outcome", "channel", "kind")
    search_fields = ("recipient_masked", "client_ip")
    date_hierarchy = "created_at"
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

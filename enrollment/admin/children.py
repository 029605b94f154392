"""The insured child's record: its cover years, their history, a payment recorded for one year."""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import access, formatting
from ..applications import services
from ..children import contributions
from ..models import (
    CoverYear,
    CoverYearChange,
    InsuredChild,
    Renewal,
)
from ..office_work import exports
from . import forms as admin_forms
from .filters import OfficeFilter, ReviewersReadOnly

YEARS_IN_ORDER = Prefetch(
    "cover_years", queryset=CoverYear.objects.select_related("subsidy_category").order_by("year")
)
YEARS_IN_ORDER_OF_CHILD = Prefetch(
    "insured_child__cover_years", queryset=CoverYear.objects.order_by("year")
)


@admin.register(InsuredChild)
class InsuredChildAdmin(ReviewersReadOnly):
    """The children the office has registered and their years; changed only by the services
    (verification, payments), so read-only here."""

    change_form_template = "admin/enrollment/insuredchild/change_form.html"
    list_display = ["full_name", "id_masked", "office", "registered_on", "years"]
    list_filter = [("office", OfficeFilter), "cover_years__year", "cover_years__status"]
    search_fields = ["full_name", "=id_number"]
    search_help_text = _("The child's name, or the full ID number.")
    list_select_related = ["office"]
    fields = ["full_name", "id_number", "date_of_birth", "sex", "office", "registered_on"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            access.insured_children_reviewable_by(request.user, super().get_queryset(request))
            .select_related("office")
            .prefetch_related(YEARS_IN_ORDER)
        )

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return access.may_review_child(request.user, obj)
        return super().has_view_permission(request)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        compact = re.sub(r"[\s-]", "", term).upper()
        if re.fullmatch(r"\d{17}[\dX]", compact):
            return queryset.filter(id_number=compact), False
        if term:
            return queryset.filter(full_name__icontains=term), False
        return queryset, False

    @admin.display(description=_("ID number"))
    def id_masked(self, child):
        return formatting.masked_id_number(child.id_number)

    @admin.display(description=_("years recorded"))
    def years(self, child):
        return exports.years_summary(child.cover_years.all())

    def get_urls(self):
        return [
            path(
                "<path:object_id>/years/<int:year>/record-payment/",
                self.admin_site.admin_view(self.record_payment_view),
                name="enrollment_insuredchild_record_payment",
            ),
            *super().get_urls(),
        ]

    def record_payment_view(self, request, object_id, year):
        """Record one due year's payment from its receipt (services.cover_year_record_payment)."""
        child = self.get_object(request, object_id)
        if child is None:
            raise Http404
        cover_year = get_object_or_404(
            child.cover_years.select_related("child", "fee_schedule", "subsidy_category"),
            year=year,
        )
        change_url = reverse("admin:enrollment_insuredchild_change", args=[child.pk])
        if cover_year.status not in contributions.PAYABLE:
            messages.error(request, services.YearNotDue(cover_year))
            return redirect(change_url)
        posted = request.method == "POST"
        form = admin_forms.YearPaymentForm(request.POST if posted else None, cover_year=cover_year)
        if posted and form.is_valid():
            try:
                form.apply(by=request.user)
            except services.YearNotDue as refused:
                messages.error(request, refused)
            except ValidationError as refused:  # the service's checks, run under its lock
                form.add_error(None, refused)
            else:
                messages.success(
                    request,
                    _("The payment for %(year)s is recorded. The family is told by email.")
                    % {"year": year},
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "child": child,
            "cover_year": cover_year,
            "form": form,
            "title": _("Record the payment for %(year)s") % {"year": year},
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/enrollment/insuredchild/record_payment.html", context
        )

    def get_object(self, request, object_id, from_field=None):
        """Read once per request: the change view's tables and Django's form share it."""
        cache = request.__dict__.setdefault("_insured_children", {})
        if object_id not in cache:
            cache[object_id] = super().get_object(request, object_id, from_field)
        return cache[object_id]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        child = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if child is not None:
            extra_context["cover_years"] = child.cover_years.all()
            extra_context["payments_recorded_here"] = True
            extra_context["applications"] = child.applications.order_by("submitted_at")
            extra_context["renewals"] = (
                Renewal.objects.filter(cover_year__child=child)
                .select_related("cover_year", "parent")
                .order_by("cover_year__year")
            )
            extra_context["year_history"] = CoverYearChange.objects.filter(
                cover_year__child=child
            ).select_related("cover_year", "changed_by")
        return super().change_view(request, object_id, form_url, extra_context)

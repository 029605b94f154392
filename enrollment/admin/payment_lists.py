"""The tax authority's payment lists: upload, preview, record."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.limits import size_limit_text

from .. import (
    access,
    payment_import,
)
from ..models import (
    CommunityOffice,
    PaymentImport,
)
from . import forms as admin_forms
from .filters import OfficeFilter, ReviewersReadOnly


@admin.register(PaymentImport)
class PaymentImportAdmin(ReviewersReadOnly):
    """The tax authority's payment lists staff imported: the office's own, or every office's
    for supervisors. Uploading a list is this model's "add" page; an import's own page is its
    preview (before confirming) or its result (after). Nothing here is edited by hand."""

    list_display = [
        "uploaded_at",
        "original_name",
        "office",
        "uploaded_by",
        "row_count",
        "matched",
        "attention",
        "status",
        "recorded_count",
    ]
    list_display_links = ["uploaded_at", "original_name"]
    list_filter = ["status", ("office", OfficeFilter)]
    list_select_related = ["office", "uploaded_by"]
    list_per_page = 50
    show_full_result_count = False
    # Rows of the attention and matched tables shown on the preview; the counts are complete.
    ATTENTION_SHOWN = 500
    MATCHED_SHOWN = 100

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).select_related("office", "uploaded_by", "confirmed_by")
        )
        return access.office_scope(request.user).filter(queryset)

    def has_add_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=_("matched"))
    def matched(self, imported):
        return sum(imported.counts.get(outcome, 0) for outcome in payment_import.RECORDED)

    @admin.display(description=_("rows needing attention"))
    def attention(self, imported):
        return sum(
            count
            for outcome, count in imported.counts.items()
            if outcome not in payment_import.SETTLED
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="enrollment_paymentimport_confirm",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """Upload a list: read and checked whole, stored privately, then previewed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = admin_forms.PaymentListForm(
            request.POST if posted else None, request.FILES if posted else None
        )
        if posted and form.is_valid():
            imported, _check = payment_import.payment_import_store(
                payment_list=form.cleaned_data["payment_list"], by=request.user
            )
            return redirect(reverse("admin:enrollment_paymentimport_change", args=[imported.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Import payments"),
            "columns": [
                (column.label, payment_import.HEADERS[column][0], header)
                for column, header in payment_import.ENGLISH_HEADERS.items()
            ],
            "other_headers": {
                column.label: "、".join(payment_import.HEADERS[column][1:])
                for column in payment_import.Column
            },
            "max_rows": payment_import.MAX_ROWS,
            "size_limit": size_limit_text(),
            "office": CommunityOffice.objects.filter(
                pk=payment_import.import_office_id(request.user)
            ).first(),
        }
        return TemplateResponse(request, "admin/enrollment/paymentimport/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The preview of a list not yet recorded, or what a recorded one did; its rows matched
        against the records as they are now."""
        imported = self.get_object(request, unquote(object_id))
        if imported is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        try:
            check = payment_import.payment_import_preview(imported)
        except (OSError, ValidationError):
            check = None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Payment list %(name)s") % {"name": imported.original_name},
            "imported": imported,
            "check": check,
            "earlier": payment_import.earlier_imports_of_the_same_file(imported).first(),
        }
        if check is not None:
            counts = check.counts()
            attention, matched = check.needing_attention(), check.matched()
            context.update(
                {
                    "counts": [
                        (outcome.label, counts[outcome], outcome in payment_import.SETTLED)
                        for outcome in payment_import.Outcome
                    ],
                    "attention": attention[: self.ATTENTION_SHOWN],
                    "attention_total": len(attention),
                    "paid_late": check.paid_late()[: self.ATTENTION_SHOWN],
                    "paid_late_total": len(check.paid_late()),
                    "matched": matched[: self.MATCHED_SHOWN],
                    "matched_total": len(matched),
                    "matched_amount": sum(row.row.amount for row in matched),
                    "can_confirm": imported.status == PaymentImport.Status.PREVIEWED and matched,
                    # About 0.3 ms a row on the benchmark machine (`make bench`), with margin.
                    "expected_seconds": max(2, round(len(matched) / 1000)),
                }
            )
        return TemplateResponse(request, "admin/enrollment/paymentimport/preview.html", context)

    def confirm_view(self, request, object_id):
        imported = self.get_object(request, unquote(object_id))
        if imported is None:
            raise Http404  # as for an application's moves: nothing to say about another's
        preview_url = reverse("admin:enrollment_paymentimport_change", args=[imported.pk])
        if request.method != "POST":
            return redirect(preview_url)
        try:
            check = payment_import.payment_import_confirm(payment_import=imported, by=request.user)
        except payment_import.AlreadyConfirmed:
            messages.warning(
                request, _("This list was recorded before: nothing was recorded again.")
            )
        except (OSError, ValidationError):
            messages.error(request, _("The stored list could not be read: nothing was recorded."))
        else:
            recorded = len(check.matched())
            messages.success(
                request,
                ngettext(
                    "%(count)s payment recorded. The family is told by email within a few minutes.",
                    "%(count)s payments recorded. The families are told by email within a few "
                    "minutes.",
                    recorded,
                )
                % {"count": f"{recorded:,}"},
            )
        return redirect(preview_url)

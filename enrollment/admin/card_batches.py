"""Card batches in the admin: staff send their office's paid applications to the card centre
as a batch, download the batch (its list and photos, as a ZIP), and mark it issued when the
cards arrive. Supervisors do the same for any office. Every change goes through the services
of card_batches.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.form_layout import StaffLayoutMixin
from portal.forms import PlainMessagesMixin

from .. import access, card_batches
from ..applications import services
from ..models import AccessLog, Application, CardBatch, CommunityOffice
from .filters import OfficeFilter, ReviewersReadOnly
from .forms import card_issued_on_field, collection_place_field

SEND_TITLE = _("Send cards to the card centre")


class CardBatchIssueForm(StaffLayoutMixin, PlainMessagesMixin, forms.Form):
    """The cards of a batch have arrived: when, and where families collect them."""

    issued_on = card_issued_on_field()
    collection_place = collection_place_field()

    def __init__(self, data=None, *, batch, **kwargs):
        self.batch = batch
        super().__init__(data, initial={"issued_on": timezone.localdate()}, **kwargs)

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        card_batches.check_issued_on(self.batch, issued_on, timezone.localdate())
        return issued_on


@admin.register(CardBatch)
class CardBatchAdmin(ReviewersReadOnly):
    """The office's batches (every office's for supervisors). Sending a batch is this model's
    "add" page; a batch's own page lists its applications, with the download and the form that
    marks its cards issued. Nothing here is edited by hand."""

    change_list_template = "admin/enrollment/cardbatch/change_list.html"
    list_display = [
        "number",
        "office",
        "created_at",
        "created_by",
        "application_count",
        "issued_at",
    ]
    list_filter = [("office", OfficeFilter)]
    list_select_related = ["office", "created_by"]
    search_fields = ["number"]
    list_per_page = 50
    show_full_result_count = False
    # Paid applications shown for sending at once; the count above the list is complete.
    SEND_SHOWN = 500

    # --- Who may do what ---------------------------------------------------------------

    def get_queryset(self, request):
        return card_batches.batches_visible_to(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return card_batches.may_handle_batches_of(request.user, obj.office_id)
        return super().has_view_permission(request)

    def has_add_permission(self, request):
        return self.has_view_permission(request)

    def get_list_display(self, request):
        """The office column helps supervisors only: staff see their own office's batches."""
        if access.is_supervisor(request.user):
            return self.list_display
        return [name for name in self.list_display if name != "office"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="enrollment_cardbatch_download",
            ),
            path(
                "<path:object_id>/issue/",
                self.admin_site.admin_view(self.issue_view),
                name="enrollment_cardbatch_issue",
            ),
            *super().get_urls(),
        ]

    def _batch_or_404(self, request, object_id) -> CardBatch:
        """The batch, if this user may see it; otherwise not found, as for an application of
        another office: nothing to say about another office's batches."""
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            raise Http404
        return batch

    # --- Sending a batch ---------------------------------------------------------------

    def _office_to_send_for(self, request, offices):
        """Staff send for their own office; a supervisor for the office chosen (None until
        one is)."""
        scope = access.office_scope(request.user)
        if not scope.every_office:
            return CommunityOffice.objects.get(pk=scope.office_id)
        chosen = request.POST.get("office") or request.GET.get("office") or ""
        if not chosen.isdigit():
            return None
        return offices.filter(pk=int(chosen)).first()

    def add_view(self, request, form_url="", extra_context=None):
        """The office's paid applications not yet in a batch, each ticked: send the ticked ones
        (card_batches.card_batch_send), then see the new batch."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        supervisor = access.is_supervisor(request.user)
        offices = CommunityOffice.objects.filter(
            pk__in=Application.objects.filter(
                status=Application.Status.PAID, card_batch__isnull=True
            ).values("office_id")
        )
        office = self._office_to_send_for(request, offices)
        problems = []
        ticked = None  # every application ticked, until a sending comes back
        if request.method == "POST" and office is not None:
            ticked = {value for value in request.POST.getlist("applications") if value.isdigit()}
            chosen = Application.objects.filter(pk__in=[int(value) for value in ticked])
            try:
                batch = card_batches.card_batch_send(
                    office=office, applications=chosen, by=request.user
                )
            except ValidationError as refused:
                problems = refused.messages
            except services.MoveNotAllowed as refused:
                problems = [str(refused)]
            else:
                messages.success(
                    request,
                    ngettext(
                        "Batch %(number)s is sent: %(count)s application is now with the card "
                        "centre. The parent is told by email.",
                        "Batch %(number)s is sent: %(count)s applications are now with the card "
                        "centre. The parents are told by email.",
                        batch.application_count,
                    )
                    % {"number": batch.number, "count": batch.application_count},
                )
                return redirect(reverse("admin:enrollment_cardbatch_change", args=[batch.pk]))
        waiting, total = [], 0
        if office is not None:
            to_send = card_batches.applications_to_send(office)
            total = to_send.count()
            waiting = [
                {
                    "application": application,
                    "child": application.part("child"),
                    "ticked": ticked is None or str(application.pk) in ticked,
                }
                for application in to_send[: self.SEND_SHOWN]
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": SEND_TITLE,
            "supervisor": supervisor,
            "offices": offices.order_by("pk") if supervisor else [],
            "office": office,
            "waiting": waiting,
            "total": total,
            "shown": len(waiting),
            "sendable": any(row["child"] and row["child"].id_number for row in waiting),
            "problems": problems,
        }
        return TemplateResponse(request, "admin/enrollment/cardbatch/send.html", context)

    # --- A batch -----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self._batch_or_404(request, object_id)
        form = None if batch.issued_at else CardBatchIssueForm(batch=batch)
        return self._batch_page(request, batch, form)

    def _batch_page(self, request, batch, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Card batch %(number)s") % {"number": batch.number},
            "batch": batch,
            "applications": batch.applications.select_related("child").order_by(
                "reference_number", "pk"
            ),
            "form": form,
            "supervisor": access.is_supervisor(request.user),
        }
        return TemplateResponse(request, "admin/enrollment/cardbatch/batch.html", context)

    def issue_view(self, request, object_id):
        """The cards have arrived: every application of the batch moves to "card issued"."""
        batch = self._batch_or_404(request, object_id)
        batch_url = reverse("admin:enrollment_cardbatch_change", args=[batch.pk])
        if request.method != "POST":
            return redirect(batch_url)
        if batch.issued_at:
            messages.warning(request, _("The cards of this batch are already marked issued."))
            return redirect(batch_url)
        form = CardBatchIssueForm(request.POST, batch=batch)
        if not form.is_valid():
            return self._batch_page(request, batch, form)
        try:
            moved = card_batches.card_batch_issue(
                batch=batch,
                by=request.user,
                issued_on=form.cleaned_data["issued_on"],
                collection_place=form.cleaned_data["collection_place"],
            )
        except (ValidationError, services.MoveNotAllowed) as refused:
            text = " ".join(refused.messages) if isinstance(refused, ValidationError) else refused
            messages.error(request, text)
        else:
            messages.success(
                request,
                ngettext(
                    "The cards of batch %(number)s are issued: %(count)s application is now "
                    "“Card issued”. The parent is told by email.",
                    "The cards of batch %(number)s are issued: %(count)s applications are now "
                    "“Card issued”. The parents are told by email.",
                    moved,
                )
                % {"number": batch.number, "count": moved},
            )
        return redirect(batch_url)

    def download_view(self, request, object_id):
        """The batch's list and photos, as the card centre takes them; each application's
        access log records the download (the list holds the children's full ID numbers)."""
        batch = self._batch_or_404(request, object_id)
        content = card_batches.card_batch_zip(batch)
        file_name = f"card-batch-{batch.number}.zip"
        AccessLog.objects.bulk_create(
            AccessLog(
                user=request.user,
                application_id=application_id,
                action=AccessLog.Action.DOWNLOADED,
                detail=file_name,
            )
            for application_id in batch.applications.values_list("pk", flat=True)
        )
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response

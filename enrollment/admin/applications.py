"""Staff review of applications: the work queue, the application's page and its moves.

Staff see and act on the submitted applications of their own office; supervisors on every
office's. Applications are read-only here: each status move is a button with its own small
form, and every move goes through a service, which records it and tells the parent."""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.pagination import KeysFirstPaginator

from .. import access, formatting, validators, wizard
from ..applications import reference_numbers, resubmission, selectors, services, statuses
from ..models import (
    AccessLog,
    Application,
    Child,
    StatusChange,
)
from ..office_work import exports, work_queue
from . import forms as admin_forms
from .children import YEARS_IN_ORDER_OF_CHILD
from .filters import (
    CategoryFilter,
    OfficeFilter,
    QueueChangeList,
    QueueFilter,
    ReviewersReadOnly,
    StatusFilter,
    SubmittedFilter,
)


@admin.register(Application)
class ApplicationAdmin(ReviewersReadOnly):
    change_form_template = "admin/enrollment/application/change_form.html"
    list_display = [
        "reference_number",
        "child_name",
        "child_id_masked",
        "office",
        "category",
        "status_shown",
        "submitted_on",
        "days_waiting",
        "years_recorded",
    ]
    list_filter = [
        QueueFilter,
        ("status", StatusFilter),
        ("office", OfficeFilter),
        CategoryFilter,
        ("submitted_at", SubmittedFilter),
    ]
    search_fields = ["reference_number", "child__full_name", "=child__id_number"]  # see below
    search_help_text = _(
        "Reference number, child's name, or the child's full ID number or birth medical "
        "certificate number."
    )
    list_select_related = ["office", "child"]
    ordering = ["-submitted_at"]
    paginator = KeysFirstPaginator  # the queue sorts by how long each has waited
    list_per_page = 50
    show_full_result_count = False
    actions = ["export_csv", "export_xlsx"]
    fieldsets = [
        (None, {"fields": ["reference_number", "status", "submitted_at"]}),
        (
            _("Amount due and cover"),
            {
                "fields": [
                    "fee_schedule",
                    "repaired_years",
                    "fee_due",
                ]
            },
        ),
        (_("Payment"), {"fields": ["receipt_number", "amount_paid", "paid_on", "payment_channel"]}),
        (_("Card"), {"fields": ["card_number", "card_issued_on", "card_collection_place"]}),
    ]

    # --- Who may do what ---------------------------------------------------------------

    def get_queryset(self, request):
        resubmissions = StatusChange.objects.filter(
            application=OuterRef("pk"),
            from_status=Application.Status.RETURNED,
            to_status=Application.Status.SUBMITTED,
        )
        return (
            access.applications_reviewable_by(request.user, super().get_queryset(request))
            .annotate(was_resubmitted=Exists(resubmissions))
            .prefetch_related(YEARS_IN_ORDER_OF_CHILD)
        )

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return access.may_review(request.user, obj)
        return super().has_view_permission(request)

    # --- The list ----------------------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        """A reference number or an ID number is looked up exactly, through its index; anything
        else is a part of the child's name. (Django's default would scan every row for every
        field, whatever was typed.)"""
        term = search_term.strip()
        compact = re.sub(r"[\s-]", "", term).upper()
        reference = reference_numbers.canonical(compact)
        if reference:
            return queryset.filter(reference_number=reference), False
        if re.fullmatch(r"\d{17}[\dX]", compact):
            # A subquery, so that the database starts from the ID number's index rather than
            # from every application of the office.
            children = Child.objects.filter(id_number=compact).values("application_id")
            return queryset.filter(pk__in=children), False
        if validators.BIRTH_CERTIFICATE_PATTERN.fullmatch(compact):
            children = Child.objects.filter(birth_certificate_number=compact)
            return queryset.filter(pk__in=children.values("application_id")), False
        if term:
            return queryset.filter(child__full_name__icontains=term), False
        return queryset, False

    @admin.display(description=_("child"), ordering="child__full_name")
    def child_name(self, application):
        return application.child.full_name

    @admin.display(description=_("child's ID number"))
    def child_id_masked(self, application):
        return formatting.masked_id_number(application.child.id_number)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_list_display(self, request):
        """Staff of one office need no office column: the list fits 1280 px without it."""
        if access.is_supervisor(request.user):
            return self.list_display
        return [name for name in self.list_display if name != "office"]

    def get_ordering(self, request):
        if QueueFilter.shows_waiting(request):
            return ["status_changed_at", "pk"]  # longest waiting first
        return self.ordering

    @admin.display(description=_("category"))
    def category(self, application):
        return application.child.category.short_label

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, application):
        """A resubmitted application says so: its page shows what the parent changed."""
        if application.status == Application.Status.SUBMITTED and application.was_resubmitted:
            return _("Resubmitted after changes")
        return application.get_status_display()

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_on(self, application):
        if application.submitted_at is None:
            return "–"
        return timezone.localdate(application.submitted_at).isoformat()

    @admin.display(description=_("years recorded"))
    def years_recorded(self, application):
        child = application.insured_child
        return exports.years_summary(child.cover_years.all()) if child else "–"

    @admin.display(description=_("working days waiting"), ordering="-status_changed_at")
    def days_waiting(self, application):
        waited = work_queue.working_days_waiting(application)
        if waited is None:
            return "–"
        if work_queue.is_overdue(application):
            limit = application.office.waiting_limit_working_days
            return format_html(
                '<strong class="overdue">{}</strong>',
                _("%(days)s (over %(limit)s)") % {"days": waited, "limit": limit},
            )
        return waited

    @admin.action(description=_("Export the selected applications as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return exports.csv_response(self._export_rows(queryset), stem="applications")

    @admin.action(
        description=_("Export the selected applications as Excel (XLSX)"), permissions=["view"]
    )
    def export_xlsx(self, request, queryset):
        return exports.xlsx_response(
            self._export_rows(queryset), stem="applications", title=str(_("applications"))
        )

    @staticmethod
    def _export_rows(queryset):
        return exports.application_rows(queryset.select_related("office", "child"))

    # --- The change page and the moves ---------------------------------------------------

    def get_urls(self):
        return [
            path(
                "by-reference/<str:reference_number>/",
                self.admin_site.admin_view(self.by_reference_view),
                name="enrollment_application_by_reference",
            ),
            path(
                "<path:object_id>/move/<slug:move>/",
                self.admin_site.admin_view(self.move_view),
                name="enrollment_application_move",
            ),
            path(
                "<path:object_id>/child-id-number/",
                self.admin_site.admin_view(self.child_id_number_view),
                name="enrollment_application_child_id_number",
            ),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        """The application with everything its page shows, fetched once per request: the change
        view and Django's form view both ask for it."""
        cache = request.__dict__.setdefault("_applications_shown", {})
        if object_id not in cache:
            queryset = selectors.applications_with_parts(self.get_queryset(request)).select_related(
                "fee_schedule__office", "card_batch"
            )
            try:
                cache[object_id] = queryset.get(pk=int(object_id))
            except (Application.DoesNotExist, ValueError):
                cache[object_id] = None
        return cache[object_id]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            if request.method == "GET":
                access.record_access(
                    user=request.user, application=application, action=AccessLog.Action.OPENED
                )
            history = list(application.history.select_related("changed_by", "notice"))
            extra_context.update(
                {
                    "application": application,
                    "history": history,
                    "resubmission": resubmission.changes_since_return(application, history),
                    "sections": wizard.answer_sections(application),
                    "cover_years": (
                        application.insured_child.cover_years.select_related(
                            "subsidy_category", "fee_schedule"
                        )
                        if application.insured_child_id
                        else application.quoted_years.select_related("subsidy_category")
                    ),
                    "years_quoted": not application.insured_child_id,
                    "id_number_notes": [
                        note
                        for person, whose in [
                            (application.part("child"), _("child's")),
                            (application.part("guardian"), _("guardian's")),
                        ]
                        if person is not None
                        for note in validators.resident_id_notes(person.id_number, whose=whose)
                    ],
                    "moves": [
                        (name, statuses.MOVES[name].label)
                        for name in services.moves_allowed(application, staff=True)
                    ],
                    "may_add_child_id_number": self._may_add_child_id_number(application),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """One history: the application's own moves, at the foot of its page. (Django's history
        lists edits made in the admin, and applications are never edited there.)"""
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        change_url = reverse("admin:enrollment_application_change", args=[application.pk])
        return redirect(f"{change_url}#history")

    def by_reference_view(self, request, reference_number):
        """Where the QR code on a printed document leads: the application, if this member of
        staff may review it; otherwise the list, with a message. An address that holds no
        well-formed reference number is not looked up, nor repeated back."""
        changelist = reverse("admin:enrollment_application_changelist")
        reference = reference_numbers.canonical(reference_number)
        if reference is None:
            messages.warning(
                request,
                _("No application in your office has the reference number in this address."),
            )
            return redirect(changelist)
        application = self.get_queryset(request).filter(reference_number=reference).first()
        if application is None:
            messages.warning(
                request, _("No application %(ref)s in your office.") % {"ref": reference}
            )
            return redirect(changelist)
        return redirect(reverse("admin:enrollment_application_change", args=[application.pk]))

    @staticmethod
    def _may_add_child_id_number(application) -> bool:
        child = application.part("child")
        return child is not None and child.awaits_id_number and not application.is_dropped

    def child_id_number_view(self, request, object_id):
        """Staff add the ID number of a newborn who applied with the birth medical certificate
        number (services.child_add_id_number); the service's refusals show next to the field."""
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        change_url = reverse("admin:enrollment_application_change", args=[application.pk])
        if not self._may_add_child_id_number(application):
            return redirect(change_url)
        form = admin_forms.ChildIdNumberForm(
            request.POST if request.method == "POST" else None, application=application
        )
        if request.method == "POST" and form.is_valid():
            try:
                form.apply(by=request.user)
            except services.MoveNotAllowed as refused:
                messages.error(request, refused)
                return redirect(change_url)
            except ValidationError as refused:
                form.add_error("id_number", refused.messages)
            else:
                messages.success(request, _("The child's ID number has been added."))
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "application": application,
            "form": form,
            "title": admin_forms.ADD_CHILD_ID_NUMBER,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/enrollment/application/move_form.html", context)

    def move_view(self, request, object_id, move):
        application = self.get_object(request, object_id)
        staff_move = statuses.MOVES.get(move)
        if application is None or staff_move is None or staff_move.by != statuses.Actor.STAFF:
            raise Http404
        change_url = reverse("admin:enrollment_application_change", args=[application.pk])
        if move not in services.moves_allowed(application, staff=True):
            messages.error(request, services.MoveNotAllowed(move=move, status=application.status))
            return redirect(change_url)
        title = staff_move.label
        form = admin_forms.move_form(
            move, request.POST if request.method == "POST" else None, application=application
        )
        if request.method == "POST" and form.is_valid():
            try:
                form.apply(by=request.user)
            except services.MoveNotAllowed as refused:
                messages.error(request, refused)
            except ValidationError as refused:  # the service's own checks, run under its lock
                messages.error(request, " ".join(refused.messages))
            else:
                messages.success(
                    request,
                    _("%(move)s: done. The parent has been told by email.") % {"move": title},
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "application": application,
            "form": form,
            "title": title,
            "move": move,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/enrollment/application/move_form.html", context)

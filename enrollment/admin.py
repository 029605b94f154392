"""Staff review in the Django admin.

Staff see and act on the submitted applications of their own office; supervisors on every
office's. Applications are read-only here: each status move is a button with its own small
form, and every move goes through a service, which records it and tells the parent.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from portal.admin import TamperedAddressGuard
from portal.forms import PlainMessagesModelForm
from portal.limits import size_limit_text
from portal.models import User
from portal.pagination import KeysFirstPaginator

from . import (
    access,
    admin_forms,
    contributions,
    exports,
    fee_changes,
    formatting,
    payment_import,
    reference_numbers,
    resubmission,
    rules,
    selectors,
    services,
    statuses,
    summary,
    validators,
    work_queue,
)
from .models import (
    AccessLog,
    Application,
    Child,
    CommunityOffice,
    CoverYear,
    CoverYearChange,
    FeeSchedule,
    FeeScheduleChange,
    InsuredChild,
    Notice,
    PaymentImport,
    Renewal,
    StaffMembership,
    StatusChange,
    SubsidyCategory,
)
from .staff_admin import StaffAccountAdmin, StaffMembershipAdmin

admin.site.register(User, StaffAccountAdmin)
admin.site.register(StaffMembership, StaffMembershipAdmin)


@admin.register(CommunityOffice)
class CommunityOfficeAdmin(TamperedAddressGuard, TranslationAdmin):
    """Name, address and opening hours in Chinese and English (enrollment/translation.py)."""

    form = PlainMessagesModelForm
    list_display = ["name", "region", "phone", "is_active"]
    list_filter = ["region", "is_active"]
    # Both languages: a lookup on the plain name would search the interface's language only.
    search_fields = ["name_zh_hans", "name_en", "address_zh_hans", "address_en"]


class SubsidyCategoryInline(TranslationStackedInline):
    """Stacked, so that every field has its own label (the tabular layout labels by column)."""

    model = SubsidyCategory
    form = PlainMessagesModelForm
    extra = 0


class FeeScheduleChangeInline(admin.StackedInline):
    """The schedule's history: each saved change of its figures, read-only."""

    model = FeeScheduleChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "figures_changed", "owing", "paid", "dues", "requoted"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("figures changed"))
    def figures_changed(self, change):
        return "; ".join(
            f"{FeeSchedule._meta.get_field(name).verbose_name}: {before} → {after}"
            for name, (before, after) in change.figures.items()
        )


@admin.register(FeeSchedule)
class FeeScheduleAdmin(TamperedAddressGuard, TranslationAdmin):
    form = admin_forms.FeeScheduleForm
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
    inlines = [SubsidyCategoryInline, FeeScheduleChangeInline]

    def get_fieldsets(self, request, obj=None):
        """The question of what families owe is shown only when it is asked (below)."""
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "dues"]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A changed contribution that families owe or paid: the question comes first."""
        form = context["adminform"].form
        if "dues" in form.errors:
            context["adminform"] = helpers.AdminForm(
                form,
                [(_("What families owe"), {"fields": ["dues"]}), *self.get_fieldsets(request, obj)],
                self.get_prepopulated_fields(request, obj),
                self.get_readonly_fields(request, obj),
                model_admin=self,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change:
            form.figures_before = fee_changes.figures_of(FeeSchedule.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """After the subsidy groups are saved (a quote again reads them): the history row,
        and the unpaid dues quoted again if the supervisor chose so."""
        super().save_related(request, form, formsets, change)
        if change:
            recorded = fee_changes.fee_schedule_changed(
                schedule=form.instance,
                before=form.figures_before,
                by=request.user,
                requote=form.requotes,
            )
            if recorded is not None and recorded.requoted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s unpaid year was quoted again; its family is told.",
                        "%(count)s unpaid years were quoted again; each family is told.",
                        recorded.requoted,
                    )
                    % {"count": recorded.requoted},
                )


class CategoryFilter(admin.SimpleListFilter):
    """Newborn, preschool or school age, from the date of birth as of today."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(category.value, category.label) for category in rules.ChildCategory]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            category = rules.ChildCategory(self.value())
        except ValueError:
            # As Django answers a value its own filters cannot read: the full list, with a word.
            raise IncorrectLookupParameters(f"unknown category {self.value()[:20]!r}") from None
        born_after, born_by = rules.birth_dates_of(category, timezone.localdate())
        return queryset.filter(
            child__date_of_birth__gt=born_after, child__date_of_birth__lte=born_by
        )


class QueueFilter(admin.SimpleListFilter):
    """The list opens on the office's work: what waits for its action, longest waiting first.
    A search or another filter looks through every application, closed ones included."""

    title = _("work queue")
    parameter_name = "queue"
    QUEUE, ELSEWHERE, CLOSED, ALL = "office", "elsewhere", "closed", "all"
    STATUSES = {
        QUEUE: work_queue.QUEUE_STATUSES,
        ELSEWHERE: work_queue.WAITING_ELSEWHERE,
        CLOSED: work_queue.FINAL_STATUSES,
    }
    # Parameters that do not narrow the list: sorting and the page number.
    NOT_NARROWING = {"o", "p", "_changelist_filters"}

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.default = self.default_for(request)

    @classmethod
    def default_for(cls, request) -> str:
        """The queue, unless a search or another filter narrows the list: then everything."""
        narrowed = set(request.GET) - cls.NOT_NARROWING - {cls.parameter_name}
        return cls.ALL if narrowed else cls.QUEUE

    def lookups(self, request, model_admin):
        return [
            (self.QUEUE, _("Waiting for the office")),
            (self.ELSEWHERE, _("Waiting for the family or the card centre")),
            (
                self.CLOSED,
                _("Closed (%(statuses)s)")
                % {
                    "statuses": formatting.listed(
                        [str(status.label).lower() for status in work_queue.FINAL_STATUSES]
                    )
                },
            ),
            (self.ALL, _("All")),
        ]

    def value(self):
        chosen = super().value()
        return (
            chosen
            if chosen in (self.QUEUE, self.ELSEWHERE, self.CLOSED, self.ALL)
            else (self.default)
        )

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        statuses = self.STATUSES.get(self.value())
        return queryset if statuses is None else queryset.filter(status__in=statuses)

    @classmethod
    def shows_waiting(cls, request) -> bool:
        """Whether the list shows waiting applications, sorted longest waiting first."""
        chosen = request.GET.get(cls.parameter_name)
        if chosen is None:
            chosen = cls.default_for(request)
        return chosen in (cls.QUEUE, cls.ELSEWHERE)


class QueueChangeList(ChangeList):
    """The application list: the sorted column marked by the list's real ordering (the queue's,
    longest waiting first), where Django would read the admin's fixed `ordering`."""

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(request, *args, **kwargs)

    def _get_default_ordering(self):
        return self.model_admin.get_ordering(self.request)


class StatusFilter(admin.ChoicesFieldListFilter):
    """The statuses staff can meet: a draft is the parent's until it is submitted."""

    def choices(self, changelist):
        draft = f"{self.lookup_kwarg}={Application.Status.DRAFT.value}"
        for choice in super().choices(changelist):
            if draft not in choice["query_string"]:
                yield choice


class SubmittedFilter(admin.DateFieldListFilter):
    """Every application staff see has been submitted: no "No date" / "Has date" choices."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.links = tuple(
            link for link in self.links if self.field_generic + "isnull" not in link[1]
        )


class OfficeFilter(admin.RelatedFieldListFilter):
    """Only supervisors choose an office: staff see their own office's applications anyway."""

    def __init__(self, field, request, *args, **kwargs):
        self.shown = access.is_supervisor(request.user)
        super().__init__(field, request, *args, **kwargs)

    def has_output(self):
        return self.shown and super().has_output()


class ReviewersReadOnly(TamperedAddressGuard, admin.ModelAdmin):
    """Open to staff who review an office's applications and to supervisors, read-only: what
    changes goes through the move buttons and their services."""

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return access.office_scope(request.user).reaches_any

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
            history = list(application.history.select_related("changed_by"))
            extra_context.update(
                {
                    "application": application,
                    "history": history,
                    "resubmission": resubmission.changes_since_return(application, history),
                    "sections": summary.answer_sections(application),
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
    """Emails to parents not yet taken by the mail server show here, for supervisors."""

    list_display = ["about", "sent_at", "attempts", "next_attempt_at", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
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


from . import card_batch_admin  # noqa: E402, F401  (registers CardBatchAdmin)

"""The application list's filters, and what every reviewer's page shares: read-only, open to staff of an office and to supervisors."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.admin import TamperedAddressGuard

from .. import access, formatting, rules
from ..models import (
    Application,
)
from ..office_work import work_queue


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

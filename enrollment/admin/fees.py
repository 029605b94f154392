"""Fee schedules and their subsidy groups, for supervisors; a change of contribution asks what families owe first."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from portal.admin import TamperedAddressGuard
from portal.forms import PlainMessagesModelForm

from .. import (
    fee_changes,
)
from ..models import (
    FeeSchedule,
    FeeScheduleChange,
    SubsidyCategory,
)
from . import forms as admin_forms


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

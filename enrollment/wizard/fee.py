"""The fee: the subsidy group the child claims (with its proof where asked) and, after a break
in cover, how many missed years the family pays for now."""

from django import forms
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.forms import QuestionFormMixin
from portal.limits import size_limit_text

from .. import fees, formatting
from ..applications import answers
from ..models import Document
from .base import Answer, Section, Step, document_answer
from .questions import DocumentField, DocumentUploadsMixin


class FeeForm(DocumentUploadsMixin, QuestionFormMixin, forms.Form):
    NO_SUBSIDY = "none"

    subsidy = forms.ChoiceField(
        label=_("Does the child belong to one of these groups?"),
        widget=forms.RadioSelect,
        help_text=_("The government pays all or part of the contribution for these children."),
        error_messages={
            "required": _(
                "Select the group the child belongs to, or that the child belongs to none"
            ),
            "invalid_choice": _("Select one of the groups listed"),
        },
    )
    subsidy_proof = DocumentField(
        kind=Document.Kind.SUBSIDY_PROOF,
        document_name=_("The proof for the group you chose"),
        label=_("Upload the proof for the group you chose"),
        missing_message=_("Upload the proof that the child belongs to the group you chose"),
        needed=False,
        optional_in_label=False,
    )

    def __init__(self, *args, subsidy_categories, repair=None, repair_price=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subsidy_categories = {str(c.pk): c for c in subsidy_categories}
        if repair is not None:
            self.fields["repaired_years"] = forms.TypedChoiceField(
                label=_("Pay for missed years now, to start cover sooner?"),
                choices=self.repair_choices(repair, repair_price),
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_(
                    "Each year without cover you pay for now shortens the waiting period by a "
                    "month. The office confirms the amount."
                ),
                error_messages={
                    "required": _("Select how many missed years you pay for now"),
                    "invalid_choice": _("Select one of the choices listed"),
                },
            )
        self.fields["subsidy"].choices = [
            *[(pk, self.describe(category)) for pk, category in self.subsidy_categories.items()],
            (self.NO_SUBSIDY, _("No, none of these")),
        ]
        proof = self.fields["subsidy_proof"]
        proof.help_text = _(
            "Only if you chose a group above: the document named next to it. JPG, PNG or PDF, "
            "smaller than %(limit)s."
        ) % {"limit": size_limit_text()}

    @staticmethod
    def repair_choices(repair, price):
        choices = [(0, _("No: cover starts on %(date)s") % {"date": date_format(repair.starts[0])})]
        for years in range(1, repair.useful + 1):
            choices.append(
                (
                    years,
                    ngettext(
                        "%(count)d missed year (%(years)s), ¥%(amount)s more: cover starts on "
                        "%(date)s",
                        "%(count)d missed years (%(years)s), ¥%(amount)s more: cover starts on "
                        "%(date)s",
                        years,
                    )
                    % {
                        "count": years,
                        "years": formatting.listed(repair.missed_years[-years:]),
                        "amount": years * price,
                        "date": date_format(repair.starts[years]),
                    },
                )
            )
        return choices

    def chosen_repairs(self):
        return self.cleaned_data.get("repaired_years") or 0

    @staticmethod
    def describe(category):
        if category.kind == category.Kind.FULL:
            benefit = _("full subsidy, the government pays the whole contribution")
        elif category.kind == category.Kind.FIXED:
            benefit = _("fixed-amount subsidy, the government pays ¥%(amount)s") % {
                "amount": category.amount
            }
        else:
            benefit = _("percentage subsidy, the government pays %(share)s%%") % {
                "share": formatting.plain_number(category.amount)
            }
        if category.exempt_from_waiting:
            benefit = _("%(benefit)s; no waiting period") % {"benefit": benefit}
        if category.proof_required:
            return _("%(group)s: %(benefit)s. Proof: %(proof)s") % {
                "group": category.name,
                "benefit": benefit,
                "proof": category.proof_required,
            }
        return _("%(group)s: %(benefit)s") % {"group": category.name, "benefit": benefit}

    def chosen_category(self):
        return self.subsidy_categories.get(self.cleaned_data.get("subsidy"))

    def clean(self):
        category = self.subsidy_categories.get(self.data.get(self.add_prefix("subsidy")))
        self.fields["subsidy_proof"].needed = bool(category and category.proof_required)
        return super().clean()


class FeeStep(Step):
    identifier = "fee"
    label = _("Fee")
    title = _("The fee")
    template_name = "enrollment/step_fee.html"
    reads = ("office", "subsidy_category")  # the office's schedules set the fee
    compared_fields = ("subsidy_category", "repaired_years")

    def is_completed(self, application):
        """The subsidy question answered for the fee that applies today: a group chosen under
        another year's schedule, or without its proof, leaves it unanswered."""
        if not application.subsidy_answered:
            return False
        fee_quote = fees.application_quote(application)
        if fee_quote is None:
            return False
        category = application.subsidy_category
        if category is None:
            return True
        return fee_quote.subsidy == category and (
            not category.proof_required
            or application.document(Document.Kind.SUBSIDY_PROOF) is not None
        )

    def summary(self, application):
        if not application.subsidy_answered:
            return None
        category = application.subsidy_category
        rows = [
            Answer(_("Subsidy claimed"), category.name if category else _("None"), "id_subsidy_0")
        ]
        if category and category.proof_required:
            rows.append(
                document_answer(
                    application,
                    Document.Kind.SUBSIDY_PROOF,
                    _("Proof of the subsidy"),
                    "id_subsidy_proof",
                )
            )
        return Section(self.identifier, self.label, rows)

    def printed(self, application, years):
        terms = "\n".join(
            render_to_string(
                "enrollment/includes/year_terms.txt", {"y": year, "amount_only": True}
            ).strip()
            for year in years
        )
        category = application.subsidy_category
        answers = [
            Answer(_("Years of cover"), terms, wide=True),
            Answer(_("Subsidy claimed"), category.name if category else _("None")),
            Answer(_("Amount to pay"), f"¥{application.fee_due}"),
        ]
        if application.repaired_years:
            answers.append(Answer(_("Missed years paid for"), str(application.repaired_years)))
        return Section(self.identifier, _("Insurance and fee"), answers)

    def make_form(self, application, data=None, files=None):
        fee_quote = fees.application_quote(application)
        categories = list(fee_quote.schedule.subsidy_categories.all()) if fee_quote else []
        initial = {"repaired_years": application.repaired_years}
        if application.subsidy_answered:
            chosen = application.subsidy_category
            initial["subsidy"] = str(chosen.pk) if chosen else FeeForm.NO_SUBSIDY
        return FeeForm(
            data,
            files,
            initial=initial,
            application=application,
            subsidy_categories=categories,
            repair=fee_quote.repair if fee_quote else None,
            repair_price=fee_quote.repair_price if fee_quote else None,
        )

    def save_answers(self, form, application):
        answers.subsidy_choose(
            application=application,
            subsidy_category=form.chosen_category(),
            repaired_years=form.chosen_repairs(),
        )
        return True

    def context(self, application, form):
        fee_quote = fees.application_quote(application)
        groups = list(fee_quote.schedule.subsidy_categories.all()) if fee_quote else []
        return {
            "quote": fee_quote,
            "exempt_groups": formatting.listed(g.name for g in groups if g.exempt_from_waiting),
            "groups_with_sources": [g for g in groups if g.source],
        }

"""The fee: the subsidy group the child claims (with its proof where asked) and, after a break
in cover, how many missed years the family pays for now."""

from django.utils.translation import gettext_lazy as _

from .. import answers, fees, formatting, forms
from ..models import Document
from .base import Answer, Section, Step, document_answer


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

    def make_form(self, application, data=None, files=None):
        fee_quote = fees.application_quote(application)
        categories = list(fee_quote.schedule.subsidy_categories.all()) if fee_quote else []
        initial = {"repaired_years": application.repaired_years}
        if application.subsidy_answered:
            chosen = application.subsidy_category
            initial["subsidy"] = str(chosen.pk) if chosen else forms.FeeForm.NO_SUBSIDY
        return forms.FeeForm(
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

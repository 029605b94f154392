"""The wizard as an ordered list of steps (the pattern of pretix's checkout flow).

Each step says whether it applies to an application and whether it is complete (from the rules
in completeness.py, which the submit service applies too); it only answers, it never changes
data. Each step makes its form, and saves what the form accepted, uploads included, through the
parent's answers (answers.py). `Flow(application)` works out once per request which steps apply, which is the first
incomplete one, and what comes before and after a step.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from . import answers, completeness, fees, formatting, forms
from .models import Child, Guardian, HouseholdRegister


class Step:
    identifier = ""
    reads = ()  # the application's parts its page and its completeness rule use
    label = ""
    title = ""  # the page's h1: the question or the topic
    template_name = "enrollment/step.html"
    intro_template = ""  # what the page says before its questions, if anything
    question_is_heading = False  # one question whose legend is the page's h1 (no separate h1)
    is_completed = staticmethod(completeness.always)

    def is_applicable(self, application) -> bool:
        return True

    def make_form(self, application, data=None, files=None):
        raise NotImplementedError

    def save(self, form, application) -> bool:
        """Validate the form and save what it holds; True when every answer was accepted.

        Uploads that passed their checks are stored even when other answers on the page have
        errors, so that a parent never chooses the same file twice.
        """
        accepted = form.is_valid()
        for kind, upload in getattr(form, "checked_uploads", {}).items():
            form.show_stored(
                answers.document_store(application=application, kind=kind, upload=upload)
            )
        if accepted:
            accepted = self.save_answers(form, application)
        return accepted

    def save_answers(self, form, application) -> bool:
        """Save the form's answers other than uploads; False with the service's refusal added to
        the form (a rule a form alone cannot see, such as another application for the child)."""
        return True

    def context(self, application, form) -> dict:
        return {}


class OfficeStep(Step):
    identifier = "office"
    label = _("Community office")
    title = _("Which community office will you apply to?")
    question_is_heading = True
    is_completed = staticmethod(completeness.office_chosen)

    def is_applicable(self, application):
        return not application.office_is_fixed

    def make_form(self, application, data=None, files=None):
        return forms.OfficeForm(data, initial={"office": application and application.office_id})

    def save_answers(self, form, application):
        answers.application_change_office(
            application=application, office=form.cleaned_data["office"]
        )
        return True


class PartStep(Step):
    """A step whose answers live in one part of the application (Child, Guardian...)."""

    part_name = ""
    part_model = None
    form_class = None

    def make_form(self, application, data=None, files=None):
        # An unsaved part is not tied to the application here: assigning it would make the
        # application believe the part exists. answers.answers_save ties it on saving.
        instance = application.part(self.part_name) or self.part_model()
        return self.form_class(data, files, instance=instance, application=application)

    def save_answers(self, form, application):
        try:
            answers.answers_save(application=application, part=form.save(commit=False))
        except ValidationError as refused:
            form.add_error(None, refused)
            return False
        return True


class ChildStep(PartStep):
    identifier = "child"
    label = _("Child")
    title = _("About the child")
    intro_template = "enrollment/intros/child.html"
    part_name, part_model, form_class = "child", Child, forms.ChildForm
    reads = ("office", "child")  # the office says whether newborns may give a certificate number
    is_completed = staticmethod(completeness.child_described)


class HouseholdRegisterStep(PartStep):
    identifier = "household-register"
    label = _("Household register")
    title = _("The child's household register")
    intro_template = "enrollment/intros/household_register.html"
    part_name, part_model, form_class = (
        "household_register",
        HouseholdRegister,
        forms.HouseholdRegisterForm,
    )
    reads = ("office", "household_register")  # the office says whether newborns bring a certificate
    is_completed = staticmethod(completeness.household_register_given)


class GuardianStep(PartStep):
    identifier = "guardian"
    label = _("Guardian")
    title = _("The guardian acting for the child")
    part_name, part_model, form_class = "guardian", Guardian, forms.GuardianForm
    reads = ("guardian",)
    is_completed = staticmethod(completeness.guardian_given)


class PhotoStep(Step):
    """Its one answer is the photo, which Step.save stores, made into the card photo, as soon as
    it passes its checks. The page then shows it as it will be printed, and the step is complete
    only once the parent chooses to use it (a new upload asks again)."""

    identifier = "photo"
    label = _("Photo")
    title = _("A photo of the child for the social security card")
    template_name = "enrollment/step_photo.html"
    is_completed = staticmethod(completeness.photo_given)

    def is_applicable(self, application):
        return completeness.photo_needed(application)

    def make_form(self, application, data=None, files=None):
        return forms.PhotoForm(data, files, application=application)

    def save(self, form, application):
        if form.data.get("use_photo") and form.fields["photo"].document is not None:
            answers.photo_confirm(application=application)
            return True
        return super().save(form, application)


class FeeStep(Step):
    identifier = "fee"
    label = _("Fee")
    title = _("The fee")
    template_name = "enrollment/step_fee.html"
    is_completed = staticmethod(completeness.fee_answered)
    reads = ("office", "subsidy_category")  # the office's schedules set the fee

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


STEPS = [OfficeStep(), ChildStep(), HouseholdRegisterStep(), GuardianStep(), PhotoStep(), FeeStep()]
STEPS_BY_ID = {step.identifier: step for step in STEPS}


def parts_read_up_to(step) -> tuple[str, ...]:
    """The parts a step's page reads: its own, those of the steps before it (whose completeness
    decides whether it may open), and the child, whose age decides which steps apply."""
    earlier = STEPS[: STEPS.index(step) + 1]
    return tuple(dict.fromkeys(["child", *(part for s in earlier for part in s.reads)]))


class Flow:
    """The wizard for one application as it stands: the steps that apply, in order, and which
    are complete, each worked out at most once, and only when asked (a page early in the
    wizard needs to know little about the later ones)."""

    def __init__(self, application):
        self.application = application
        self.steps = [step for step in STEPS if step.is_applicable(application)]
        self._completed = {}

    def is_completed(self, step) -> bool:
        if step not in self._completed:
            self._completed[step] = step.is_completed(self.application)
        return self._completed[step]

    @cached_property
    def first_incomplete(self) -> Step | None:
        return next((step for step in self.steps if not self.is_completed(step)), None)

    @staticmethod
    def step(identifier) -> Step:
        """The step an address names; a 404 for any other name."""
        try:
            return STEPS_BY_ID[identifier]
        except KeyError:
            raise Http404 from None

    @property
    def is_complete(self) -> bool:
        return self.first_incomplete is None

    def may_open(self, step) -> bool:
        """Whether the parent may see a step now: one that applies, with every step before it
        complete (the later pages build on the earlier ones)."""
        if step not in self.steps:
            return False
        return all(self.is_completed(earlier) for earlier in self.steps[: self.steps.index(step)])

    def after(self, step) -> Step | None:
        later = self.steps[self.steps.index(step) + 1 :]
        return later[0] if later else None

    def before(self, step) -> Step | None:
        earlier = self.steps[: self.steps.index(step)]
        return earlier[-1] if earlier else None

    @staticmethod
    def position(step) -> tuple[int, int]:
        """The step's number and how many there are, as the page says "Step 2 of 6".

        Both come from every step the wizard may ask, not from those that apply: which apply
        is known only from answers (the child's age decides the photo step), so a count of
        those would change mid-journey. A step that does not apply leaves its number unused,
        and the last step always reads "6 of 6"."""
        return STEPS.index(step) + 1, len(STEPS)

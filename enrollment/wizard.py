"""The wizard as an ordered list of steps (the pattern of pretix's checkout flow).

Each step says whether it applies to an application and whether it is complete; it only answers,
it never changes data. One dispatcher sends the parent to the first applicable step that is not
complete; each step's POST validates, saves through a service and moves on.
"""

from abc import ABC, abstractmethod

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import fees, forms, services
from .models import Child, Document, Guardian, HouseholdRegister


class Step(ABC):
    identifier = ""
    label = ""
    title = ""  # the page's h1: the question or the topic
    template_name = "enrollment/step.html"
    intro_template = ""  # what the page says before its questions, if anything

    def is_applicable(self, application) -> bool:
        return True

    @abstractmethod
    def is_completed(self, application) -> bool: ...

    @abstractmethod
    def make_form(self, application, data=None, files=None): ...

    @abstractmethod
    def save(self, form, application) -> None: ...

    def context(self, application, form) -> dict:
        return {}


class OfficeStep(Step):
    identifier = "office"
    label = _("Community office")
    title = _("Which community office will you apply to?")

    def is_applicable(self, application):
        return not application.office_is_fixed

    def is_completed(self, application):
        return application.office_id is not None

    def make_form(self, application, data=None, files=None):
        return forms.OfficeForm(data, initial={"office": application.office_id})

    def save(self, form, application):
        services.application_change_office(
            application=application, office=form.cleaned_data["office"]
        )


class PartStep(Step):
    """A step whose answers live in one part of the application (Child, Guardian...)."""

    part_name = ""
    part_model = None
    form_class = None

    def is_completed(self, application):
        return application.part(self.part_name) is not None

    def make_form(self, application, data=None, files=None):
        # An unsaved part is not tied to the application here: assigning it would make the
        # application believe the part exists. services.answers_save ties it on saving.
        instance = application.part(self.part_name) or self.part_model()
        return self.form_class(data, files, instance=instance, application=application)

    def save(self, form, application):
        services.answers_save(application=application, part=form.save(commit=False))


class ChildStep(PartStep):
    identifier = "child"
    label = _("Child")
    title = _("About the child")
    intro_template = "enrollment/intros/child.html"
    part_name, part_model, form_class = "child", Child, forms.ChildForm


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

    def is_completed(self, application):
        needed = [Document.Kind.REGISTER_HEAD_PAGE, Document.Kind.REGISTER_CHILD_PAGE]
        if application.needs_birth_certificate:
            needed.append(Document.Kind.BIRTH_CERTIFICATE)
        return super().is_completed(application) and all(application.document(k) for k in needed)


class GuardianStep(PartStep):
    identifier = "guardian"
    label = _("Guardian")
    title = _("The guardian acting for the child")
    part_name, part_model, form_class = "guardian", Guardian, forms.GuardianForm


class PhotoStep(Step):
    identifier = "photo"
    label = _("Photo")
    title = _("A photo of the child for the social security card")

    def is_applicable(self, application):
        return application.needs_photo

    def is_completed(self, application):
        return application.document(Document.Kind.PHOTO) is not None

    def make_form(self, application, data=None, files=None):
        return forms.PhotoForm(data, files, application=application)

    def save(self, form, application):
        """The photo is stored as soon as it passes its checks; nothing more to save."""


class FeeStep(Step):
    identifier = "fee"
    label = _("Fee")
    title = _("The fee")
    template_name = "enrollment/step_fee.html"

    def quote(self, application):
        """The fee for the application's current answers; computed once per request and answers."""
        child = application.part("child")
        if child is None:
            return None
        answers = (application.office_id, child.date_of_birth, application.subsidy_category_id)
        cached = getattr(application, "_fee_quote", None)
        if cached is None or cached[0] != answers:
            fee_quote = fees.quote(
                application.office,
                born=child.date_of_birth,
                today=timezone.localdate(),
                subsidy=application.subsidy_category,
            )
            application._fee_quote = cached = (answers, fee_quote)
        return cached[1]

    def is_completed(self, application):
        if not application.subsidy_answered:
            return False
        fee_quote = self.quote(application)
        if fee_quote is None:
            return False
        category = application.subsidy_category
        if category is None:
            return True
        return fee_quote.subsidy == category and (
            not category.proof_required
            or application.document(Document.Kind.SUBSIDY_PROOF) is not None
        )

    def make_form(self, application, data=None, files=None):
        fee_quote = self.quote(application)
        categories = list(fee_quote.schedule.subsidy_categories.all()) if fee_quote else []
        initial = {}
        if application.subsidy_answered:
            chosen = application.subsidy_category
            initial["subsidy"] = str(chosen.pk) if chosen else forms.FeeForm.NO_SUBSIDY
        return forms.FeeForm(
            data, files, initial=initial, application=application, subsidy_categories=categories
        )

    def save(self, form, application):
        services.subsidy_choose(application=application, subsidy_category=form.chosen_category())

    def context(self, application, form):
        return {"quote": self.quote(application)}


STEPS = [OfficeStep(), ChildStep(), HouseholdRegisterStep(), GuardianStep(), PhotoStep(), FeeStep()]
STEPS_BY_ID = {step.identifier: step for step in STEPS}


def applicable_steps(application):
    return [step for step in STEPS if step.is_applicable(application)]


def first_incomplete_step(application):
    """The step the parent should see next, or None when every answer is in."""
    return next(
        (step for step in applicable_steps(application) if not step.is_completed(application)),
        None,
    )


def step_after(application, step):
    steps = applicable_steps(application)
    later = steps[steps.index(step) + 1 :] if step in steps else []
    return later[0] if later else None


def step_before(application, step):
    steps = applicable_steps(application)
    earlier = steps[: steps.index(step)] if step in steps else []
    return earlier[-1] if earlier else None

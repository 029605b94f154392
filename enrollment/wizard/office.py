"""The community office the parent applies to; fixed once the application is submitted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import QuestionFormMixin

from ..applications import answers
from ..models import CommunityOffice
from .base import Answer, Section, Step

OFFICE_FIXED = _(
    "The office cannot change once the application has been submitted. To apply at another "
    "office, withdraw this application and start a new one there."
)


class OfficeForm(QuestionFormMixin, forms.Form):
    first_question_is_heading = True

    office = forms.ModelChoiceField(
        label=_("Which community office will you apply to?"),
        queryset=CommunityOffice.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_(
            "The community office of the neighbourhood where the child's household is "
            "registered. Its social-security staff review your application. You cannot change "
            "the office once you have submitted the application."
        ),
        error_messages={
            "required": _("Select the community office where you will apply"),
            "invalid_choice": _("Select one of the community offices listed"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        field.label_from_instance = lambda office: f"{office.name} – {office.address}"
        if not self.is_bound and not self.initial.get("office"):
            offices = list(field.queryset[:2])
            if len(offices) == 1:  # nothing to choose: the one office is already ticked
                self.initial["office"] = offices[0].pk


# What a family whose child the online form cannot take does instead (rules.py says why).


class OfficeStep(Step):
    identifier = "office"
    label = _("Community office")
    title = _("Which community office will you apply to?")
    question_is_heading = OfficeForm.first_question_is_heading

    def is_applicable(self, application):
        return not application.office_is_fixed

    def is_completed(self, application):
        return application.office_id is not None

    def summary(self, application):
        if application.office_is_fixed:
            return Section(
                self.identifier,
                self.label,
                [Answer(_("Community office"), application.office.name)],
                note=OFFICE_FIXED,
            )
        return Section(
            self.identifier,
            self.label,
            [Answer(_("Community office"), application.office.name, "id_office_0")],
        )

    def printed(self, application, years):
        """The printed form names the office it is addressed to at its top."""
        return None

    def make_form(self, application, data=None, files=None):
        return OfficeForm(data, initial={"office": application and application.office_id})

    def save_answers(self, form, application):
        answers.application_change_office(
            application=application, office=form.cleaned_data["office"]
        )
        return True

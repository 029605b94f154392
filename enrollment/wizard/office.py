"""The community office the parent applies to; fixed once the application is submitted."""

from django.utils.translation import gettext_lazy as _

from .. import answers, forms
from .base import Answer, Section, Step

OFFICE_FIXED = _(
    "The office cannot change once the application has been submitted. To apply at another "
    "office, withdraw this application and start a new one there."
)


class OfficeStep(Step):
    identifier = "office"
    label = _("Community office")
    title = _("Which community office will you apply to?")
    question_is_heading = True

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

    def make_form(self, application, data=None, files=None):
        return forms.OfficeForm(data, initial={"office": application and application.office_id})

    def save_answers(self, form, application):
        answers.application_change_office(
            application=application, office=form.cleaned_data["office"]
        )
        return True

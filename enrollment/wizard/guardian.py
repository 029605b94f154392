"""The guardian who acts for the child: an adult with a resident ID card and a mobile number."""

from django.utils.translation import gettext_lazy as _

from .. import forms
from ..models import Document, Guardian
from .base import Answer, PartStep, Section, document_answer


class GuardianStep(PartStep):
    identifier = "guardian"
    label = _("Guardian")
    title = _("The guardian acting for the child")
    part_name, part_model, form_class = "guardian", Guardian, forms.GuardianForm
    reads = ("guardian",)

    def summary(self, application):
        guardian = application.part("guardian")
        if guardian is None:
            return None
        return Section(
            self.identifier,
            self.label,
            [
                Answer(_("Full name"), guardian.full_name, "id_full_name"),
                Answer(_("Relationship"), guardian.get_relationship_display(), "id_relationship_0"),
                Answer(_("Resident ID number"), guardian.id_number, "id_id_number"),
                Answer(_("Mobile phone number"), guardian.phone, "id_phone"),
                document_answer(
                    application, Document.Kind.GUARDIAN_ID, _("ID card scan"), "id_id_card_scan"
                ),
            ],
        )

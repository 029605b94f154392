"""The guardian who acts for the child: an adult with a resident ID card and a mobile number."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import QuestionFormMixin
from portal.limits import size_limit_text

from .. import validators
from ..models import Document, Guardian
from .base import Answer, PartStep, Section, document_answer
from .questions import DocumentField, DocumentUploadsMixin, lift_length_limits


class GuardianForm(DocumentUploadsMixin, QuestionFormMixin, forms.ModelForm):
    id_card_scan = DocumentField(
        kind=Document.Kind.GUARDIAN_ID,
        document_name=_("The scan of the guardian's ID card"),
        label=_("Upload a scan of the guardian's ID card"),
        missing_message="",
        needed=False,
    )

    class Meta:
        model = Guardian
        fields = ["full_name", "relationship", "id_number", "phone"]
        labels = {
            "full_name": _("Guardian's full name"),
            "relationship": _("Relationship to the child"),
            "id_number": _("Guardian's resident ID number"),
            "phone": _("Mobile phone number"),
        }
        help_texts = {
            "full_name": _(
                "The person acting for the child, who brings their ID card to the office."
            ),
            "id_number": _("18 characters, as on the ID card. The last character may be X."),
            "phone": _("The office calls this number if it has a question about the application."),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "relationship": forms.RadioSelect,
            "id_number": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "class": "id-number"}
            ),
            "phone": forms.TextInput(
                attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}
            ),
        }
        error_messages = {
            "full_name": {"required": _("Enter the guardian's full name")},
            "relationship": {"required": _("Select the guardian's relationship to the child")},
            "id_number": {"required": _("Enter the guardian's resident ID number")},
            "phone": {"required": _("Enter a mobile phone number")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = [
            c for c in self.fields["relationship"].choices if c[0]
        ]
        lift_length_limits(self, "full_name", "id_number", "phone")
        self.fields["id_card_scan"].help_text = _(
            "You show the original ID card at the office in any case; a scan lets staff check it "
            "before you come. JPG, PNG or PDF, smaller than %(limit)s."
        ) % {"limit": size_limit_text()}

    def clean_full_name(self):
        return validators.clean_person_name(self.cleaned_data["full_name"], whose=_("guardian's"))

    def clean_id_number(self):
        id_number = validators.clean_resident_id(self.cleaned_data["id_number"])
        child = self.application.part("child")
        if child and child.id_number == id_number:
            raise forms.ValidationError(
                _("The guardian's ID number is the same as the child's: enter the guardian's own")
            )
        validators.check_adult(validators.birth_date_in_id(id_number), timezone.localdate())
        return id_number

    def clean_phone(self):
        return validators.clean_mobile_number(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        mismatch = validators.guardian_relationship_mismatch(
            cleaned.get("relationship"), cleaned.get("id_number")
        )
        if mismatch:
            self.add_error("id_number", mismatch)
        return cleaned


class GuardianStep(PartStep):
    identifier = "guardian"
    label = _("Guardian")
    title = _("The guardian acting for the child")
    part_name, part_model, form_class = "guardian", Guardian, GuardianForm
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
                Answer(
                    _("Resident ID number"),
                    guardian.id_number,
                    "id_id_number",
                    value_class="id-number",
                ),
                Answer(_("Mobile phone number"), guardian.phone, "id_phone"),
                document_answer(
                    application, Document.Kind.GUARDIAN_ID, _("ID card scan"), "id_id_card_scan"
                ),
            ],
        )

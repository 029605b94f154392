"""The child's household register (户口簿): its answers and the scans of its pages, and of the
birth medical certificate where the office asks newborns for it."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import QuestionFormMixin
from portal.limits import size_limit_text

from .. import validators
from ..models import Document, HouseholdRegister
from .base import Answer, PartStep, Section, document_answer
from .questions import DocumentField, DocumentUploadsMixin, lift_length_limits

Kind = Document.Kind


def _scans_needed(application) -> list[tuple[str, str, str]]:
    """(kind, label, field id) of each scan asked for. A newborn not yet registered has no page
    of its own: the certificate stands in for it."""
    child = application.part("child")
    needed = [(Kind.REGISTER_HEAD_PAGE, _("Head of household page"), "id_head_page")]
    if not (child and child.awaits_id_number):
        needed.append((Kind.REGISTER_CHILD_PAGE, _("Child's page"), "id_child_page"))
    if application.needs_birth_certificate:
        needed.append(
            (Kind.BIRTH_CERTIFICATE, _("Birth medical certificate"), "id_birth_certificate")
        )
    return needed


class HouseholdRegisterForm(DocumentUploadsMixin, QuestionFormMixin, forms.ModelForm):
    head_page = DocumentField(
        kind=Document.Kind.REGISTER_HEAD_PAGE,
        document_name=_("The head of household page of the household register"),
        label=_("Upload the head of household page"),
        missing_message=_("Upload the head of household page of the household register"),
    )
    child_page = DocumentField(
        kind=Document.Kind.REGISTER_CHILD_PAGE,
        document_name=_("The child's page of the household register"),
        label=_("Upload the child's page"),
        missing_message=_("Upload the child's page of the household register"),
    )
    birth_certificate = DocumentField(
        kind=Document.Kind.BIRTH_CERTIFICATE,
        document_name=_("The birth medical certificate"),
        label=_("Upload the birth medical certificate"),
        missing_message=_("Upload the child's birth medical certificate"),
    )

    class Meta:
        model = HouseholdRegister
        fields = [
            "register_number",
            "register_type",
            "address",
            "head_name",
            "relationship_to_head",
        ]
        labels = {
            "register_number": _("Household register number"),
            "register_type": _("Household type"),
            "address": _("Address on the household register"),
            "head_name": _("Name of the head of household"),
            "relationship_to_head": _("The child's relationship to the head of household"),
        }
        help_texts = {
            "register_number": _("The number (户号) on the first page of the household register."),
            "register_type": _(
                "户别, on the first page of the household register: a family household, or a "
                "collective household (a school's, a company's or a community's)."
            ),
        }
        widgets = {
            "register_number": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false"}
            ),
            "register_type": forms.RadioSelect,
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "head_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {
            "register_number": {"required": _("Enter the household register number")},
            "register_type": {"required": _("Select the household type")},
            "address": {"required": _("Enter the address on the household register")},
            "head_name": {"required": _("Enter the name of the head of household")},
            "relationship_to_head": {
                "required": _("Select the child's relationship to the head of household")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register_type"].choices = [
            c for c in self.fields["register_type"].choices if c[0]
        ]
        self.fields["relationship_to_head"].choices = [
            ("", _("Choose the relationship")),
            *[c for c in self.fields["relationship_to_head"].choices if c[0]],
        ]
        lift_length_limits(self, "register_number", "address", "head_name")
        if not self.application.needs_birth_certificate:
            del self.fields["birth_certificate"]
        child = self.application.part("child")
        if child and child.awaits_id_number:
            del self.fields["child_page"]  # not registered yet: the certificate stands in
        hint = _("A scan or clear photo. JPG, PNG or PDF, smaller than %(limit)s.") % {
            "limit": size_limit_text()
        }
        for field in self.document_fields():
            field.help_text = hint

    def clean_register_number(self):
        number = re.sub(r"\s+", "", self.cleaned_data["register_number"])
        if len(number) > 30:
            raise forms.ValidationError(
                _("The household register number must be 30 characters or fewer")
            )
        if not re.fullmatch(r"[0-9A-Za-z\-]+", number):
            raise forms.ValidationError(
                _("The household register number must only include digits, letters and hyphens")
            )
        return number.upper()

    def clean_address(self):
        address = re.sub(r"\s+", " ", self.cleaned_data["address"]).strip()
        if len(address) > 200:
            raise forms.ValidationError(_("The address must be 200 characters or fewer"))
        if len(address) < 5:
            raise forms.ValidationError(
                _("Enter the full address as written on the household register")
            )
        return address

    def clean_head_name(self):
        return validators.clean_person_name(
            self.cleaned_data["head_name"], whose=_("head of household's")
        )


class HouseholdRegisterStep(PartStep):
    identifier = "household-register"
    label = _("Household register")
    title = _("The child's household register")
    intro_template = "enrollment/intros/household_register.html"
    part_name, part_model, form_class = (
        "household_register",
        HouseholdRegister,
        HouseholdRegisterForm,
    )
    reads = ("office", "household_register")  # the office says whether newborns bring a certificate

    def is_completed(self, application):
        return super().is_completed(application) and all(
            application.document(kind) for kind, _label, _id in _scans_needed(application)
        )

    def summary(self, application):
        register = application.part("household_register")
        if register is None:
            return None
        return Section(
            self.identifier,
            self.label,
            [
                Answer(_("Register number"), register.register_number, "id_register_number"),
                Answer(
                    _("Household type"), register.get_register_type_display(), "id_register_type_0"
                ),
                Answer(_("Address"), register.address, "id_address", wide=True),
                Answer(_("Head of household"), register.head_name, "id_head_name"),
                Answer(
                    _("Child's relationship to the head"),
                    register.get_relationship_to_head_display(),
                    "id_relationship_to_head",
                ),
                *(
                    document_answer(application, kind, label, field_id)
                    for kind, label, field_id in _scans_needed(application)
                ),
            ],
        )

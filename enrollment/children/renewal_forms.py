"""The renewal page's form: the details as they are now, and this year's subsidy group."""

import re

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.form_layout import Heading, StoredFile, SubmitButton
from portal.forms import QuestionFormMixin
from portal.limits import size_limit_text

from .. import uploads, validators
from ..models import Guardian
from ..wizard.fee import FeeForm


class ConditionalUploadField(forms.FileField):
    """An upload needed only after some answer: not labelled "(optional)"."""

    is_optional_upload = False


class RenewalForm(QuestionFormMixin, forms.Form):
    NO_SUBSIDY = FeeForm.NO_SUBSIDY

    address = forms.CharField(
        label=_("Address"),
        help_text=_("Where the child lives now, as on the household register or residence permit."),
        error_messages={"required": _("Enter the child's address")},
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    guardian_full_name = forms.CharField(
        label=_("Guardian's full name"),
        error_messages={"required": _("Enter the guardian's full name")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship to the child"),
        choices=Guardian.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the guardian's relationship to the child")},
    )
    guardian_id_number = forms.CharField(
        label=_("Guardian's resident ID number"),
        help_text=_("18 characters, as on the ID card. The last character may be X."),
        error_messages={"required": _("Enter the guardian's resident ID number")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "id-number"}
        ),
    )
    guardian_phone = forms.CharField(
        label=_("Mobile phone number"),
        error_messages={"required": _("Enter a mobile phone number")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    subsidy = forms.ChoiceField(
        label=_("Does the child belong to one of these groups this year?"),
        widget=forms.RadioSelect,
        help_text=_(
            "Confirm the group every year: the government pays all or part of the contribution "
            "only while the child belongs to it."
        ),
        error_messages={
            "required": _(
                "Select the group the child belongs to, or that the child belongs to none"
            ),
        },
    )
    subsidy_proof = ConditionalUploadField(
        label=_("Upload this year's proof for the group you chose"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args, child, subsidy_categories, kept_proof=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.kept_proof = kept_proof  # the proof of an earlier confirmation of the same year
        self.subsidy_categories = {str(c.pk): c for c in subsidy_categories}
        self.fields["subsidy"].choices = [
            *[(pk, FeeForm.describe(c)) for pk, c in self.subsidy_categories.items()],
            (self.NO_SUBSIDY, _("No, none of these")),
        ]
        self.fields["subsidy_proof"].help_text = _(
            "Only if you chose a group that needs proof: the document named next to it, dated "
            "this year. JPG, PNG or PDF, smaller than %(limit)s."
        ) % {"limit": size_limit_text()}
        self.checked_proof = None
        if kept_proof and kept_proof.subsidy_proof:
            self.fields["subsidy_proof"].stored = StoredFile(
                kept_proof.proof_original_name,
                reverse(
                    "enrollment:renewal_proof", args=[child.public_id, kept_proof.cover_year.year]
                ),
            )

    def layout(self):
        return [
            Heading(_("The child's details")),
            "address",
            "guardian_full_name",
            "guardian_relationship",
            "guardian_id_number",
            "guardian_phone",
            Heading(_("Subsidy group")),
            "subsidy",
            "subsidy_proof",
            SubmitButton(_("Confirm and see the amount to pay")),
        ]

    def clean_address(self):
        address = re.sub(r"\s+", " ", self.cleaned_data["address"]).strip()
        if len(address) > 200:
            raise forms.ValidationError(_("The address must be 200 characters or fewer"))
        if len(address) < 5:
            raise forms.ValidationError(_("Enter the full address, with the street and number"))
        return address

    def clean_guardian_full_name(self):
        return validators.clean_person_name(
            self.cleaned_data["guardian_full_name"], whose=_("guardian's")
        )

    def clean_guardian_id_number(self):
        id_number = validators.clean_resident_id(self.cleaned_data["guardian_id_number"])
        if id_number == self.child.id_number:
            raise forms.ValidationError(
                _("The guardian's ID number is the same as the child's: enter the guardian's own")
            )
        validators.check_adult(validators.birth_date_in_id(id_number), timezone.localdate())
        return id_number

    def clean_guardian_phone(self):
        return validators.clean_mobile_number(self.cleaned_data["guardian_phone"])

    def clean(self):
        cleaned = super().clean()
        mismatch = validators.guardian_relationship_mismatch(
            cleaned.get("guardian_relationship"), cleaned.get("guardian_id_number")
        )
        if mismatch:
            self.add_error("guardian_id_number", mismatch)
        upload = cleaned.get("subsidy_proof")
        category = self.chosen_category()
        if upload and "subsidy_proof" not in self.errors:
            try:
                self.checked_proof = uploads.check_document(
                    upload, document_name=_("The proof for the group you chose")
                )
            except forms.ValidationError as error:
                self.add_error("subsidy_proof", error)
        elif category and category.proof_required and not self._proof_kept_for(category):
            self.add_error(
                "subsidy_proof",
                _("Upload the proof that the child belongs to the group you chose"),
            )
        return cleaned

    def chosen_category(self):
        return self.subsidy_categories.get(self.cleaned_data.get("subsidy"))

    def details(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "address",
                "guardian_full_name",
                "guardian_relationship",
                "guardian_id_number",
                "guardian_phone",
            )
        }

    def _proof_kept_for(self, category) -> bool:
        return bool(
            self.kept_proof
            and self.kept_proof.subsidy_proof
            and self.kept_proof.cover_year.subsidy_category_id == category.pk
        )

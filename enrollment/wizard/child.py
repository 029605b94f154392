"""The child: name, ID number (or a newborn's birth medical certificate number), date of birth,
sex, and whether the child was insured before."""

from django import forms
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import QuestionFormMixin

from .. import rules, validators
from ..applications import answers
from ..models import Child
from .base import Answer, PartStep, Section
from .questions import DATE_INPUT_FORMATS, YES_NO, lift_length_limits, yes_no

NO_ID_NUMBER_YET = _(
    "Not added yet: the office adds it once the child's household registration is done"
)


RESIDENCE_PERMIT_CHILD_MESSAGE = _(
    "This is the number of a residence permit for Hong Kong, Macao or Taiwan residents. The "
    "online form needs a household register, which the child does not have: apply at the "
    "counter of the community office where the child lives, with the residence permit"
)
FOREIGN_CHILD_MESSAGE = _(
    "This is the number of a foreign permanent residence ID card. The online form cannot take "
    "foreign children: ask the community office where the child lives whether the child can "
    "enroll, and bring the permanent residence ID card or passport"
)


class ChildForm(QuestionFormMixin, forms.ModelForm):
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"autocomplete": "off", "class": "date-input"}, format="%Y-%m-%d"
        ),
        help_text=_("Year, month and day, for example 2024-03-27"),
        error_messages={
            "required": _("Enter the child's date of birth"),
            "invalid": _("The date of birth must be a real date, like 2024-03-27"),
        },
    )
    first_enrollment = forms.TypedChoiceField(
        label=_("Is this the first time the child is enrolled in residents' medical insurance?"),
        choices=YES_NO,
        coerce=yes_no,
        widget=forms.RadioSelect,
        help_text=_("Answer yes if the child has never been insured, for example a newborn."),
        error_messages={"required": _("Select yes if this is the child's first enrollment")},
    )
    last_covered_year = forms.IntegerField(
        label=_("If the child was insured before: the last year the child was covered"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "For example 2025. A year or more without cover means a waiting period before cover "
            "starts again; the fee page says how long."
        ),
        error_messages={"invalid": _("Enter the year as 4 digits, like 2025")},
    )

    class Meta:
        model = Child
        fields = [
            "full_name",
            "id_number",
            "birth_certificate_number",
            "date_of_birth",
            "sex",
            "first_enrollment",
            "last_covered_year",
        ]
        labels = {
            "full_name": _("Child's full name"),
            "id_number": _("Child's resident ID number"),
            "birth_certificate_number": _(
                "Birth medical certificate number, if the child has no ID number yet"
            ),
            "sex": _("Sex"),
        }
        help_texts = {
            "full_name": _("As written in the household register."),
            "id_number": _(
                "18 characters, printed on the child's page of the household register. The last "
                "character may be X."
            ),
            "birth_certificate_number": _(
                "For a child under 1 whose household registration is not done yet: 1 letter and 9 "
                "digits, printed at the bottom right of the birth medical certificate, for "
                "example O123456789. The office adds the ID number once the child is registered."
            ),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "id_number": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "class": "id-number"}
            ),
            "birth_certificate_number": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "class": "id-number"}
            ),
            "sex": forms.RadioSelect,
        }
        error_messages = {
            "full_name": {"required": _("Enter the child's full name")},
            "id_number": {"required": _("Enter the child's resident ID number")},
            "sex": {"required": _("Select the child's sex")},
        }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["sex"].choices = [c for c in self.fields["sex"].choices if c[0]]
        lift_length_limits(self, "full_name", "id_number", "birth_certificate_number")
        # The birth medical certificate number is asked only where the office takes newborns by
        # it (and kept on a draft that already holds one, so the parent can replace it).
        self.takes_birth_certificate = (
            application.office.takes_newborns_by_birth_certificate
            or bool(self.instance.birth_certificate_number)
        )
        if self.takes_birth_certificate:
            # One of the two numbers is needed (clean says so), so neither label says
            # "(optional)": the fields are required until the labels are written.
            self.fields["id_number"].required = False
            self.fields["birth_certificate_number"].required = False
            self.fields["id_number"].help_text = _(
                "18 characters, printed on the child's page of the household register. The last "
                "character may be X. If the child's household registration is not done yet, "
                "leave this empty and give the birth medical certificate number below."
            )
        else:
            del self.fields["birth_certificate_number"]

    def clean_full_name(self):
        return validators.clean_person_name(self.cleaned_data["full_name"], whose=_("child's"))

    def clean_id_number(self):
        typed = self.cleaned_data["id_number"]
        if not typed:
            return ""
        if validators.is_foreign_permanent_residence_number(typed):
            raise forms.ValidationError(FOREIGN_CHILD_MESSAGE, code="foreign_child")
        id_number = validators.clean_resident_id(typed)
        if validators.is_residence_permit_number(id_number):
            raise forms.ValidationError(RESIDENCE_PERMIT_CHILD_MESSAGE, code="permit_child")
        try:
            answers.check_child_is_new(id_number, application=self.application)
        except forms.ValidationError as duplicate:
            raise forms.ValidationError(duplicate.message_dict["id_number"]) from duplicate
        return id_number

    def clean_birth_certificate_number(self):
        typed = self.cleaned_data["birth_certificate_number"]
        if not typed:
            return ""
        number = validators.clean_birth_certificate_number(typed)
        try:
            answers.check_birth_certificate_is_new(number, application=self.application)
        except forms.ValidationError as duplicate:
            raise forms.ValidationError(
                duplicate.message_dict["birth_certificate_number"]
            ) from duplicate
        return number

    def _clean_birth_certificate_route(self, cleaned):
        """Without an ID number, the birth medical certificate number stands in for it, for a
        newborn only (rules.may_apply_by_birth_certificate)."""
        if not self.takes_birth_certificate or cleaned.get("id_number"):
            return
        if "id_number" in self.errors or "birth_certificate_number" in self.errors:
            return
        if not cleaned.get("birth_certificate_number"):
            self.add_error(
                "id_number",
                _(
                    "Enter the child's resident ID number, or the birth medical certificate "
                    "number if the child's household registration is not done yet"
                ),
            )
            return
        born = cleaned.get("date_of_birth")
        if born and not rules.may_apply_by_birth_certificate(born, timezone.localdate()):
            self.add_error(
                "birth_certificate_number",
                _(
                    "Only a child under 1 can apply with the birth medical certificate number: "
                    "enter the child's resident ID number"
                ),
            )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        validators.check_minor(born, timezone.localdate())
        return born

    def clean(self):
        cleaned = super().clean()
        mismatches = validators.child_id_mismatches(
            cleaned.get("id_number"), cleaned.get("date_of_birth"), cleaned.get("sex")
        )
        for field, message in mismatches.items():
            self.add_error(field, message)
        self._clean_birth_certificate_route(cleaned)
        self._clean_last_covered_year(cleaned)
        return cleaned

    def _clean_last_covered_year(self, cleaned):
        """Asked only of a child insured before; a year between the birth and this year."""
        if cleaned.get("first_enrollment") is not False:
            cleaned["last_covered_year"] = None
            return
        year, born = cleaned.get("last_covered_year"), cleaned.get("date_of_birth")
        if "last_covered_year" in self.errors:
            return
        if year is None:
            self.add_error(
                "last_covered_year", _("Enter the last year the child was covered, like 2025")
            )
        elif year > timezone.localdate().year:
            self.add_error(
                "last_covered_year", _("The last year covered cannot be after this year")
            )
        elif born and year < born.year:
            self.add_error(
                "last_covered_year", _("The last year covered cannot be before the child was born")
            )


# The model lets a child go without one of the numbers while it has the other.
ChildForm.base_fields["id_number"].required = True
ChildForm.base_fields["birth_certificate_number"].required = True


class ChildStep(PartStep):
    identifier = "child"
    label = _("Child")
    title = _("About the child")
    intro_template = "enrollment/intros/child.html"
    part_name, part_model, form_class = "child", Child, ChildForm
    reads = ("office", "child")  # the office says whether newborns may give a certificate number

    def summary(self, application):
        child = application.part("child")
        if child is None:
            return None
        birth_certificate = (
            [
                Answer(
                    _("Birth medical certificate number"),
                    child.birth_certificate_number,
                    "id_birth_certificate_number",
                    wide=True,
                    value_class="id-number",
                )
            ]
            if child.birth_certificate_number
            else []
        )
        covered_before = (
            [Answer(_("Last year covered"), str(child.last_covered_year), "id_last_covered_year")]
            if not child.first_enrollment and child.last_covered_year
            else []
        )
        return Section(
            self.identifier,
            self.label,
            [
                Answer(_("Full name"), child.full_name, "id_full_name"),
                Answer(
                    _("Resident ID number"),
                    child.id_number or NO_ID_NUMBER_YET,
                    "id_id_number",
                    wide=not child.id_number,  # the long "not added yet"
                    value_class="id-number" if child.id_number else "",
                ),
                *birth_certificate,
                Answer(
                    _("Date of birth"),
                    format_date(child.date_of_birth),
                    "id_date_of_birth",
                    value_class="text-nowrap",
                ),
                Answer(_("Sex"), child.get_sex_display(), "id_sex_0"),
                Answer(
                    _("First enrollment"),
                    _("Yes") if child.first_enrollment else _("No"),
                    "id_first_enrollment_0",
                ),
                *covered_before,
                Answer(_("Category"), child.category.label),
            ],
        )

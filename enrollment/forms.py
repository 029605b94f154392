"""One form per wizard step. Messages follow public-service practice: specific and plain."""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.forms import QuestionFormMixin
from portal.limits import size_limit_text

from . import answers, formatting, rules, uploads, validators
from .models import Child, CommunityOffice, Document, Guardian, HouseholdRegister

YES_NO = [(True, _("Yes")), (False, _("No"))]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


def lift_length_limits(form, *names):
    """The model's max_length would refuse long input in Django's words before our clean_ methods
    say what is wrong in ours; the other validators (null characters...) stay."""
    for name in names:
        field = form.fields[name]
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)


def _yes_no(value):
    return value in (True, "True", "true", "1")


# How a message about an upload names it, at the start of a sentence: "The child's page of the
# household register: the PDF is protected with a password".
DOCUMENT_NAMES = {
    Document.Kind.REGISTER_HEAD_PAGE: _("The head of household page of the household register"),
    Document.Kind.REGISTER_CHILD_PAGE: _("The child's page of the household register"),
    Document.Kind.BIRTH_CERTIFICATE: _("The birth medical certificate"),
    Document.Kind.GUARDIAN_ID: _("The scan of the guardian's ID card"),
    Document.Kind.PHOTO: _("The child's photo"),
    Document.Kind.SUBSIDY_PROOF: _("The proof for the group you chose"),
}


class DocumentField(forms.FileField):
    """A file input backed by the application's stored Document of one kind.

    The form checks the upload with `checker`, which is told the document's name for its messages,
    and keeps the result in `form.checked_uploads`; the step stores it at once, even when other
    answers on the page still have errors, so a parent never has to choose the same file twice.
    """

    is_document_upload = True

    def __init__(
        self,
        *,
        kind,
        missing_message,
        checker=uploads.check_document,
        needed=True,
        optional_in_label=None,
        **kwargs,
    ):
        kwargs["required"] = False
        # Empty files reach the checker, whose message is the one parents should read.
        kwargs["allow_empty_file"] = True
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("The selected file could not be uploaded: choose it again"),
                "missing": _("The selected file could not be uploaded: choose it again"),
            },
        )
        kwargs.setdefault(
            "widget",
            forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
        )
        super().__init__(**kwargs)
        self.kind = kind
        self.document_name = DOCUMENT_NAMES[kind]
        self.checker = checker
        self.missing_message = missing_message
        self.needed = needed
        # A conditional upload (needed only after some answer) is not labelled "(optional)".
        self.is_optional_upload = not needed if optional_in_label is None else optional_in_label
        self.document = None


# The checks' messages that say "the selected file": on a page with several uploads, the error
# summary names the document ("The child's photo: the selected file is empty"). The photo's
# own type message already says "the photo".
UNNAMED_UPLOAD_PROBLEMS = {
    "file_type",
    "file_empty",
    "file_too_large",
    "file_name_mismatch",
    "file_unreadable",
    "image_too_many_pixels",
}


def naming_the_document(error, field):
    names_itself = field.checker is uploads.check_photo and error.code == "file_type"
    if error.code not in UNNAMED_UPLOAD_PROBLEMS or names_itself:
        return error
    problem = error.messages[0]
    return forms.ValidationError(
        _("%(document)s: %(problem)s")
        % {"document": field.document_name, "problem": problem[:1].lower() + problem[1:]},
        code=error.code,
    )


class DocumentUploadsMixin:
    """For forms with DocumentFields: checks each upload and that every needed one is present."""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.checked_uploads = {}
        for field in self.document_fields():
            field.document = application.document(field.kind)

    def document_fields(self):
        return [f for f in self.fields.values() if getattr(f, "is_document_upload", False)]

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if not getattr(field, "is_document_upload", False) or name in self.errors:
                continue
            upload = cleaned.get(name)
            if upload:
                try:
                    self.checked_uploads[field.kind] = field.checker(
                        upload, document_name=field.document_name
                    )
                except forms.ValidationError as error:
                    self.add_error(name, naming_the_document(error, field))
            elif field.needed and field.document is None:
                self.add_error(name, field.missing_message)
        return cleaned

    def show_stored(self, document):
        """Show a document stored during this request next to its field."""
        for field in self.document_fields():
            if field.kind == document.kind:
                field.document = document


class OfficeForm(QuestionFormMixin, forms.Form):
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
        coerce=_yes_no,
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


class HouseholdRegisterForm(DocumentUploadsMixin, QuestionFormMixin, forms.ModelForm):
    head_page = DocumentField(
        kind=Document.Kind.REGISTER_HEAD_PAGE,
        label=_("Upload the head of household page"),
        missing_message=_("Upload the head of household page of the household register"),
    )
    child_page = DocumentField(
        kind=Document.Kind.REGISTER_CHILD_PAGE,
        label=_("Upload the child's page"),
        missing_message=_("Upload the child's page of the household register"),
    )
    birth_certificate = DocumentField(
        kind=Document.Kind.BIRTH_CERTIFICATE,
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


class GuardianForm(DocumentUploadsMixin, QuestionFormMixin, forms.ModelForm):
    id_card_scan = DocumentField(
        kind=Document.Kind.GUARDIAN_ID,
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


class PhotoForm(DocumentUploadsMixin, QuestionFormMixin, forms.Form):
    photo = DocumentField(
        kind=Document.Kind.PHOTO,
        checker=uploads.check_photo,
        label=_("Upload the child's photo"),
        missing_message=_("Upload a photo of the child"),
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _(
            "A recent colour photo of the child's face, facing the camera, on a plain white "
            "background. JPG or PNG, at least %(width)d by %(height)d pixels, taller than wide, "
            "smaller than %(limit)s. It is cut to the card photo's size and shown to you before "
            "you go on."
        ) % {
            "width": uploads.PHOTO_MIN_WIDTH,
            "height": uploads.PHOTO_MIN_HEIGHT,
            "limit": size_limit_text(),
        }

    @property
    def awaiting_confirmation(self) -> bool:
        """A card photo stored and not yet confirmed, with no refused upload to show instead:
        the page shows the photo as it will be printed and asks whether to use it."""
        photo = self.fields["photo"].document
        return photo is not None and photo.confirmed_at is None and not self.errors


class FeeForm(DocumentUploadsMixin, QuestionFormMixin, forms.Form):
    NO_SUBSIDY = "none"

    subsidy = forms.ChoiceField(
        label=_("Does the child belong to one of these groups?"),
        widget=forms.RadioSelect,
        help_text=_("The government pays all or part of the contribution for these children."),
        error_messages={
            "required": _(
                "Select the group the child belongs to, or that the child belongs to none"
            ),
            "invalid_choice": _("Select one of the groups listed"),
        },
    )
    subsidy_proof = DocumentField(
        kind=Document.Kind.SUBSIDY_PROOF,
        label=_("Upload the proof for the group you chose"),
        missing_message=_("Upload the proof that the child belongs to the group you chose"),
        needed=False,
        optional_in_label=False,
    )

    def __init__(self, *args, subsidy_categories, repair=None, repair_price=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subsidy_categories = {str(c.pk): c for c in subsidy_categories}
        if repair is not None:
            self.fields["repaired_years"] = forms.TypedChoiceField(
                label=_("Pay for missed years now, to start cover sooner?"),
                choices=self.repair_choices(repair, repair_price),
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_(
                    "Each year without cover you pay for now shortens the waiting period by a "
                    "month. The office confirms the amount."
                ),
                error_messages={
                    "required": _("Select how many missed years you pay for now"),
                    "invalid_choice": _("Select one of the choices listed"),
                },
            )
        self.fields["subsidy"].choices = [
            *[(pk, self.describe(category)) for pk, category in self.subsidy_categories.items()],
            (self.NO_SUBSIDY, _("No, none of these")),
        ]
        proof = self.fields["subsidy_proof"]
        proof.help_text = _(
            "Only if you chose a group above: the document named next to it. JPG, PNG or PDF, "
            "smaller than %(limit)s."
        ) % {"limit": size_limit_text()}

    @staticmethod
    def repair_choices(repair, price):
        choices = [(0, _("No: cover starts on %(date)s") % {"date": date_format(repair.starts[0])})]
        for years in range(1, repair.useful + 1):
            choices.append(
                (
                    years,
                    ngettext(
                        "%(count)d missed year (%(years)s), ¥%(amount)s more: cover starts on "
                        "%(date)s",
                        "%(count)d missed years (%(years)s), ¥%(amount)s more: cover starts on "
                        "%(date)s",
                        years,
                    )
                    % {
                        "count": years,
                        "years": formatting.listed(repair.missed_years[-years:]),
                        "amount": years * price,
                        "date": date_format(repair.starts[years]),
                    },
                )
            )
        return choices

    def chosen_repairs(self):
        return self.cleaned_data.get("repaired_years") or 0

    @staticmethod
    def describe(category):
        if category.kind == category.Kind.FULL:
            benefit = _("full subsidy, the government pays the whole contribution")
        elif category.kind == category.Kind.FIXED:
            benefit = _("fixed-amount subsidy, the government pays ¥%(amount)s") % {
                "amount": category.amount
            }
        else:
            benefit = _("percentage subsidy, the government pays %(share)s%%") % {
                "share": formatting.plain_number(category.amount)
            }
        if category.exempt_from_waiting:
            benefit = _("%(benefit)s; no waiting period") % {"benefit": benefit}
        if category.proof_required:
            return _("%(group)s: %(benefit)s. Proof: %(proof)s") % {
                "group": category.name,
                "benefit": benefit,
                "proof": category.proof_required,
            }
        return _("%(group)s: %(benefit)s") % {"group": category.name, "benefit": benefit}

    def chosen_category(self):
        return self.subsidy_categories.get(self.cleaned_data.get("subsidy"))

    def clean(self):
        category = self.subsidy_categories.get(self.data.get(self.add_prefix("subsidy")))
        self.fields["subsidy_proof"].needed = bool(category and category.proof_required)
        return super().clean()


class DeclarationForm(QuestionFormMixin, forms.Form):
    confirmed = forms.BooleanField(
        label=_(
            "I confirm that the information in this application is correct and complete, and "
            "that I am the child's parent or legal guardian."
        ),
        error_messages={
            "required": _("Confirm that the information is correct to submit the application")
        },
    )


class WithdrawForm(QuestionFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the application?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This helps the office. You can start a new application later."),
        error_messages={"max_length": _("The reason must be 500 characters or fewer")},
    )

"""Every answer of an application as labelled rows, for the check page and the status page."""

from dataclasses import dataclass, field

from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext_lazy as _

from . import wizard
from .models import Application, Document


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    field_id: str = ""  # the input to focus when the parent follows "Change"
    document: Document | None = None


@dataclass
class Section:
    step: str
    title: str
    answers: list[Answer] = field(default_factory=list)
    note: str = ""  # shown where answers can be changed, e.g. why one cannot be


NOT_PROVIDED = _("Not provided")
NO_ID_NUMBER_YET = _(
    "Not added yet: the office adds it once the child's household registration is done"
)
OFFICE_FIXED = _(
    "The office cannot change once the application has been submitted. To apply at another "
    "office, withdraw this application and start a new one there."
)


def _document_answer(application, kind, label, field_id):
    document = application.document(kind)
    value = document.original_name if document else NOT_PROVIDED
    return Answer(label, value, field_id, document)


def answer_sections(application: Application) -> list[Section]:
    office = Section(
        wizard.OfficeStep.identifier,
        _("Community office"),
        [Answer(_("Community office"), application.office.name, "id_office_0")],
    )
    if application.office_is_fixed:
        office.answers = [Answer(_("Community office"), application.office.name)]
        office.note = OFFICE_FIXED
    sections = [office]
    child = application.part("child")
    if child:
        covered_before = []
        birth_certificate = []
        if child.birth_certificate_number:
            birth_certificate = [
                Answer(
                    _("Birth medical certificate number"),
                    child.birth_certificate_number,
                    "id_birth_certificate_number",
                )
            ]
        if not child.first_enrollment and child.last_covered_year:
            covered_before = [
                Answer(_("Last year covered"), str(child.last_covered_year), "id_last_covered_year")
            ]
        sections.append(
            Section(
                wizard.ChildStep.identifier,
                _("Child"),
                [
                    Answer(_("Full name"), child.full_name, "id_full_name"),
                    Answer(
                        _("Resident ID number"),
                        child.id_number or NO_ID_NUMBER_YET,
                        "id_id_number",
                    ),
                    *birth_certificate,
                    Answer(
                        _("Date of birth"),
                        format_date(child.date_of_birth),
                        "id_date_of_birth",
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
        )
    register = application.part("household_register")
    if register:
        answers = [
            Answer(_("Register number"), register.register_number, "id_register_number"),
            Answer(_("Household type"), register.get_register_type_display(), "id_register_type_0"),
            Answer(_("Address"), register.address, "id_address"),
            Answer(_("Head of household"), register.head_name, "id_head_name"),
            Answer(
                _("Child's relationship to the head"),
                register.get_relationship_to_head_display(),
                "id_relationship_to_head",
            ),
            _document_answer(
                application,
                Document.Kind.REGISTER_HEAD_PAGE,
                _("Head of household page"),
                "id_head_page",
            ),
        ]
        if not (child and child.awaits_id_number):
            answers.append(
                _document_answer(
                    application,
                    Document.Kind.REGISTER_CHILD_PAGE,
                    _("Child's page"),
                    "id_child_page",
                )
            )
        if application.needs_birth_certificate:
            answers.append(
                _document_answer(
                    application,
                    Document.Kind.BIRTH_CERTIFICATE,
                    _("Birth medical certificate"),
                    "id_birth_certificate",
                )
            )
        sections.append(
            Section(wizard.HouseholdRegisterStep.identifier, _("Household register"), answers)
        )
    guardian = application.part("guardian")
    if guardian:
        sections.append(
            Section(
                wizard.GuardianStep.identifier,
                _("Guardian"),
                [
                    Answer(_("Full name"), guardian.full_name, "id_full_name"),
                    Answer(
                        _("Relationship"), guardian.get_relationship_display(), "id_relationship_0"
                    ),
                    Answer(_("Resident ID number"), guardian.id_number, "id_id_number"),
                    Answer(_("Mobile phone number"), guardian.phone, "id_phone"),
                    _document_answer(
                        application, Document.Kind.GUARDIAN_ID, _("ID card scan"), "id_id_card_scan"
                    ),
                ],
            )
        )
    if application.needs_photo:
        sections.append(
            Section(
                wizard.PhotoStep.identifier,
                _("Photo"),
                [_document_answer(application, Document.Kind.PHOTO, _("Photo"), "id_photo")],
            )
        )
    if application.subsidy_answered:
        category = application.subsidy_category
        answers = [
            Answer(_("Subsidy claimed"), category.name if category else _("None"), "id_subsidy_0")
        ]
        if category and category.proof_required:
            answers.append(
                _document_answer(
                    application,
                    Document.Kind.SUBSIDY_PROOF,
                    _("Proof of the subsidy"),
                    "id_subsidy_proof",
                )
            )
        sections.append(Section(wizard.FeeStep.identifier, _("Fee"), answers))
    return sections

"""What to bring to the community office: the generic list and one application's own list."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Application


@dataclass(frozen=True)
class ChecklistItem:
    title: str
    detail: str = ""


APPLICATION_FORM = ChecklistItem(
    _("The application form for urban and rural residents' and minors' medical insurance"),
    _("Print the form prefilled with your answers, or give staff your reference number."),
)
HOUSEHOLD_REGISTER = ChecklistItem(
    _("The household register booklet (hukou), original and a copy"),
    _(
        "Copy the head of household page and the child's page. Staff compare the copy with the original and give the original back."
    ),
)
HOUSEHOLD_REGISTER_BEFORE_REGISTRATION = ChecklistItem(
    _("The household register booklet (hukou) the child will join, original and a copy"),
    _(
        "Copy the head of household page: the child has no page yet. Staff add the child's ID "
        "number once the household registration is done."
    ),
)
GUARDIAN_ID = ChecklistItem(
    _("The original ID card of the guardian acting for the child"),
    _("The guardian named in the application brings it in person."),
)


def generic_checklist() -> list[ChecklistItem]:
    """The list from the process document, for anyone, before applying."""
    return [
        APPLICATION_FORM,
        HOUSEHOLD_REGISTER,
        GUARDIAN_ID,
        ChecklistItem(
            _(
                "A photo for the social security card, unless the child is a preschooler enrolling for the first time"
            ),
            _("You can upload the photo when you apply online instead of bringing a print."),
        ),
        ChecklistItem(
            _("For a newborn: the birth medical certificate, if the office asks for it"),
        ),
        ChecklistItem(
            _("If the child belongs to a subsidised group: the document that proves it"),
            _(
                "For example the minimum-living-guarantee certificate or the disability certificate."
            ),
        ),
    ]


def checklist_for(application: Application) -> list[ChecklistItem]:
    """Only what this child's application needs, in the order staff check it."""
    awaits_id_number = application.child.awaits_id_number
    register = HOUSEHOLD_REGISTER_BEFORE_REGISTRATION if awaits_id_number else HOUSEHOLD_REGISTER
    items = [APPLICATION_FORM, register, GUARDIAN_ID]
    if application.needs_birth_certificate:
        items.append(
            ChecklistItem(
                _("The original birth medical certificate (出生医学证明)"),
                _("The child applied with the number of this certificate.")
                if awaits_id_number
                else _("The office asks for it for newborns."),
            )
        )
    if application.subsidy_category and application.subsidy_category.proof_required:
        items.append(
            ChecklistItem(
                _("%(proof)s, the original")
                % {"proof": application.subsidy_category.proof_required},
                _("It proves the subsidy you claimed: %(group)s.")
                % {"group": application.subsidy_category.name},
            )
        )
    return items


def photo_note(application: Application) -> str:
    """The plain statement of the photo rule for this child."""
    if application.needs_photo:
        return _("No printed photo is needed: you uploaded the photo with the application.")
    return _("No photo is needed: the child is a preschooler enrolling for the first time.")

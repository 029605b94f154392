"""The child's household register (户口簿): its answers and the scans of its pages, and of the
birth medical certificate where the office asks newborns for it."""

from django.utils.translation import gettext_lazy as _

from .. import forms
from ..models import Document, HouseholdRegister
from .base import Answer, PartStep, Section, document_answer

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


class HouseholdRegisterStep(PartStep):
    identifier = "household-register"
    label = _("Household register")
    title = _("The child's household register")
    intro_template = "enrollment/intros/household_register.html"
    part_name, part_model, form_class = (
        "household_register",
        HouseholdRegister,
        forms.HouseholdRegisterForm,
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
                Answer(_("Address"), register.address, "id_address"),
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

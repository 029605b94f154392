"""The child: name, ID number (or a newborn's birth medical certificate number), date of birth,
sex, and whether the child was insured before."""

from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext_lazy as _

from .. import forms
from ..models import Child
from .base import Answer, PartStep, Section

NO_ID_NUMBER_YET = _(
    "Not added yet: the office adds it once the child's household registration is done"
)


class ChildStep(PartStep):
    identifier = "child"
    label = _("Child")
    title = _("About the child")
    intro_template = "enrollment/intros/child.html"
    part_name, part_model, form_class = "child", Child, forms.ChildForm
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
                    _("Resident ID number"), child.id_number or NO_ID_NUMBER_YET, "id_id_number"
                ),
                *birth_certificate,
                Answer(_("Date of birth"), format_date(child.date_of_birth), "id_date_of_birth"),
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

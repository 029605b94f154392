"""The articles of the Social Insurance Law the enrollment pages rely on (shown on each article's
page under "Cited by"). Each page links to its article with {% cite_article %}."""

from django.utils.translation import gettext_lazy as _

from legal.citations import CitingPlace

from . import wizard

LAW = "social-insurance-law"

PLACES = [
    CitingPlace(
        LAW, 4, "start", _("How to apply: the right to the agencies' services"), "enrollment:start"
    ),
    CitingPlace(
        LAW, 7, "start", _("How to apply: who administers social insurance"), "enrollment:start"
    ),
    CitingPlace(
        LAW,
        4,
        "checklist",
        _("What to bring (printable checklist): legal basis"),
        "enrollment:public_checklist",
    ),
    CitingPlace(
        LAW,
        7,
        "checklist",
        _("What to bring (printable checklist): legal basis"),
        "enrollment:public_checklist",
    ),
    CitingPlace(
        LAW,
        25,
        "checklist",
        _("What to bring (printable checklist): the fee"),
        "enrollment:public_checklist",
    ),
    CitingPlace(
        LAW,
        58,
        f"step:{wizard.ChildStep.identifier}",
        _(
            "Application, step “About the child”: the social security number is the resident ID number"
        ),
    ),
    CitingPlace(
        LAW,
        81,
        f"step:{wizard.HouseholdRegisterStep.identifier}",
        _("Application, step “Household register”: staff keep personal information confidential"),
    ),
    CitingPlace(
        LAW,
        25,
        f"step:{wizard.FeeStep.identifier}",
        _("Application, step “The fee”: the government pays the contribution of minors in need"),
    ),
    CitingPlace(
        LAW,
        88,
        "declaration",
        _("Application, declaration: obtaining benefits by false information"),
    ),
    CitingPlace(
        LAW,
        8,
        "confirmation",
        _("Confirmation: the social insurance agency registers the child"),
    ),
]

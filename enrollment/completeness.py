"""What an application must hold before it is submitted, one rule per part.

The wizard asks for the parts page by page (each step is complete when its part is) and the
submit service refuses, under its lock, an application that misses any: both read these rules,
so a page cannot call complete what the service would refuse, nor the other way round.
"""

from . import fees
from .models import Document

Kind = Document.Kind


def office_chosen(application) -> bool:
    return application.office_id is not None


def child_described(application) -> bool:
    return application.part("child") is not None


def household_register_given(application) -> bool:
    """The register's answers and the scans of its pages, and of the birth medical certificate
    where the office asks newborns for it. A newborn not yet registered has no page of its own:
    the certificate stands in for it."""
    child = application.part("child")
    needed = [Kind.REGISTER_HEAD_PAGE]
    if not (child and child.awaits_id_number):
        needed.append(Kind.REGISTER_CHILD_PAGE)
    if application.needs_birth_certificate:
        needed.append(Kind.BIRTH_CERTIFICATE)
    return application.part("household_register") is not None and all(
        application.document(kind) for kind in needed
    )


def guardian_given(application) -> bool:
    return application.part("guardian") is not None


def photo_needed(application) -> bool:
    return application.needs_photo


def photo_given(application) -> bool:
    """Uploaded, and confirmed by the parent once shown as it will be printed."""
    photo = application.document(Kind.PHOTO)
    return photo is not None and photo.confirmed_at is not None


def fee_answered(application) -> bool:
    """The subsidy question answered for the fee that applies today: a group chosen under
    another year's schedule, or without its proof, leaves it unanswered."""
    if not application.subsidy_answered:
        return False
    fee_quote = fees.application_quote(application)
    if fee_quote is None:
        return False
    category = application.subsidy_category
    if category is None:
        return True
    return fee_quote.subsidy == category and (
        not category.proof_required or application.document(Kind.SUBSIDY_PROOF) is not None
    )


def always(application) -> bool:
    return True


# Each part: whether the application needs it, and whether it holds it.
PARTS = [
    (always, office_chosen),
    (always, child_described),
    (always, household_register_given),
    (always, guardian_given),
    (photo_needed, photo_given),
    (always, fee_answered),
]


def is_complete(application) -> bool:
    return all(holds(application) for needs, holds in PARTS if needs(application))

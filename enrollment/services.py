"""Every write that changes an application: one function each, keyword arguments, one transaction.

Views and the admin call these; nothing else sets an application's status.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import fees, reference_numbers
from .models import Application, CommunityOffice, Document, StatusChange
from .uploads import CheckedUpload

logger = logging.getLogger(__name__)


class ApplicationNotEditable(Exception):
    """The application has left the parent's hands (submitted, under review or closed)."""


class ApplicationIncomplete(Exception):
    """An answer the application needs is missing; `step` names the wizard step to fix it."""

    def __init__(self, step):
        super().__init__(step)
        self.step = step


def _require_editable(application):
    if not application.is_editable:
        raise ApplicationNotEditable(application.reference_number)


@transaction.atomic
def application_start(*, owner, office: CommunityOffice) -> Application:
    """Open a new draft for a parent at a community office and record its creation."""
    application = Application(owner=owner, office=office)
    application.full_clean()
    application.save()
    StatusChange.objects.create(
        application=application,
        from_status="",
        to_status=Application.Status.DRAFT,
        changed_by=owner,
    )
    return application


@transaction.atomic
def application_change_office(*, application: Application, office: CommunityOffice) -> Application:
    """Send a draft to another office. A subsidy chosen under the old office's fees no longer
    applies, so the fee question is asked again."""
    _require_editable(application)
    if application.office_id != office.pk:
        application.office = office
        application.subsidy_answered = False
        application.subsidy_category = None
        application.save(
            update_fields=["office", "subsidy_answered", "subsidy_category", "updated_at"]
        )
    return application


@transaction.atomic
def answers_save(*, application: Application, part) -> None:
    """Save one step's answers (a Child, HouseholdRegister or Guardian tied to the application)."""
    _require_editable(application)
    part.application = application
    part.full_clean(exclude=["application"])
    part.save()
    application.save(update_fields=["updated_at"])


@transaction.atomic
def subsidy_choose(*, application: Application, subsidy_category) -> Application:
    """Record the parent's answer to the subsidy question (None: the child claims none)."""
    _require_editable(application)
    application.subsidy_answered = True
    application.subsidy_category = subsidy_category
    application.save(update_fields=["subsidy_answered", "subsidy_category", "updated_at"])
    return application


def document_store(*, application: Application, kind: str, upload: CheckedUpload) -> Document:
    """Store a checked upload as the application's document of that kind, replacing any earlier
    one. The old file is deleted only once the new row is committed."""
    _require_editable(application)
    with transaction.atomic():
        document = (
            Document.objects.select_for_update().filter(application=application, kind=kind).first()
        )
        old_file = document.file.name if document else None
        document = document or Document(application=application, kind=kind)
        document.original_name = upload.original_name
        document.content_type = upload.content_type
        document.size = upload.content.size
        document.width, document.height = upload.width, upload.height
        document.file.save("upload", upload.content, save=False)
        try:
            document.save()
        except Exception:
            document.file.storage.delete(document.file.name)
            raise
        application.save(update_fields=["updated_at"])
    if old_file:
        transaction.on_commit(lambda: document.file.storage.delete(old_file))
    return document


@transaction.atomic
def application_submit(*, application: Application, by, incomplete_step) -> Application:
    """Freeze a complete draft, fix its fee, give it a reference number and record the move.

    `incomplete_step` is the wizard's verdict on the answers (its first incomplete step, or None),
    passed in so that the rules of completeness live in one place, the wizard.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.DRAFT:
        raise ApplicationNotEditable(application.reference_number)
    if incomplete_step is not None:
        raise ApplicationIncomplete(incomplete_step)
    child = application.child
    fee_quote = fees.quote(
        application.office,
        born=child.date_of_birth,
        today=timezone.localdate(),
        subsidy=application.subsidy_category,
    )
    if fee_quote is None:
        raise ValidationError(_("The office has not published a fee for this child's cover."))
    now = timezone.now()
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now
    application.fee_schedule = fee_quote.schedule
    application.fee_due = fee_quote.amount_due
    application.cover_starts = fee_quote.cover.starts_on
    application.pay_by = fee_quote.cover.apply_by
    _assign_reference_number(application, year=timezone.localdate(now).year)
    StatusChange.objects.create(
        application=application,
        from_status=Application.Status.DRAFT,
        to_status=Application.Status.SUBMITTED,
        changed_by=by,
        changed_at=now,
    )
    return application


def _assign_reference_number(application, *, year, attempts=5):
    """Save with a fresh random reference number, drawing again on the rare collision."""
    for attempt in range(attempts):
        application.reference_number = reference_numbers.new_reference_number(year)
        try:
            with transaction.atomic():
                application.save()
            return
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            logger.warning("Reference number collision; drawing another")

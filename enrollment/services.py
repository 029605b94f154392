"""Every write that changes an application: one function each, keyword arguments, one transaction.

Views, the admin and commands call these; nothing else sets an application's status. Each move
locks the application, checks that it is allowed from the current status, writes the history row
and queues the parent's notice, which is sent once the transaction has committed.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image

from . import (
    access,
    bulk_writes,
    completeness,
    contributions,
    fees,
    notices,
    reference_numbers,
    resubmission,
    rules,
    selectors,
    statuses,
    uploads,
    validators,
)
from .models import Application, Child, CommunityOffice, CoverYear, Document, StatusChange
from .statuses import Actor, Move
from .uploads import CheckedUpload

logger = logging.getLogger(__name__)
Status = Application.Status


class ApplicationNotEditable(Exception):
    """The application has left the parent's hands (submitted, under review or closed)."""


class ApplicationIncomplete(Exception):
    """An answer the application needs is missing (completeness.py); nothing was changed."""


class OfficeFixed(Exception):
    """The application has been submitted once: its office no longer changes."""


class EmailNotConfirmed(Exception):
    """The parent's account has not confirmed its email address: it cannot submit yet."""


class MoveNotAllowed(Exception):
    """The move is not possible from the application's current status; nothing was changed."""

    def __init__(self, *, move, status):
        self.move, self.status = move, status
        super().__init__(
            _("“%(move)s” is not possible for an application that is “%(status)s”.")
            % {"move": move, "status": Status(status).label}
        )


def moves_allowed(application, *, staff: bool) -> list[str]:
    """The moves staff (on the application's page) or its parent may make from its status, in
    the table's order (statuses.MOVES)."""
    actor = Actor.STAFF if staff else Actor.PARENT
    return [move.name for move in statuses.moves_out(application.status) if move.by == actor]


def _require_editable(application):
    if not application.is_editable:
        raise ApplicationNotEditable(application.reference_number)


def _lock_editable(application) -> Application:
    """Lock the application's row for the rest of the transaction and check, under the lock,
    that the parent may still change it: a submission in another tab waits or wins, as the
    moves do."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(locked)
    return locked


DUPLICATE_CHILD = _lazy(
    "An application for a child with this ID number has already been made. Find it in your "
    "applications, or contact the community office if it was not you."
)


def check_child_is_new(id_number: str, *, application: Application) -> None:
    """One application alive per child: the parent's own draft, or anyone's submitted one
    (rejected and withdrawn ones do not count). The form asks at once; answers_save makes sure."""
    if selectors.child_already_applied_for(
        id_number, owner=application.owner, excluding=application
    ):
        raise ValidationError({"id_number": DUPLICATE_CHILD}, code="duplicate_child")


DUPLICATE_BIRTH_CERTIFICATE = _lazy(
    "An application for a child with this birth medical certificate number has already been "
    "made. Find it in your applications, or contact the community office if it was not you."
)


def check_birth_certificate_is_new(number: str, *, application: Application) -> None:
    """The same rule as check_child_is_new, for a newborn known by the birth medical
    certificate number until staff add the ID number."""
    if selectors.child_already_applied_for(
        number, owner=application.owner, excluding=application, by="birth_certificate_number"
    ):
        raise ValidationError(
            {"birth_certificate_number": DUPLICATE_BIRTH_CERTIFICATE},
            code="duplicate_child",
        )


def _check_move(move: Move, application, by) -> None:
    """The move is possible from the application's status (read under its lock), and `by` may
    make it: its reviewers for a staff move, its owner for the parent's."""
    if application.status not in move.from_statuses:
        raise MoveNotAllowed(move=move.name, status=application.status)
    if move.by == Actor.PARENT:
        if application.owner_id != by.pk:
            raise PermissionDenied
    elif not access.may_review(by, application):
        raise PermissionDenied


def _moved(move: Move, now) -> dict:
    """What every move writes on the application, besides the move's own fields."""
    return {"status": move.to, "updated_at": now, "status_changed_at": now}


def _history_fields(application, *, from_status, move: Move, by, now, note, **recorded) -> dict:
    """The history row of a move, the same for one application and for many."""
    return {
        "application": application,
        "from_status": from_status,
        "to_status": move.to,
        "changed_by": by,
        "changed_at": now,
        "note": note,
        **recorded,
    }


def move_application(
    *, application, move: str, by, note="", changes=None, before_save=None, recorded=None
) -> Application:
    """Move one application: lock it, check the move, write the status, its time and `changes`
    (with what `before_save(locked, now)` adds), the history row (with the fields
    `recorded(locked)` gives) and the parent's notice, sent once the transaction commits.

    The status is written with a compare-and-set on the status read under the lock, so two
    people acting at once cannot both win, whatever the database's locking does.
    """
    move = statuses.MOVES[move]
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_move(move, locked, by)
    from_status = locked.status
    now = timezone.now()
    values = {**_moved(move, now), **(changes or {})}
    if before_save:
        values.update(before_save(locked, now))
    won = Application.objects.filter(pk=locked.pk, status=from_status).update(**values)
    if won != 1:
        raise MoveNotAllowed(move=move.name, status=Application.objects.get(pk=locked.pk).status)
    change = StatusChange.objects.create(
        **_history_fields(
            locked,
            from_status=from_status,
            move=move,
            by=by,
            now=now,
            note=note,
            **(recorded(locked) if recorded else {}),
        )
    )
    notices.queue_status_notice(change)
    locked.refresh_from_db()
    return locked


def move_applications(*, applications, move: str, by, note="", changes_for=None) -> list:
    """Move many applications at once (a card batch, a payment list) with exactly the writes of
    move_application for each: status, times, the fields `changes_for(application)` gives,
    history row, notice. The caller has locked the rows (select_for_update) and read their
    status, owner and office under the lock; every one is checked before anything is written.
    Returns the history rows."""
    move = statuses.MOVES[move]
    applications = list(applications)
    for application in applications:
        _check_move(move, application, by)
    now = timezone.now()
    rows = [
        Application(
            pk=application.pk,
            **_moved(move, now),
            **(changes_for(application) if changes_for else {}),
        )
        for application in applications
    ]
    fields = [*_moved(move, now), *(changes_for(applications[0]) if rows and changes_for else {})]
    bulk_writes.update_each(Application, rows, fields)
    history = StatusChange.objects.bulk_create(
        [
            StatusChange(
                **_history_fields(
                    application,
                    from_status=application.status,
                    move=move,
                    by=by,
                    now=now,
                    note=note,
                )
            )
            for application in applications
        ],
        batch_size=1000,
    )
    notices.queue_status_notices(history)
    for application, row in zip(applications, rows, strict=True):
        for name in fields:
            setattr(application, name, getattr(row, name))
    return history


@transaction.atomic
def application_start(*, owner, office: CommunityOffice) -> Application:
    """Open a new draft for a parent at a community office and record its creation."""
    application = Application(owner=owner, office=office, status_changed_at=timezone.now())
    application.full_clean()
    application.save()
    StatusChange.objects.create(
        application=application, from_status="", to_status=Status.DRAFT, changed_by=owner
    )
    return application


def application_delete_draft(*, application: Application, by) -> None:
    """A parent deletes a draft they no longer want, with every file uploaded for it."""
    if application.owner_id != by.pk:
        raise PermissionDenied
    if application.status != Status.DRAFT:
        raise ApplicationNotEditable(application.reference_number)
    drafts_delete(Application.objects.filter(pk=application.pk, status=Status.DRAFT))


def drafts_delete(drafts) -> int:
    """Delete drafts and their files; the files go once the rows are gone for good."""
    with transaction.atomic():
        drafts = drafts.filter(status=Status.DRAFT).select_for_update()
        files = [
            name
            for pair in Document.objects.filter(application__in=drafts).values_list(
                "file", "thumbnail"
            )
            for name in pair
            if name
        ]
        count = len(drafts)
        drafts.delete()
    storage = Document._meta.get_field("file").storage
    for name in files:
        storage.delete(name)
    return count


@transaction.atomic
def application_change_office(*, application: Application, office: CommunityOffice) -> Application:
    """Send a draft to another office. A subsidy chosen under the old office's fees no longer
    applies, so the fee question is asked again. Once submitted, the office is fixed: the
    parent withdraws and applies at the other office."""
    locked = _lock_editable(application)
    if locked.office_is_fixed:
        raise OfficeFixed(locked.reference_number)
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
    """Save one step's answers (a Child, HouseholdRegister or Guardian tied to the application).

    Raises ValidationError, by field, for what the forms refuse too: the fields' own validators
    (ID numbers, a minor child, an adult guardian, a mobile number), a child's date of birth or
    sex that disagrees with the ID number, and a child who already has an application.
    """
    _lock_editable(application)
    part.application = application
    part.full_clean(exclude=["application"])
    if isinstance(part, Child):
        mismatches = validators.child_id_mismatches(part.id_number, part.date_of_birth, part.sex)
        if mismatches:
            raise ValidationError(mismatches)
        if part.id_number:
            check_child_is_new(part.id_number, application=application)
        else:
            _check_birth_certificate_route(part, application=application)
        if part.birth_certificate_number:
            check_birth_certificate_is_new(part.birth_certificate_number, application=application)
    part.save()
    application.save(update_fields=["updated_at"])


def _check_birth_certificate_route(child: Child, *, application: Application) -> None:
    """A child without an ID number: a newborn, at an office that takes newborns by the birth
    medical certificate number (rules.py)."""
    if not application.office.takes_newborns_by_birth_certificate:
        raise ValidationError(
            {"id_number": _("This office needs the child's resident ID number")},
            code="birth_certificate_not_taken",
        )
    if not rules.may_apply_by_birth_certificate(child.date_of_birth, timezone.localdate()):
        raise ValidationError(
            {
                "birth_certificate_number": _(
                    "Only a child under 1 can apply with the birth medical certificate number: "
                    "enter the child's resident ID number"
                )
            },
            code="birth_certificate_not_newborn",
        )


@transaction.atomic
def child_add_id_number(*, application: Application, by, id_number: str) -> Child:
    """Staff add the resident ID number of a newborn who applied with the birth medical
    certificate number, once the household registration is done; the history says so.

    Raises ValidationError (on "id_number") for a number that is not valid, that disagrees
    with the date of birth or sex the parent gave, or that another live application holds;
    and when the child already has one.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not access.may_review(by, locked):
        raise PermissionDenied
    if locked.is_dropped:
        raise MoveNotAllowed(move=_("Add the child's ID number"), status=locked.status)
    child = Child.objects.select_for_update().get(application=locked)
    if child.id_number:
        raise ValidationError(
            {
                "id_number": _("The child already has an ID number: %(number)s")
                % {"number": child.id_number}
            },
            code="id_number_present",
        )
    id_number = validators.clean_resident_id(id_number)
    mismatches = validators.child_id_mismatches(id_number, child.date_of_birth, child.sex)
    if mismatches:
        raise ValidationError({"id_number": list(mismatches.values())}, code="id_mismatch")
    check_child_is_new(id_number, application=locked)
    child.id_number = id_number
    child.full_clean(exclude=["application"])
    child.save(update_fields=["id_number"])
    StatusChange.objects.create(
        application=locked,
        from_status=locked.status,
        to_status=locked.status,
        changed_by=by,
        note=_(
            "The child's resident ID number was added after the household registration "
            "(the application was made with birth medical certificate number %(number)s)."
        )
        % {"number": child.birth_certificate_number},
    )
    return child


@transaction.atomic
def subsidy_choose(
    *, application: Application, subsidy_category, repaired_years: int = 0
) -> Application:
    """Record the parent's answers on the fee page: the subsidy group (None: the child claims
    none) and how many missed years the family pays for now."""
    _lock_editable(application)
    application.subsidy_answered = True
    application.subsidy_category = subsidy_category
    application.repaired_years = repaired_years
    application.save(
        update_fields=["subsidy_answered", "subsidy_category", "repaired_years", "updated_at"]
    )
    return application


def document_store(*, application: Application, kind: str, upload: CheckedUpload) -> Document:
    """Store a checked upload as the application's document of that kind, replacing any earlier
    one. The old file is deleted only once the new row is committed."""
    with transaction.atomic():
        _lock_editable(application)
        document = (
            Document.objects.select_for_update().filter(application=application, kind=kind).first()
        )
        old_files = [document.file.name, document.thumbnail.name] if document else []
        document = document or Document(application=application, kind=kind)
        document.original_name = upload.original_name
        document.content_type = upload.content_type
        document.size = upload.content.size
        document.width, document.height = upload.width, upload.height
        document.confirmed_at = None  # a new card photo is shown to the parent to confirm
        document.file.save("upload", upload.content, save=False)
        document.thumbnail = None
        if upload.thumbnail is not None:
            document.thumbnail.save("thumbnail", upload.thumbnail, save=False)
        try:
            document.save()
        except Exception:
            for name in (document.file.name, document.thumbnail.name):
                if name:
                    document.file.storage.delete(name)
            raise
        application.save(update_fields=["updated_at"])
    for old_file in filter(None, old_files):
        transaction.on_commit(lambda name=old_file: document.file.storage.delete(name))
    return document


@transaction.atomic
def photo_confirm(*, application: Application) -> Document:
    """The parent has seen the card photo as it will be printed and chose to use it: the photo
    step is complete. Confirming again keeps the first time."""
    _lock_editable(application)
    photo = Document.objects.select_for_update().get(
        application=application, kind=Document.Kind.PHOTO
    )
    if photo.confirmed_at is None:
        photo.confirmed_at = timezone.now()
        photo.save(update_fields=["confirmed_at"])
    return photo


def document_thumbnail(*, document: Document):
    """The document's preview, made now for an image stored before thumbnails existed; None for
    a PDF. Only an empty thumbnail is filled in, so two requests at once keep one file."""
    if document.thumbnail or not document.is_image:
        return document.thumbnail or None
    with document.file.open("rb") as original:
        image = Image.open(original)
        image.load()
    document.thumbnail.save("thumbnail", uploads.make_thumbnail(image), save=False)
    filled = Document.objects.filter(pk=document.pk, thumbnail="").update(
        thumbnail=document.thumbnail.name
    )
    if not filled:
        document.thumbnail.storage.delete(document.thumbnail.name)
        document.refresh_from_db(fields=["thumbnail"])
    return document.thumbnail


def application_submit(*, application: Application, by) -> Application:
    """Submit a complete draft, or resubmit one the office returned: fix the fee and when cover
    starts, give it a reference number (a resubmission keeps its own) and record the move.

    Refuses, under the lock, an application missing any answer the wizard asks for (the rules
    of completeness.py: ApplicationIncomplete), and an account whose email address is not
    confirmed (EmailNotConfirmed, portal.accounts).
    """
    if not by.email_confirmed:
        raise EmailNotConfirmed

    quoted = {}

    def freeze(locked, now):
        if not completeness.is_complete(locked):
            raise ApplicationIncomplete(locked.public_id)
        fee_quote = fees.application_quote(locked)
        if fee_quote is None:
            raise ValidationError(_("The office has not published a fee for this child's cover."))
        quoted["quote"] = fee_quote
        return {
            "submitted_at": now,
            "fee_schedule": fee_quote.schedule,
            "fee_due": fee_quote.amount_due,
            "reference_number": locked.reference_number
            or reference_numbers.new_reference_number(timezone.localdate(now).year),
        }

    attempts = 5
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                submitted = move_application(
                    application=application, move="submit", by=by, before_save=freeze
                )
                contributions.quote_years(submitted, quoted["quote"])
                return submitted
        except MoveNotAllowed as refused:
            raise ApplicationNotEditable(application.reference_number) from refused
        except IntegrityError:
            # Two submissions drew the same random reference number: draw again.
            if attempt == attempts:
                raise
            logger.warning("Reference number collision; drawing another")


@transaction.atomic
def application_return(*, application: Application, by, changes_needed: str) -> Application:
    """Send a submitted application back to the parent with what to change; the history row
    keeps the answers as they were, to show staff what the parent changed (resubmission.py)."""
    return move_application(
        application=application,
        move="return",
        by=by,
        note=changes_needed,
        recorded=lambda locked: {"answers_at_return": resubmission.snapshot(locked)},
    )


@transaction.atomic
def application_verify(*, application: Application, by, note: str = "") -> Application:
    """Record that staff saw the original documents at the counter and they match: the office
    registers the child, whose record now holds the years the fee pays for, due.

    Raises ValidationError, changing nothing, when one of those years is already on the child's
    record (contributions.register_child)."""
    verified = move_application(application=application, move="verify", by=by, note=note)
    contributions.register_child(verified, by=by)
    return verified


@transaction.atomic
def application_record_payment(
    *, application: Application, by, receipt_number: str, amount, paid_on, channel: str
) -> Application:
    """Record the receipt of the contribution the family paid through the tax authority, on
    the application and on each year of the child's record it pays for.

    Raises ValidationError for a payment date still to come (Beijing time), or an amount other
    than the one owed (contributions.record_application_payment).
    """

    def checked(locked, now):
        validators.check_paid_on(paid_on, timezone.localdate(now))
        return {
            "receipt_number": receipt_number,
            "amount_paid": amount,
            "paid_on": paid_on,
            "payment_channel": channel,
        }

    paid = move_application(
        application=application, move="record_payment", by=by, before_save=checked
    )
    contributions.record_application_payment(
        paid, by=by, ticket_number=receipt_number, amount=amount, paid_on=paid_on, channel=channel
    )
    return paid


class YearNotDue(Exception):
    """The cover year is not waiting for a payment (already paid, or waived)."""

    def __init__(self, cover_year):
        self.cover_year = cover_year
        super().__init__(
            _("%(year)s is “%(status)s” on the child's record, not due.")
            % {"year": cover_year.year, "status": cover_year.get_status_display()}
        )


@transaction.atomic
def cover_year_record_payment(
    *, cover_year: CoverYear, by, ticket_number: str, amount, paid_on, channel: str
) -> CoverYear:
    """Record one year's payment from its receipt (a row the tax authority's list did not
    match, or a renewal paid at the counter). A year lapsed unpaid takes a payment too: the
    payment's date settles its cover as if recorded before it lapsed (cover_years.settle). The
    year's history holds the payment; when it was the last year an application waited for, the
    application moves to "fee paid" (its own history row and notice), and otherwise the family
    is told by a notice of the year's own.

    Raises YearNotDue, PermissionDenied for staff of another office, and ValidationError for
    a payment date still to come or an amount other than the year's due amount.
    """
    locked = (
        CoverYear.objects.select_for_update(of=("self",))
        .select_related("child", "fee_schedule", "subsidy_category")
        .get(pk=cover_year.pk)
    )
    if locked.status not in contributions.PAYABLE:
        raise YearNotDue(locked)
    if not access.may_review_child(by, locked.child):
        raise PermissionDenied
    validators.check_paid_on(paid_on, timezone.localdate())
    if amount != locked.amount_due:
        raise ValidationError(
            {
                "amount": _("Enter the amount due for %(year)s, ¥%(due)s: a year is paid whole.")
                % {"year": locked.year, "due": locked.amount_due}
            }
        )
    change = contributions.mark_paid(
        locked, by=by, ticket_number=ticket_number, amount=amount, paid_on=paid_on, channel=channel
    )
    application = locked.application
    if application is not None and application.status == Status.VERIFIED:
        if not contributions.due_years(application):
            paid_years = application.cover_years.filter(status=CoverYear.Status.PAID)
            move_application(
                application=application,
                move="record_payment",
                by=by,
                changes={
                    "receipt_number": ticket_number,
                    "amount_paid": sum(year.amount_paid for year in paid_years),
                    "paid_on": paid_on,
                    "payment_channel": channel,
                },
            )
        return locked
    parent = selectors.family_account(locked)
    if parent is not None:
        notices.queue_cover_year_notice(change, parent=parent)
    return locked


@transaction.atomic
def application_issue_card(
    *, application: Application, by, card_number: str, issued_on, collection_place: str
) -> Application:
    """Record that the social security card is issued and where the family collects it.

    Raises ValidationError for an issue date still to come (Beijing time) or earlier than the
    payment recorded on the application.
    """

    def checked(locked, now):
        validators.check_card_issued_on(issued_on, timezone.localdate(now), paid_on=locked.paid_on)
        return {
            "card_number": card_number,
            "card_issued_on": issued_on,
            "card_collection_place": collection_place,
        }

    return move_application(application=application, move="issue_card", by=by, before_save=checked)


@transaction.atomic
def application_reject(*, application: Application, by, reason: str) -> Application:
    """Refuse the application, with the reason the parent will read; a verified one leaves the
    child's record (contributions.unregister)."""
    rejected = move_application(application=application, move="reject", by=by, note=reason)
    contributions.unregister(rejected)
    return rejected


@transaction.atomic
def application_withdraw(*, application: Application, by, reason: str = "") -> Application:
    """The parent takes back an application the office has not yet verified."""
    return move_application(application=application, move="withdraw", by=by, note=reason)

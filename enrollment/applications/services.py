"""Every move of an application, and the writes staff make: one function each, keyword
arguments, one transaction (the parent's answers are written by answers.py).

Views, the admin and commands call these; nothing else sets an application's status. Each move
locks the application, checks that it is allowed from the current status, writes the history row
and queues the parent's notice, which is sent once the transaction has committed.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access, bulk_writes, fees, notices, validators, wizard
from ..children import contributions
from ..models import Application, Child, CoverYear, StatusChange
from . import reference_numbers, resubmission, selectors, statuses
from .answers import ApplicationNotEditable, check_child_is_new
from .statuses import Actor, Move

logger = logging.getLogger(__name__)
Status = Application.Status


class ApplicationIncomplete(Exception):
    """An answer the application needs is missing (the wizard's steps); nothing was changed."""


class EmailNotConfirmed(Exception):
    """The parent's account has confirmed neither its email address nor a mobile number: it
    cannot submit yet."""


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


def application_submit(*, application: Application, by) -> Application:
    """Submit a complete draft, or resubmit one the office returned: fix the fee and when cover
    starts, give it a reference number (a resubmission keeps its own) and record the move.

    Refuses, under the lock, an application missing any answer the wizard asks for (the rules
    of each step of the wizard: ApplicationIncomplete), and an account that has confirmed neither its
    email address nor a mobile number (EmailNotConfirmed, portal.accounts).
    """
    if not by.contact_confirmed:
        raise EmailNotConfirmed

    quoted = {}

    def freeze(locked, now):
        if not wizard.is_complete(locked):
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

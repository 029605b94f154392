"""The life of an application in one table: each status with who acts next, whether the office's
clock runs, what the parent reads, and the moves out of it.

The work queue, the dashboard, the admin's filters and buttons, the parent's status page, the
notices, the factories and the demo data all read this table; adding a status is a value of the
enum (and its migration), a row here and a move into it.
"""

import enum
from collections import deque
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    VERIFIED = "verified", _("Documents verified")
    PAID = "paid", _("Fee paid")
    SENT_TO_CARD_CENTRE = "sent_to_card_centre", _("Sent to the card centre")
    CARD_ISSUED = "card_issued", _("Card issued")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Party(enum.Enum):
    """Whose action the application waits for."""

    FAMILY = "family"
    OFFICE = "office"
    CARD_CENTRE = "card_centre"
    NOBODY = "nobody"


class Actor(enum.Enum):
    """Who makes a move: the parent, staff on the application's page, or staff for many
    applications at once (a card batch, a payment list)."""

    PARENT = "parent"
    STAFF = "staff"
    BATCH = "batch"


@dataclass(frozen=True)
class Move:
    name: str
    from_statuses: frozenset
    to: Status
    by: Actor
    label: str  # the button staff press, or the parent's link


@dataclass(frozen=True)
class StatusFacts:
    """What a status means. The wordings are what the parent reads: `page` under the status on
    the application's page, `notice` in the email of the move into it (with `notice_after_return`
    when the family sends back a returned application). They may name %(office)s, %(fee)s (the
    fee quoted), %(paid)s and %(receipt)s (the payment recorded), and %(place)s (where the card
    is collected)."""

    waits_for: Party
    office_clock: bool  # the office's working days count, and it can be overdue
    parent_may_edit: bool = False
    staff_see: bool = True
    dropped: bool = False  # rejected or withdrawn: no longer stands for the child
    page: str = ""
    notice: str = ""
    notice_after_return: str = ""
    notice_tells_years: bool = False  # the notice lists each year's amount, date or cover
    years_lead: str = ""  # before that list, when the notice's own sentence does not lead in
    tells_how_to_pay: bool = False  # the page and the notice give the schedule's ways to pay
    history_note_label: str = ""  # before a note in the parent's history
    notice_note_label: str = _("Note:")


MOVES = {
    move.name: move
    for move in [
        Move(
            "submit",
            frozenset({Status.DRAFT, Status.RETURNED}),
            Status.SUBMITTED,
            Actor.PARENT,
            _("Submit the application"),
        ),
        Move(
            "return",
            frozenset({Status.SUBMITTED}),
            Status.RETURNED,
            Actor.STAFF,
            _("Return for changes"),
        ),
        Move(
            "verify",
            frozenset({Status.SUBMITTED}),
            Status.VERIFIED,
            Actor.STAFF,
            _("Documents verified"),
        ),
        Move(
            "record_payment",
            frozenset({Status.VERIFIED}),
            Status.PAID,
            Actor.STAFF,
            _("Record the payment"),
        ),
        # Card batches send paid applications to the card centre; a card made at the office
        # itself is issued straight from "paid".
        Move(
            "send_to_card_centre",
            frozenset({Status.PAID}),
            Status.SENT_TO_CARD_CENTRE,
            Actor.BATCH,
            _("Send to the card centre"),
        ),
        Move(
            "issue_card",
            frozenset({Status.PAID, Status.SENT_TO_CARD_CENTRE}),
            Status.CARD_ISSUED,
            Actor.STAFF,
            _("Card issued"),
        ),
        Move(
            "reject",
            frozenset({Status.SUBMITTED, Status.RETURNED, Status.VERIFIED}),
            Status.REJECTED,
            Actor.STAFF,
            _("Reject"),
        ),
        Move(
            "withdraw",
            frozenset({Status.SUBMITTED, Status.RETURNED}),
            Status.WITHDRAWN,
            Actor.PARENT,
            _("Withdraw this application"),
        ),
    ]
}

FACTS = {
    Status.DRAFT: StatusFacts(
        waits_for=Party.FAMILY,
        office_clock=False,
        parent_may_edit=True,
        staff_see=False,
        page=_("You have not submitted the application yet."),
    ),
    Status.SUBMITTED: StatusFacts(
        waits_for=Party.OFFICE,
        office_clock=True,
        page=_("Bring the original documents to %(office)s."),
        notice=_(
            "We received your application. Bring the original documents to %(office)s: the "
            "list is on the status page."
        ),
        notice_after_return=_(
            "We received your changes. The office will check the application again."
        ),
        notice_tells_years=True,
        years_lead=_(
            "You pay ¥%(fee)s through the tax authority once the office has registered the "
            "child, each year by its date:"
        ),
    ),
    Status.RETURNED: StatusFacts(
        waits_for=Party.FAMILY,
        office_clock=False,
        parent_may_edit=True,
        page=_("The office sent the application back to you for changes."),
        notice=_(
            "The office sent the application back to you for changes. Sign in, make the "
            "changes and submit the application again."
        ),
        history_note_label=_("The office asked:"),
        notice_note_label=_("What the office asks you to change:"),
    ),
    Status.VERIFIED: StatusFacts(
        # The office records the payment once the tax authority's list arrives.
        waits_for=Party.OFFICE,
        office_clock=True,
        page=_("The office has verified the documents and registered the child."),
        notice=_(
            "The office checked the original documents and registered the child. Pay ¥%(fee)s "
            "through the tax authority, each year by its date:"
        ),
        notice_tells_years=True,
        tells_how_to_pay=True,
    ),
    Status.PAID: StatusFacts(
        waits_for=Party.OFFICE,
        office_clock=True,
        page=_(
            "Payment of ¥%(paid)s recorded (receipt %(receipt)s). The social security card is "
            "being made."
        ),
        notice=_(
            "The office recorded your payment of ¥%(paid)s (receipt %(receipt)s). The social "
            "security card is being made. What the payment bought:"
        ),
        notice_tells_years=True,
    ),
    Status.SENT_TO_CARD_CENTRE: StatusFacts(
        waits_for=Party.CARD_CENTRE,
        office_clock=False,
        page=_(
            "The office sent the child's details to the card centre, which makes the social "
            "security card. We will tell you by email when the card is ready to collect, and "
            "where."
        ),
        notice=_(
            "The office sent the child's details to the card centre, which makes the social "
            "security card. We will tell you when the card is ready to collect."
        ),
    ),
    Status.CARD_ISSUED: StatusFacts(
        waits_for=Party.NOBODY,
        office_clock=False,
        page=_("The social security card is issued. Collect it at: %(place)s."),
        notice=_("The social security card is issued. Collect it at: %(place)s."),
    ),
    Status.REJECTED: StatusFacts(
        waits_for=Party.NOBODY,
        office_clock=False,
        dropped=True,
        page=_("The office rejected the application."),
        notice=_("The office rejected the application."),
        history_note_label=_("Reason:"),
        notice_note_label=_("The reason:"),
    ),
    Status.WITHDRAWN: StatusFacts(
        waits_for=Party.NOBODY,
        office_clock=False,
        dropped=True,
        page=_("You withdrew this application, so the office will not process it."),
        notice=_("You withdrew the application."),
    ),
}


def facts(status) -> StatusFacts:
    return FACTS[Status(status)]


def moves_out(status) -> list[Move]:
    return [move for move in MOVES.values() if status in move.from_statuses]


def is_final(status) -> bool:
    """Nothing moves the application on: the card is issued, or it was rejected or withdrawn."""
    return not moves_out(status)


def statuses_where(**wanted) -> tuple[Status, ...]:
    """The statuses whose facts hold every value given, in the enum's order:
    statuses_where(waits_for=Party.OFFICE, office_clock=True)."""
    return tuple(
        status
        for status, status_facts in FACTS.items()
        if all(getattr(status_facts, name) == value for name, value in wanted.items())
    )


EDITABLE = statuses_where(parent_may_edit=True)
DROPPED = statuses_where(dropped=True)
FINAL = tuple(status for status in Status if is_final(status))
# The office's own work, in the order of the work, and what waits for someone else.
OFFICE_WORK = statuses_where(waits_for=Party.OFFICE, office_clock=True)
WAITING_ELSEWHERE = tuple(
    status
    for status in Status
    if FACTS[status].staff_see and FACTS[status].waits_for in (Party.FAMILY, Party.CARD_CENTRE)
)
SEEN_BY_STAFF = statuses_where(staff_see=True)


def usual_path(status, *, start=Status.SUBMITTED) -> list[Move]:
    """The shortest run of moves from `start` to `status`, the table's order breaking ties:
    how the factories and the demo data take an application to a status."""
    paths = {Status(start): []}
    waiting = deque([Status(start)])
    while waiting:
        current = waiting.popleft()
        if current == status:
            return paths[current]
        for move in moves_out(current):
            if move.to not in paths:
                paths[move.to] = [*paths[current], move]
                waiting.append(move.to)
    raise ValueError(f"No moves lead from {start} to {status}")


def wording_values(application) -> dict:
    """The values a status wording may name, from the application."""
    return {
        "office": application.office.name,
        "fee": application.fee_due,
        "paid": application.amount_paid,
        "receipt": application.receipt_number,
        "place": application.card_collected_at,
    }


def page_wording(application) -> str:
    return str(facts(application.status).page) % wording_values(application)


def notice_wording(change) -> str:
    """The sentence of a move's email; a change that keeps the status is a fee quoted again."""
    status_facts = facts(change.to_status)
    if change.from_status == Status.RETURNED and status_facts.notice_after_return:
        return str(status_facts.notice_after_return)
    return str(status_facts.notice) % wording_values(change.application)

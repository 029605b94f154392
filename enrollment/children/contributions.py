"""The writes of what a family pays: the years an application's fee pays for, frozen when the
parent submits it; the child's record of contributions, registered with those years when the
office verifies the application; and each payment, which settles its year's cover by the day
the tax authority received the money.

The services of services.py call these inside their own transactions, under the application's
lock; nothing else creates an insured child or changes a cover year's status.
"""

import copy
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import fees, formatting
from ..models import Application, CoverYear, CoverYearChange, Document, InsuredChild, QuotedYear
from . import cover_years


def quote_years(application: Application, quote: "fees.FeeQuote") -> list[QuotedYear]:
    """Freeze the years a submitted application pays for, as quoted that day: the amounts and
    deadlines every page and email states from now on, and what the office registers. A
    resubmission quotes afresh (the answers may have changed)."""
    application.quoted_years.all().delete()
    quoted = quote.quoted_years()
    for year in quoted:
        year.application = application
    return QuotedYear.objects.bulk_create(quoted)


def register_child(application: Application, *, by) -> InsuredChild:
    """Make the application's child an insured child of its office (the same record again when
    the child's ID number is known from an earlier application, whoever's account made it), with
    each year the submitted fee pays for due, or waived when the government pays all of it.

    The years are those quoted on the day the parent submitted, the day the fee was fixed.
    Raises ValidationError when one of them is already on the child's record, and while a
    newborn who applied with the birth medical certificate number has no ID number yet: the
    record is keyed on the ID number, so staff add it first (services.child_add_id_number).
    """
    child = application.child
    if child.awaits_id_number:
        raise ValidationError(
            _(
                "The child has no resident ID number yet (the application was made with the "
                "birth medical certificate number). Add the ID number once the child's "
                "household registration is done, then verify the application."
            )
        )
    insured, created = InsuredChild.objects.select_for_update().get_or_create(
        id_number=child.id_number,
        defaults={
            "full_name": child.full_name,
            "date_of_birth": child.date_of_birth,
            "sex": child.sex,
            "office": application.office,
            "registered_on": timezone.localdate(),
        },
    )
    if not created:
        insured.full_name, insured.date_of_birth, insured.sex = (
            child.full_name,
            child.date_of_birth,
            child.sex,
        )
        insured.office = application.office
        insured.save(update_fields=["full_name", "date_of_birth", "sex", "office"])
    quoted = list(application.quoted_years.order_by("year"))
    if not quoted:
        raise ValidationError(_("The office has not published a fee for this child's cover."))
    taken = sorted(
        insured.cover_years.filter(year__in=[year.year for year in quoted]).values_list(
            "year", flat=True
        )
    )
    if taken:
        raise ValidationError(
            _(
                "The child's record already holds %(years)s. Check the child's record before "
                "verifying this application."
            )
            % {"years": formatting.listed(taken)}
        )
    proof = application.documents.filter(kind=Document.Kind.SUBSIDY_PROOF).first()
    for year in quoted:
        due = year.amount_due
        cover_year = CoverYear.objects.create(
            child=insured,
            application=application,
            subsidy_proof=proof if year.subsidy_category_id else None,
            status=CoverYear.Status.DUE if due else CoverYear.Status.WAIVED,
            recorded_by=None if due else by,
            recorded_at=None if due else timezone.now(),
            **year.terms(),
        )
        record_change(
            cover_year,
            from_status="",
            by=by,
            note=_("Registered from application %(ref)s") % {"ref": application.reference_number},
        )
    application.insured_child = insured
    application.save(update_fields=["insured_child"])
    return insured


def due_years(application: Application) -> list[CoverYear]:
    """The application's years still to pay, with what settling a payment reads."""
    return list(
        application.cover_years.filter(status=CoverYear.Status.DUE)
        .select_related("child", "fee_schedule", "subsidy_category")
        .order_by("year")
    )


def amount_owed(application: Application) -> Decimal:
    """What the family still owes for the years the application made due."""
    return sum((year.amount_due for year in due_years(application)), Decimal("0"))


def record_application_payment(
    application: Application,
    *,
    by,
    ticket_number: str,
    amount: Decimal,
    paid_on: datetime.date,
    channel: str,
) -> list[CoverYear]:
    """Record one payment of everything the application made due, on each of its years.

    Raises ValidationError when the amount is not what is owed: a year is paid whole, and a
    different figure is a typing error or a payment of something else.
    """
    years = due_years(application)
    owed = sum((year.amount_due for year in years), Decimal("0"))
    if amount != owed:
        raise ValidationError(
            {
                "amount": _("Enter the amount owed, ¥%(owed)s: each year is paid whole.")
                % {"owed": owed}
            }
        )
    for year in years:
        mark_paid(
            year,
            by=by,
            ticket_number=ticket_number,
            amount=year.amount_due,
            paid_on=paid_on,
            channel=channel,
        )
    return years


PAYABLE = (CoverYear.Status.DUE, CoverYear.Status.LAPSED)


def mark_paid(
    cover_year: CoverYear, *, by, ticket_number: str, amount: Decimal, paid_on, channel: str
) -> CoverYearChange:
    """Write a due (or lapsed) year's payment, its cover settled by the day of payment
    (cover_years.settle), and its history row; the caller has checked the amount."""
    from_status = cover_year.status
    settle_payment(
        cover_year,
        ticket_number=ticket_number,
        amount=amount,
        paid_on=paid_on,
        channel=channel,
        by=by,
        at=timezone.now(),
    )
    cover_year.save()
    return record_change(
        cover_year,
        from_status=from_status,
        by=by,
        note=payment_note(cover_year),
    )


def settle_payment(
    cover_year: CoverYear, *, ticket_number: str, amount: Decimal, paid_on, channel: str, by, at
) -> cover_years.Settlement:
    """Set a year's payment and the cover it bought on the instance, unsaved: what mark_paid
    saves for one year and payment_import writes for many (PAID_FIELDS)."""
    settlement = cover_years.settle(cover_year, paid_on)
    cover_year.status = CoverYear.Status.PAID
    cover_year.amount_paid = amount
    cover_year.paid_on = paid_on
    cover_year.ticket_number = ticket_number
    cover_year.payment_channel = channel
    cover_year.paid_after_deadline = settlement.after_deadline
    cover_year.quoted_cover_starts = settlement.quoted_starts
    cover_year.rule = settlement.rule
    cover_year.waiting_months = settlement.waiting_months
    cover_year.cover_starts = settlement.starts_on
    cover_year.recorded_at, cover_year.recorded_by = at, by
    return settlement


def as_if_paid(cover_year: CoverYear, *, paid_on, amount: Decimal | None = None) -> CoverYear:
    """A copy of the year as a payment on `paid_on` would leave it, nothing saved: what staff
    see before they confirm a receipt or a payment list."""
    settled = copy.copy(cover_year)
    settle_payment(
        settled,
        ticket_number="",
        amount=cover_year.amount_due if amount is None else amount,
        paid_on=paid_on,
        channel="",
        by=None,
        at=None,
    )
    return settled


PAID_FIELDS = (
    "status",
    "amount_paid",
    "paid_on",
    "ticket_number",
    "payment_channel",
    "paid_after_deadline",
    "quoted_cover_starts",
    "rule",
    "waiting_months",
    "cover_starts",
    "recorded_at",
    "recorded_by",
)


def payment_note(cover_year: CoverYear) -> str:
    """The history note of a recorded payment, with what a late payment bought."""
    note = _("Ticket %(ticket)s, ¥%(amount)s, paid on %(paid_on)s") % {
        "ticket": cover_year.ticket_number,
        "amount": cover_year.amount_paid,
        "paid_on": cover_year.paid_on.isoformat(),
    }
    if cover_year.paid_after_deadline:
        note += " " + cover_year.late_summary
    return note


def record_change(cover_year: CoverYear, *, from_status: str, by, note: str = ""):
    return CoverYearChange.objects.create(
        cover_year=cover_year,
        from_status=from_status,
        to_status=cover_year.status,
        changed_by=by,
        note=note,
    )


def unregister(application: Application) -> None:
    """Undo the registration of an application the office then rejects: its unpaid years leave
    the child's record, and a record left with nothing from any application goes too."""
    child = application.insured_child
    if child is None:
        return
    application.cover_years.exclude(status=CoverYear.Status.PAID).delete()
    application.insured_child = None
    application.save(update_fields=["insured_child"])
    if not child.applications.exists() and not child.cover_years.exists():
        child.delete()

"""The writes of a child's record of contributions: registering the child and the years its
fee pays for when the office verifies an application, and recording what the family paid.

The services of services.py call these inside their own transactions, under the application's
lock; nothing else creates an insured child or changes a cover year's status.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cover_years, fees
from .models import Application, CoverYear, CoverYearChange, Document, InsuredChild


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
    quote = fees.application_quote(application, on=timezone.localdate(application.submitted_at))
    if quote is None:
        raise ValidationError(_("The office has not published a fee for this child's cover."))
    years = [year.cover.year for year in quote.years]
    taken = sorted(insured.cover_years.filter(year__in=years).values_list("year", flat=True))
    if taken:
        raise ValidationError(
            _(
                "The child's record already holds %(years)s. Check the child's record before "
                "verifying this application."
            )
            % {"years": ", ".join(str(year) for year in taken)}
        )
    proof = application.documents.filter(kind=Document.Kind.SUBSIDY_PROOF).first()
    for index, year in enumerate(quote.years):
        repairs = quote.repair.chosen if quote.repair and index == 0 else 0
        repair_amount = quote.repair_amount if index == 0 else Decimal("0")
        due = year.amount_due + repair_amount
        cover_year = CoverYear.objects.create(
            child=insured,
            year=year.cover.year,
            application=application,
            fee_schedule=year.schedule,
            subsidy_category=year.subsidy,
            subsidy_proof=proof if year.subsidy else None,
            contribution=year.contribution,
            reduction=year.reduction,
            missed_years_paid=repairs,
            missed_years_amount=repair_amount,
            amount_due=due,
            pay_by=year.cover.pay_by,
            rule=year.cover.rule,
            waiting_months=year.cover.waiting_months,
            cover_starts=year.cover.starts_on,
            cover_ends=year.cover.ends_on,
            status=CoverYear.Status.DUE if due else CoverYear.Status.WAIVED,
            recorded_by=None if due else by,
            recorded_at=None if due else timezone.now(),
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
    return list(application.cover_years.filter(status=CoverYear.Status.DUE).order_by("year"))


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


def mark_paid(
    cover_year: CoverYear, *, by, ticket_number: str, amount: Decimal, paid_on, channel: str
) -> CoverYearChange:
    """Write a due year's payment and its history row; the caller has checked the amount."""
    cover_year.status = CoverYear.Status.PAID
    cover_year.amount_paid = amount
    cover_year.paid_on = paid_on
    cover_year.ticket_number = ticket_number
    cover_year.payment_channel = channel
    cover_year.cover_starts = cover_years.starts_when_paid(cover_year, paid_on)
    cover_year.recorded_at, cover_year.recorded_by = timezone.now(), by
    cover_year.save()
    return record_change(
        cover_year,
        from_status=CoverYear.Status.DUE,
        by=by,
        note=payment_note(ticket_number=ticket_number, amount=amount, paid_on=paid_on),
    )


def payment_note(*, ticket_number: str, amount: Decimal, paid_on) -> str:
    """The history note of a recorded payment (payment_import writes the same in bulk)."""
    return _("Ticket %(ticket)s, ¥%(amount)s, paid on %(paid_on)s") % {
        "ticket": ticket_number,
        "amount": amount,
        "paid_on": paid_on.isoformat(),
    }


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

"""Give the children of applications verified before the record of contributions existed their
record: one insured child per ID number, and a cover year for the year each application paid for,
with its payment where one was recorded. Their fee was one year's (newborns' second years and
repairs came with the record), so the whole fee is that year's."""

import datetime

from django.db import migrations

REGISTERED = ("verified", "paid", "card_issued")


def record(apps, schema_editor):
    Application = apps.get_model("enrollment", "Application")
    InsuredChild = apps.get_model("enrollment", "InsuredChild")
    CoverYear = apps.get_model("enrollment", "CoverYear")
    verified = (
        Application.objects.filter(status__in=REGISTERED, fee_schedule__isnull=False)
        .select_related("child", "fee_schedule", "subsidy_category")
        .order_by("submitted_at", "pk")
    )
    for application in verified.iterator(chunk_size=500):
        child = application.child
        insured, _ = InsuredChild.objects.update_or_create(
            id_number=child.id_number,
            defaults={
                "full_name": child.full_name,
                "date_of_birth": child.date_of_birth,
                "sex": child.sex,
                "office_id": application.office_id,
                "registered_on": application.submitted_at.date(),
            },
        )
        application.insured_child = insured
        application.save(update_fields=["insured_child"])
        schedule = application.fee_schedule
        paid = application.paid_on is not None
        due = application.fee_due
        CoverYear.objects.get_or_create(
            child=insured,
            year=schedule.year,
            defaults={
                "application": application,
                "fee_schedule": schedule,
                "subsidy_category": application.subsidy_category,
                "contribution": schedule.individual_contribution,
                "reduction": max(schedule.individual_contribution - due, 0),
                "amount_due": due,
                "pay_by": application.pay_by or schedule.enrollment_closes,
                "rule": rule(application, child),
                "cover_starts": application.cover_starts or (application.paid_on if paid else None),
                "cover_ends": datetime.date(schedule.year, 12, 31),
                "status": "paid" if paid else ("due" if due else "waived"),
                "amount_paid": application.amount_paid,
                "paid_on": application.paid_on,
                "ticket_number": application.receipt_number,
                "payment_channel": application.payment_channel,
            },
        )


def rule(application, child):
    """The rules of the time: from birth (a newborn within 90 days), from 1 January (paid in the
    period), or else from the month after payment."""
    starts = application.cover_starts
    if starts == child.date_of_birth:
        return "from_birth"
    if starts == datetime.date(application.fee_schedule.year, 1, 1):
        return "from_january"
    return "after_payment"


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0009_insured_children_and_cover_years")]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]

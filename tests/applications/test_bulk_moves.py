"""A move made for many applications at once (a payment list, a card batch) writes exactly what
the same move made from one application's page writes: every column of the application, its
history row and the parent's notice. Both moves are made at one frozen moment, so that the only
columns allowed to differ are those that name the application itself."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from enrollment import card_batches, payment_import
from enrollment.applications import services
from enrollment.models import Application, CardBatch, CoverYear, Notice, StatusChange
from tools.factories import make_application, move_to

from ..payment_lists import payment_csv, store

# Columns that tell two applications apart whatever their history: identity, and the child's
# record each was registered as.
IDENTITY = {"id", "public_id", "reference_number", "insured_child"}
MOMENT = datetime.datetime(2026, 11, 20, 2, 30, tzinfo=datetime.UTC)  # 10:30 in Beijing
PAID_ON = datetime.date(2026, 11, 17)


def columns(instance, *, leaving_out=()):
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
        if field.name not in leaving_out
    }


def what_the_move_wrote(application):
    application = Application.objects.get(pk=application.pk)
    change = StatusChange.objects.filter(application=application).latest("id")
    notice = Notice.objects.get(status_change=change)
    return (
        columns(application, leaving_out=IDENTITY | {"card_batch", "receipt_number"}),
        columns(change, leaving_out={"id", "application"}),
        columns(notice, leaving_out={"id", "status_change"}),
    )


@pytest.fixture
def at_one_moment(db):
    with time_machine.travel(MOMENT, tick=False):
        yield


def twins(status, parent, office, staff):
    """Two applications answered alike, taken to the same status."""
    return [
        move_to(make_application(parent, office, upto="submitted"), status, staff=staff)
        for _ in range(2)
    ]


def test_a_payment_list_moves_an_application_as_its_own_page_does(
    at_one_moment, parent, office, staff
):
    by_hand, by_list = twins("verified", parent, office, staff)  # each waits for one year
    year = CoverYear.objects.get(application=by_hand)
    services.cover_year_record_payment(
        cover_year=year,
        by=staff,
        ticket_number="320260000000001",
        amount=year.amount_due,
        paid_on=PAID_ON,
        channel=payment_import.CHANNEL,
    )
    child = by_list.child
    row = (child.id_number, child.full_name, year.year, year.amount_due, PAID_ON, "320260000000002")
    imported, _ = store(payment_csv([row]), staff)
    payment_import.payment_import_confirm(payment_import=imported, by=staff)

    assert what_the_move_wrote(by_list) == what_the_move_wrote(by_hand)
    assert what_the_move_wrote(by_list)[0]["status"] == "paid"
    assert what_the_move_wrote(by_list)[0]["status_changed_at"] == MOMENT
    receipts = Application.objects.filter(pk__in=[by_hand.pk, by_list.pk]).order_by("pk")
    assert [application.receipt_number for application in receipts] == [
        "320260000000001",
        "320260000000002",
    ]


def test_a_card_batch_issues_cards_as_the_application_page_does(
    at_one_moment, parent, office, staff
):
    by_hand, in_batch = twins("paid", parent, office, staff)
    for application in (by_hand, in_batch):
        card_batches.card_batch_send(office=office, applications=[application], by=staff)
    services.application_issue_card(
        application=by_hand,
        by=staff,
        card_number="",
        issued_on=timezone.localdate(),
        collection_place="",
    )
    card_batches.card_batch_issue(
        batch=CardBatch.objects.get(applications=in_batch), by=staff, issued_on=timezone.localdate()
    )

    assert what_the_move_wrote(in_batch) == what_the_move_wrote(by_hand)
    assert what_the_move_wrote(in_batch)[0]["status"] == "card_issued"


def test_a_card_batch_sends_each_application_as_a_single_move_would(
    at_one_moment, parent, office, staff
):
    alone, in_batch = twins("paid", parent, office, staff)
    services.move_application(
        application=alone, move="send_to_card_centre", by=staff, note="CB-TEST"
    )
    card_batches.card_batch_send(office=office, applications=[in_batch], by=staff)
    batch_number = CardBatch.objects.get(applications=in_batch).number

    wrote_alone, wrote_in_batch = what_the_move_wrote(alone), what_the_move_wrote(in_batch)
    assert wrote_in_batch[1].pop("note") == batch_number
    assert wrote_alone[1].pop("note") == "CB-TEST"
    assert wrote_in_batch == wrote_alone

"""The life of an application: every allowed move, every forbidden one, who may make it, the
history it leaves, the notice it sends, and two people acting at once."""

import datetime
import logging
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from enrollment import card_batches
from enrollment.applications import answers, services, statuses
from enrollment.models import Application, StatusChange
from tools import factories
from tools.factories import make_application, make_staff, make_supervisor, move_to

from ..expected_statuses import LIFE

Status = Application.Status
ALL_STATUSES = [s.value for s in Status]


def run_move(move, application, staff):
    """Call the service for a move with plausible data; return the moved application."""
    today = datetime.date.today()
    calls = {
        "submit": lambda: services.application_submit(
            application=application, by=application.owner
        ),
        "return": lambda: services.application_return(
            application=application, by=staff, changes_needed="Rescan the child's page."
        ),
        "verify": lambda: services.application_verify(
            application=application, by=staff, note="Originals seen."
        ),
        "record_payment": lambda: services.application_record_payment(
            application=application,
            by=staff,
            receipt_number="R-42",
            amount=Decimal("400.00"),
            paid_on=today,
            channel="alipay",
        ),
        "send_to_card_centre": lambda: sent_in_a_batch(application, staff),
        "issue_card": lambda: services.application_issue_card(
            application=application,
            by=staff,
            card_number="C998877",
            issued_on=today,
            collection_place="Counter 3",
        ),
        "reject": lambda: services.application_reject(
            application=application, by=staff, reason="Registered in another district."
        ),
        "withdraw": lambda: services.application_withdraw(
            application=application, by=application.owner, reason="Moving away."
        ),
    }
    if move not in calls:  # a move that needs nothing but its actor
        by = application.owner if statuses.MOVES[move].by == statuses.Actor.PARENT else staff
        return services.move_application(application=application, move=move, by=by)
    return calls[move]()


def sent_in_a_batch(application, staff):
    card_batches.card_batch_send(office=application.office, applications=[application], by=staff)
    return Application.objects.get(pk=application.pk)


def application_in(status, parent, office, staff):
    if status == "draft":
        return make_application(parent, office)
    return move_to(make_application(parent, office, upto="submitted"), status, staff=staff)


ALLOWED = [(move, status) for move, (froms, _) in LIFE.items() for status in sorted(froms)]
FORBIDDEN = [
    (move, status)
    for move, (froms, _) in LIFE.items()
    for status in ALL_STATUSES
    if status not in froms
]


@pytest.mark.parametrize(("move", "from_status"), ALLOWED)
def test_every_allowed_move_changes_the_status_records_it_and_tells_the_parent(
    parent, office, staff, move, from_status, django_capture_on_commit_callbacks
):
    application = application_in(from_status, parent, office, staff)
    mail.outbox.clear()
    history_before = application.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        moved = run_move(move, application, staff)
    to_status = LIFE[move][1]
    assert Application.objects.get(pk=application.pk).status == to_status == moved.status
    change = application.history.order_by("-id").first()
    assert application.history.count() == history_before + 1
    assert (change.from_status, change.to_status) == (from_status, to_status)
    assert change.changed_by == (parent if move in ("submit", "withdraw") else staff)
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [parent.email]
    assert moved.reference_number in notice.subject
    assert str(Status(to_status).label) in notice.subject
    assert notice.alternatives and notice.alternatives[0][1] == "text/html"


@pytest.mark.parametrize(("move", "status"), FORBIDDEN)
def test_every_forbidden_move_is_refused_and_changes_nothing(
    parent, office, staff, move, status, django_capture_on_commit_callbacks
):
    application = application_in(status, parent, office, staff)
    before = Application.objects.get(pk=application.pk)
    history_before = application.history.count()
    mail.outbox.clear()
    expected = {
        "submit": answers.ApplicationNotEditable,
        # A batch refuses, before any move, whatever is not paid (card_batches.py).
        "send_to_card_centre": ValidationError,
    }.get(move, services.MoveNotAllowed)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(expected):
        run_move(move, application, staff)
    after = Application.objects.get(pk=application.pk)
    assert after.status == before.status
    assert (after.receipt_number, after.card_number) == (before.receipt_number, before.card_number)
    assert application.history.count() == history_before
    assert mail.outbox == []


def test_the_refusal_says_which_move_and_which_status(parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    with pytest.raises(services.MoveNotAllowed) as refused:
        run_move("issue_card", application, staff)
    assert "is not possible for an application that is “Submitted”" in str(refused.value)


def test_staff_of_another_office_cannot_move_an_application(parent, office):
    application = make_application(parent, office, upto="submitted")
    elsewhere = make_staff(factories.make_office("Another office"))
    with pytest.raises(PermissionDenied):
        services.application_verify(application=application, by=elsewhere)
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_staff_without_an_office_and_parents_cannot_make_staff_moves(parent, office):
    application = make_application(parent, office, upto="submitted")
    loose_staff = factories.make_user("loose@example.com", is_staff=True)
    for user in (loose_staff, parent):
        with pytest.raises(PermissionDenied):
            services.application_return(application=application, by=user, changes_needed="x")


def test_only_the_owner_submits_or_withdraws(parent, other_parent, office):
    application = make_application(parent, office, upto="submitted")
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, by=other_parent)
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_a_supervisor_acts_on_any_office(parent, office):
    application = make_application(parent, office, upto="submitted")
    assert (
        services.application_verify(application=application, by=make_supervisor()).status
        == Status.VERIFIED
    )


def test_payment_and_card_details_are_kept(parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "card_issued", staff=staff
    )
    assert (application.receipt_number, application.payment_channel, application.card_number) == (
        "R-0001",
        "wechat",
        "A12345678",
    )
    assert application.amount_paid == application.fee_due
    assert application.card_collection_place == "The office counter"


def paid_on_day(application, staff, paid_on):
    """Verify a submitted application and record its payment on `paid_on`."""
    verified = move_to(application, "verified", staff=staff)
    return services.application_record_payment(
        application=verified,
        by=staff,
        receipt_number="R-0001",
        amount=verified.fee_due,
        paid_on=paid_on,
        channel="wechat",
    )


def issue_card_on(application, staff, issued_on):
    return services.application_issue_card(
        application=application,
        by=staff,
        card_number="A12345678",
        issued_on=issued_on,
        collection_place="The office counter",
    )


def test_the_payment_service_refuses_a_payment_date_in_the_future(parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="The date of payment cannot be in the future"):
        paid_on_day(application, staff, tomorrow)
    after = Application.objects.get(pk=application.pk)
    assert (after.status, after.paid_on, after.receipt_number) == (Status.VERIFIED, None, "")
    assert application.history.last().to_status == Status.VERIFIED


@pytest.mark.parametrize(
    ("days_after_payment", "message"),
    [
        (8, "The date the card was issued cannot be in the future"),
        (-1, "The card cannot be issued before the fee was paid on"),
    ],
)
def test_the_card_service_refuses_a_future_date_or_one_before_the_payment(
    parent, office, staff, days_after_payment, message
):
    paid_on = timezone.localdate() - datetime.timedelta(days=7)
    paid = paid_on_day(make_application(parent, office, upto="submitted"), staff, paid_on)
    history_before = paid.history.count()
    with pytest.raises(ValidationError, match=message):
        issue_card_on(paid, staff, paid_on + datetime.timedelta(days=days_after_payment))
    after = Application.objects.get(pk=paid.pk)
    assert (after.status, after.card_number, after.card_issued_on) == (Status.PAID, "", None)
    assert paid.history.count() == history_before


@pytest.mark.parametrize("days_after_payment", [0, 7])
def test_the_card_service_takes_the_payment_day_and_today(
    parent, office, staff, days_after_payment
):
    paid_on = timezone.localdate() - datetime.timedelta(days=7)
    paid = paid_on_day(make_application(parent, office, upto="submitted"), staff, paid_on)
    issued_on = paid_on + datetime.timedelta(days=days_after_payment)
    issued = issue_card_on(paid, staff, issued_on)
    assert (issued.status, issued.card_issued_on) == (Status.CARD_ISSUED, issued_on)


def test_a_returned_application_is_resubmitted_with_the_same_reference_and_both_submissions_kept(
    parent, office, staff
):
    application = move_to(
        make_application(parent, office, upto="submitted"), "returned", staff=staff
    )
    reference = application.reference_number
    resubmitted = services.application_submit(application=application, by=parent)
    assert resubmitted.status == Status.SUBMITTED and resubmitted.reference_number == reference
    moves = list(application.history.values_list("from_status", "to_status"))
    assert moves == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]


def test_the_notice_is_in_the_parents_language_and_masks_the_id_number(
    parent, office, staff, django_capture_on_commit_callbacks
):
    parent.language = "zh-hans"
    parent.save()
    application = make_application(parent, office, upto="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_return(
            application=application, by=staff, changes_needed="Rescan the child's page."
        )
    notice = mail.outbox[-1]
    html = notice.alternatives[0][0]
    assert '<html lang="zh-hans">' in html
    assert (
        application.child.id_number not in notice.body and application.child.id_number not in html
    )
    assert (
        application.child.id_number[:6] + "********" + application.child.id_number[-4:]
        in notice.body
    )
    assert "Rescan the child's page." in notice.body
    assert f"/applications/{application.public_id}/" in notice.body


def test_the_notice_is_sent_only_after_the_move_commits(
    parent, office, staff, django_capture_on_commit_callbacks
):
    application = make_application(parent, office, upto="submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_verify(application=application, by=staff)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_failed_send_is_logged_and_the_move_stands(
    parent, office, staff, django_capture_on_commit_callbacks, caplog
):
    application = make_application(parent, office, upto="submitted")
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
        ),
        caplog.at_level(logging.ERROR, logger="enrollment.notices"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.application_verify(application=application, by=staff)
    assert Application.objects.get(pk=application.pk).status == Status.VERIFIED
    assert "Could not send the status notice" in caplog.text


def test_two_staff_acting_on_the_same_stale_application_cannot_both_win(parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    seen_by_first = Application.objects.get(pk=application.pk)
    seen_by_second = Application.objects.get(pk=application.pk)
    colleague = make_staff(office, "colleague@example.com")
    services.application_verify(application=seen_by_first, by=staff)
    with pytest.raises(services.MoveNotAllowed):
        services.application_return(
            application=seen_by_second, by=colleague, changes_needed="Too late"
        )
    assert Application.objects.get(pk=application.pk).status == Status.VERIFIED
    assert (
        StatusChange.objects.filter(application=application, from_status="submitted").count() == 1
    )


@pytest.mark.django_db(transaction=True)
def test_two_staff_acting_at_the_same_moment_cannot_both_win():
    office = factories.make_office()
    factories.make_fee_schedule(region=office.region)
    application = make_application(factories.make_user(), office, upto="submitted")
    first, second = make_staff(office), make_staff(office)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, move):
        barrier.wait()
        try:
            move()
            outcomes[name] = "won"
        except services.MoveNotAllowed:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act,
            args=("verify", lambda: services.application_verify(application=application, by=first)),
        ),
        threading.Thread(
            target=act,
            args=(
                "return",
                lambda: services.application_return(
                    application=application, by=second, changes_needed="x"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "won"], outcomes
    final = Application.objects.get(pk=application.pk)
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    assert final.status == {"verify": Status.VERIFIED, "return": Status.RETURNED}[winner]
    assert (
        StatusChange.objects.filter(application=application, from_status="submitted").count() == 1
    )

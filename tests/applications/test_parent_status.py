"""The parent's side of the review: what the office asked, changing and resubmitting, withdrawing,
and the card when it is issued."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from enrollment.applications import services
from enrollment.models import Application
from tools.factories import make_application, move_to

from ..answers import step_url
from ..pages import soup, text


@pytest.fixture
def returned(parent, office, staff):
    return move_to(make_application(parent, office, upto="submitted"), "returned", staff=staff)


def test_the_status_page_shows_what_the_office_asked_and_a_way_to_make_the_changes(
    parent_client, returned
):
    response = parent_client.get(reverse("enrollment:application", args=[returned.public_id]))
    content = text(response)
    assert "The office asks you to change the application" in content
    assert "Upload a clearer child's page." in content
    assert soup(response).find("a", string="Make the changes")["href"] == reverse(
        "enrollment:check", args=[returned.public_id]
    )


def test_the_office_request_stays_in_sight_on_every_page_while_changing(parent_client, returned):
    for url in [
        step_url(returned, "household-register"),
        reverse("enrollment:check", args=[returned.public_id]),
        reverse("enrollment:declaration", args=[returned.public_id]),
    ]:
        assert "Upload a clearer child's page." in text(parent_client.get(url)), url


def test_a_parent_changes_a_returned_application_and_resubmits_it(parent_client, returned):
    url = step_url(returned, "household-register") + "?change=1"
    page = parent_client.get(url)
    assert page.status_code == 200
    response = parent_client.post(
        reverse("enrollment:declaration", args=[returned.public_id]), {"confirmed": "on"}
    )
    assert response["Location"] == reverse("enrollment:confirmation", args=[returned.public_id])
    application = Application.objects.get(pk=returned.pk)
    assert application.status == Application.Status.SUBMITTED
    assert application.reference_number == returned.reference_number
    statuses = [c.to_status for c in application.history.all()]
    assert statuses == ["draft", "submitted", "returned", "submitted"]
    content = text(parent_client.get(reverse("enrollment:application", args=[returned.public_id])))
    assert content.count("Submitted") >= 3  # the status and two submissions in the history


def test_a_parent_withdraws_a_submitted_application(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    page = soup(parent_client.get(reverse("enrollment:application", args=[application.public_id])))
    assert page.find("a", string="Withdraw this application")
    response = parent_client.post(
        reverse("enrollment:withdraw", args=[application.public_id]), {"reason": "We moved."}
    )
    assert response["Location"] == reverse("enrollment:application", args=[application.public_id])
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.history.last().note == "We moved."


def test_a_verified_application_can_no_longer_be_withdrawn(parent_client, parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "verified", staff=staff
    )
    page = soup(parent_client.get(reverse("enrollment:application", args=[application.public_id])))
    assert not page.find("a", string="Withdraw this application")
    parent_client.post(
        reverse("enrollment:withdraw", args=[application.public_id]), {"reason": "x"}
    )
    assert Application.objects.get(pk=application.pk).status == Application.Status.VERIFIED


def test_a_withdrawal_reason_that_is_too_long_is_refused(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    response = parent_client.post(
        reverse("enrollment:withdraw", args=[application.public_id]), {"reason": "x" * 501}
    )
    assert response.status_code == 200
    assert "The reason must be 500 characters or fewer" in text(response)
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_the_status_page_shows_the_card_once_issued(parent_client, parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "card_issued", staff=staff
    )
    page = soup(parent_client.get(reverse("enrollment:application", args=[application.public_id])))
    assert page.find(id="application-status").get_text() == "Card issued"
    assert page.find(id="card-number").get_text() == "A12345678"
    assert "The office counter" in page.get_text()


def test_the_status_page_shows_the_reason_for_a_rejection(parent_client, parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "rejected", staff=staff
    )
    content = text(
        parent_client.get(reverse("enrollment:application", args=[application.public_id]))
    )
    assert "Reason: Not resident here." in content


# The test office's 2027 schedule, its period open through 2026 (the day is frozen below).
NEXT_YEARS_TERMS = (
    "2027: ¥400.00, pay by 31 December 2026. Cover from 1 January 2027 to 31 December 2027."
)
PAYMENT_METHODS = "WeChat, Alipay, bank, tax app or counter."


@pytest.fixture(autouse=True)
def on_a_day_of_the_enrollment_period():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 2, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_check_page_states_the_amount_the_deadline_and_when_cover_starts(
    parent_client, parent, office
):
    application = make_application(parent, office)
    page = soup(parent_client.get(reverse("enrollment:check", args=[application.public_id])))
    summary = page.find(id="summary-amount").parent
    assert "¥400.00" in summary.get_text()
    assert NEXT_YEARS_TERMS in " ".join(summary.find(id="year-2027").get_text().split())


def test_the_status_page_states_the_amount_the_deadline_and_when_cover_starts(
    parent_client, parent, office
):
    application = make_application(parent, office, upto="submitted")
    page = soup(parent_client.get(reverse("enrollment:application", args=[application.public_id])))
    year = page.find(id="year-2027")
    assert NEXT_YEARS_TERMS in " ".join(year.get_text().split())


def test_the_submission_email_states_the_amount_and_the_deadline(
    parent, office, django_capture_on_commit_callbacks
):
    application = make_application(parent, office)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=parent)
    notice = mail.outbox[-1]
    expected = (
        "You pay ¥400.00 through the tax authority once the office has "
        "registered the child, each year by its date:"
    )
    for body in (notice.body, notice.alternatives[0][0]):
        assert expected in " ".join(body.split())
        assert NEXT_YEARS_TERMS in " ".join(body.split())


def test_the_withdrawn_page_says_what_the_parent_can_do_next(parent_client, parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "withdrawn", staff=staff
    )
    page = soup(parent_client.get(reverse("enrollment:application", args=[application.public_id])))
    next_steps = page.find(id="withdrawn-next")
    assert "What you can do next" in next_steps.get_text()
    assert next_steps.find("a", string="Start a new application")["href"] == reverse(
        "enrollment:start"
    )
    assert office.phone in next_steps.get_text()
    assert page.find(id="payment-years") is None


def test_once_verified_the_page_and_the_email_say_how_much_by_when_and_how(
    parent_client, parent, office, staff, django_capture_on_commit_callbacks
):
    """The email of each move states each year's amount and date: not only "you can now pay"."""
    application = make_application(parent, office, upto="submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move_to(application, "verified", staff=staff)
    page = soup(parent_client.get(reverse("enrollment:application", args=[application.public_id])))
    section = " ".join(page.find(id="what-to-pay").get_text(" ").split())
    assert NEXT_YEARS_TERMS in section
    assert PAYMENT_METHODS in section
    body = " ".join(mail.outbox[-1].body.split())
    assert "Pay ¥400.00 through the tax authority, each year by its date:" in body
    assert NEXT_YEARS_TERMS in body
    assert f"How to pay {PAYMENT_METHODS}" in body

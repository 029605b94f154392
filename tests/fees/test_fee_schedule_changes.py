"""A supervisor changes a fee schedule's individual contribution after families were quoted it:
before saving, the page says how many children owe and how many paid the
old figure; keeping what is owed is the default, quoting the unpaid dues again tells each
family; the schedule keeps its history."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from enrollment.models import CoverYear, FeeSchedule, FeeScheduleChange, QuotedYear
from tools import factories
from tools.factories import make_application, move_to

from ..pages import form_values, soup, text


@pytest.fixture
def quoted_families(parent, office, staff):
    """Next year's ¥400: one child owing it on the record, one paid, one application submitted,
    returned to the family and not yet registered."""
    owing = move_to(make_application(parent, office, upto="submitted"), "verified", staff=staff)
    paid = move_to(make_application(parent, office, upto="submitted"), "paid", staff=staff)
    pending = move_to(make_application(parent, office, upto="submitted"), "returned", staff=staff)
    return owing, paid, pending


@pytest.fixture
def supervisor_client(client, db):
    client.force_login(factories.make_supervisor())
    return client


def change_contribution(client, schedule, contribution, **extra):
    url = reverse("admin:enrollment_feeschedule_change", args=[schedule.pk])
    values = form_values(client.get(url), "#feeschedule_form")
    values.update(individual_contribution=contribution, **extra)
    return client.post(url, values)


def next_years_schedule(office):
    return FeeSchedule.objects.filter(region=office.region).latest("year")


def test_the_supervisor_is_told_who_owes_and_who_paid_before_the_change_is_saved(
    supervisor_client, office, quoted_families
):
    schedule = next_years_schedule(office)
    response = change_contribution(supervisor_client, schedule, "420.00")
    assert response.status_code == 200
    page = soup(response)
    message = " ".join(page.select_one(".field-dues .errorlist").get_text().split())
    assert message == (
        f"2 children owe ¥400.00 for {schedule.year} and 1 paid it. Choose what happens to "
        "what they owe, then save again."
    )
    kept = page.find("input", {"name": "dues", "value": "kept"})
    assert kept is not None and kept.has_attr("checked")
    assert next_years_schedule(office).individual_contribution == Decimal("400.00")


def test_keeping_what_is_owed_leaves_each_familys_figure_and_records_the_change(
    supervisor_client, office, quoted_families
):
    owing, paid, pending = quoted_families
    schedule = next_years_schedule(office)
    mail.outbox.clear()
    response = change_contribution(supervisor_client, schedule, "420.00", dues="kept")
    assert response.status_code == 302
    assert next_years_schedule(office).individual_contribution == Decimal("420.00")
    assert CoverYear.objects.get(application=owing).amount_due == Decimal("400.00")
    assert QuotedYear.objects.get(application=pending).amount_due == Decimal("400.00")
    assert mail.outbox == []
    change = FeeScheduleChange.objects.get()
    assert change.figures == {"individual_contribution": ["400.00", "420.00"]}
    assert (change.owing, change.paid, change.dues, change.requoted) == (2, 1, "kept", 0)
    newcomer = make_application(factories.make_user(), office, upto="submitted")
    assert newcomer.fee_due == Decimal("420.00")
    history = text(
        supervisor_client.get(reverse("admin:enrollment_feeschedule_change", args=[schedule.pk]))
    )
    assert "individual contribution (yuan): 400.00 → 420.00" in history


def test_quoting_again_changes_only_the_unpaid_dues_and_tells_each_family(
    supervisor_client, office, quoted_families, django_capture_on_commit_callbacks
):
    owing, paid, pending = quoted_families
    schedule = next_years_schedule(office)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = change_contribution(supervisor_client, schedule, "420.00", dues="requoted")
    assert response.status_code == 302
    owed = CoverYear.objects.get(application=owing)
    assert (owed.contribution, owed.amount_due, owed.status) == (
        Decimal("420.00"),
        Decimal("420.00"),
        "due",
    )
    assert CoverYear.objects.get(application=paid).amount_paid == Decimal("400.00")
    assert QuotedYear.objects.get(application=pending).amount_due == Decimal("420.00")
    assert pending.__class__.objects.get(pk=pending.pk).fee_due == Decimal("420.00")
    assert owing.__class__.objects.get(pk=owing.pk).fee_due == Decimal("420.00")
    bodies = sorted(" ".join(message.body.split()) for message in mail.outbox)
    assert len(bodies) == 2
    assert any(f"The amount for {schedule.year} changed: you now pay ¥420.00" in b for b in bodies)
    (pending_email,) = [b for b in bodies if "The office changed the amount you pay" in b]
    assert f"{schedule.year}: ¥420.00, pay by" in pending_email
    change = FeeScheduleChange.objects.get()
    assert (change.owing, change.paid, change.dues, change.requoted) == (2, 1, "requoted", 2)


def test_a_change_nobody_was_quoted_is_saved_at_once(supervisor_client, office):
    schedule = next_years_schedule(office)
    response = change_contribution(supervisor_client, schedule, "420.00")
    assert response.status_code == 302
    assert FeeScheduleChange.objects.get().owing == 0

"""Paying for the next year: a child covered this year shows "Pay for <next year>" while that
year's period is open; the parent confirms the details and the subsidy group (with this year's
proof where the group needs one), which makes the year due; the office records the payment,
and the family is told. No new documents, photo or card."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from enrollment.applications import services
from enrollment.children import renewals
from enrollment.models import CoverYear, CoverYearChange, FeeSchedule, Notice, Renewal
from tools import factories
from tools.fake import PDF_BYTES

from ..pages import assert_field_error, soup, text

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1


@pytest.fixture
def covered(parent, office, staff):
    """A child covered this year, whose next year's period is open today."""
    return factories.make_covered_child(parent, office, staff=staff).insured_child


@pytest.fixture
def next_schedule(office):
    return FeeSchedule.objects.get(region=office.region, year=NEXT_YEAR)


def renew_url(child):
    return reverse("enrollment:renew", args=[child.public_id])


def answers(**changes):
    data = {
        "address": "北京市东城区幸福路 8 号",
        "guardian_full_name": "王大明",
        "guardian_relationship": "father",
        "guardian_id_number": factories.resident_id(factories.years_ago(35), male=True),
        "guardian_phone": "13800138000",
        "subsidy": "none",
    }
    data.update(changes)
    return data


def current_answers(child, **changes):
    return {**renewals.current_details(child), "subsidy": "none", **changes}


def test_a_child_covered_this_year_shows_pay_for_next_year(parent_client, covered, next_schedule):
    page = text(parent_client.get(reverse("enrollment:my_applications")))
    assert f"王小明: Pay for {NEXT_YEAR}" in page
    assert "costs ¥400.00, less any subsidy" in page
    assert next_schedule.payment_methods in page
    assert (
        renew_url(covered)
        in parent_client.get(reverse("enrollment:my_applications")).content.decode()
    )


def test_no_offer_while_the_next_period_is_closed(parent_client, covered, next_schedule):
    next_schedule.enrollment_opens = TODAY + datetime.timedelta(days=1)
    next_schedule.enrollment_closes = TODAY + datetime.timedelta(days=90)
    next_schedule.save()
    assert "Pay for" not in text(parent_client.get(reverse("enrollment:my_applications")))
    response = parent_client.get(renew_url(covered), follow=True)
    assert "There is no year to pay for now." in text(response)


def test_no_offer_for_a_child_not_covered_this_year(parent, parent_client, office, staff):
    factories.make_application(parent, office, upto="submitted")
    assert "Pay for" not in text(parent_client.get(reverse("enrollment:my_applications")))


def test_the_renewal_page_shows_the_details_as_last_given(parent_client, covered):
    page = soup(parent_client.get(renew_url(covered)))
    assert page.find("input", {"name": "address"})["value"] == "北京市东城区幸福路 8 号"
    assert page.find("input", {"name": "guardian_full_name"})["value"] == "王大明"
    assert page.find("input", {"name": "guardian_relationship", "value": "father"}).has_attr(
        "checked"
    )
    assert "No new documents, photo or card are needed." in page.get_text()


def test_confirming_makes_the_year_due_from_january(parent, parent_client, covered):
    response = parent_client.post(renew_url(covered), current_answers(covered), follow=True)
    assert f"Pay ¥400.00 for {NEXT_YEAR} by" in text(response)
    year = covered.cover_years.get(year=NEXT_YEAR)
    assert (year.status, year.amount_due, year.rule, year.waiting_months) == (
        "due",
        Decimal("400.00"),
        "from_january",
        0,
    )
    assert (year.cover_starts, year.cover_ends) == (
        datetime.date(NEXT_YEAR, 1, 1),
        datetime.date(NEXT_YEAR, 12, 31),
    )
    assert year.application is None
    assert year.renewal.parent == parent and not year.renewal.details_changed
    assert CoverYearChange.objects.filter(cover_year=year, from_status="", to_status="due").exists()


def test_a_changed_address_and_guardian_are_kept_for_next_time(parent_client, covered):
    new = current_answers(covered, address="北京市西城区和平路 12 号", guardian_phone="13900139000")
    parent_client.post(renew_url(covered), new)
    renewal = Renewal.objects.get()
    assert renewal.details_changed
    assert renewals.current_details(covered)["address"] == "北京市西城区和平路 12 号"
    page = soup(parent_client.get(renew_url(covered)))
    assert page.find("input", {"name": "guardian_phone"})["value"] == "13900139000"


def test_a_group_needing_proof_is_refused_without_it(parent_client, covered, next_schedule):
    group = factories.make_subsidy(next_schedule)
    response = parent_client.post(renew_url(covered), current_answers(covered, subsidy=group.pk))
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    error = page.find(id="id_subsidy_proof_error")
    assert "Upload the proof that the child belongs to the group you chose" in error.get_text()
    assert page.find("input", {"name": "address"})["value"] == "北京市东城区幸福路 8 号"
    assert not covered.cover_years.filter(year=NEXT_YEAR).exists()


def test_a_group_reconfirmed_with_proof_lowers_the_amount(parent_client, covered, next_schedule):
    group = factories.make_subsidy(next_schedule, amount="80")
    proof = factories.upload("proof.pdf", PDF_BYTES)
    parent_client.post(
        renew_url(covered), {**current_answers(covered, subsidy=group.pk), "subsidy_proof": proof}
    )
    year = covered.cover_years.get(year=NEXT_YEAR)
    assert (year.subsidy_category, year.reduction, year.amount_due) == (
        group,
        Decimal("320.00"),
        Decimal("80.00"),
    )
    assert year.renewal.subsidy_proof and year.renewal.proof_content_type == "application/pdf"


def test_confirming_again_before_paying_replaces_the_group(parent_client, covered, next_schedule):
    full = factories.make_subsidy(next_schedule, name="特困人员", kind="full", amount="0", proof="")
    parent_client.post(renew_url(covered), current_answers(covered))
    parent_client.post(renew_url(covered), current_answers(covered, subsidy=full.pk))
    (year,) = covered.cover_years.filter(year=NEXT_YEAR)
    assert (year.status, year.amount_due) == ("waived", Decimal("0.00"))
    assert Renewal.objects.count() == 1
    page = text(parent_client.get(reverse("enrollment:my_applications")))
    assert f"Pay for {NEXT_YEAR}" not in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("address", "", "Enter the child's address"),
        ("address", "路", "Enter the full address, with the street and number"),
        ("address", "路" * 201, "The address must be 200 characters or fewer"),
        ("guardian_full_name", "", "Enter the guardian's full name"),
        ("guardian_relationship", "", "Select the guardian's relationship to the child"),
        ("guardian_relationship", "uncle<script>", "Select the guardian's relationship"),
        ("guardian_id_number", "", "Enter the guardian's resident ID number"),
        ("guardian_id_number", "12345", "18 characters"),
        ("guardian_phone", "", "Enter a mobile phone number"),
        ("guardian_phone", "1234", "mobile"),
        ("subsidy", "", "Select the group the child belongs to"),
        ("subsidy", "999999", "Select the group the child belongs to"),
    ],
)
def test_bad_answers_get_a_message_next_to_the_field(parent_client, covered, field, value, message):
    response = parent_client.post(renew_url(covered), current_answers(covered, **{field: value}))
    assert response.status_code == 200
    error = soup(response).find(id=f"id_{field}_error")
    assert error is not None and message.lower() in error.get_text().lower()
    assert not covered.cover_years.filter(year=NEXT_YEAR).exists()


@pytest.mark.parametrize(
    ("relationship", "male", "message"),
    [
        ("father", False, "The ID number is a woman's, but you chose father"),
        ("mother", True, "The ID number is a man's, but you chose mother"),
    ],
)
def test_a_father_or_mother_must_have_an_id_number_of_that_sex(
    parent_client, covered, relationship, male, message
):
    id_number = factories.resident_id(factories.years_ago(36), male=male)
    response = parent_client.post(
        renew_url(covered),
        current_answers(covered, guardian_relationship=relationship, guardian_id_number=id_number),
    )
    assert_field_error(response, "id_guardian_id_number", message)
    assert soup(response).find(id="id_guardian_id_number")["value"] == id_number
    assert not covered.cover_years.filter(year=NEXT_YEAR).exists()


def test_a_grandparent_may_have_an_id_number_of_either_sex(parent_client, covered, next_schedule):
    id_number = factories.resident_id(factories.years_ago(60), male=False)
    parent_client.post(
        renew_url(covered),
        current_answers(covered, guardian_relationship="grandparent", guardian_id_number=id_number),
    )
    assert Renewal.objects.get(cover_year__child=covered).guardian_id_number == id_number


def test_a_proof_of_the_wrong_type_is_refused(parent_client, covered, next_schedule):
    group = factories.make_subsidy(next_schedule)
    bad = factories.upload("proof.txt", b"not a scan", "text/plain")
    response = parent_client.post(
        renew_url(covered), {**current_answers(covered, subsidy=group.pk), "subsidy_proof": bad}
    )
    error = soup(response).find(id="id_subsidy_proof_error").get_text()
    assert "must be a JPG, PNG or PDF" in error


def test_another_parent_cannot_renew_or_see_the_proof(
    client, other_parent, parent_client, covered, next_schedule
):
    group = factories.make_subsidy(next_schedule)
    proof = factories.upload("proof.pdf", PDF_BYTES)
    parent_client.post(
        renew_url(covered), {**current_answers(covered, subsidy=group.pk), "subsidy_proof": proof}
    )
    proof_url = reverse("enrollment:renewal_proof", args=[covered.public_id, NEXT_YEAR])
    assert parent_client.get(proof_url).status_code == 200
    client.force_login(other_parent)
    assert client.get(renew_url(covered)).status_code == 404
    assert client.post(renew_url(covered), current_answers(covered)).status_code == 404
    assert client.get(proof_url).status_code == 404


def test_only_the_childs_office_sees_the_renewal_proof(
    client, parent_client, covered, next_schedule
):
    group = factories.make_subsidy(next_schedule)
    proof = factories.upload("proof.pdf", PDF_BYTES)
    parent_client.post(
        renew_url(covered), {**current_answers(covered, subsidy=group.pk), "subsidy_proof": proof}
    )
    proof_url = reverse("enrollment:renewal_proof", args=[covered.public_id, NEXT_YEAR])
    client.force_login(factories.make_staff(covered.office, "clerk2@example.com"))
    response = client.get(proof_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    elsewhere = factories.make_office("Another office")
    client.force_login(factories.make_staff(elsewhere, "clerk3@example.com"))
    assert client.get(proof_url).status_code == 404


def test_the_payment_of_a_renewed_year_is_recorded_and_the_family_told(
    parent, parent_client, covered, staff, django_capture_on_commit_callbacks
):
    parent_client.post(renew_url(covered), current_answers(covered))
    year = covered.cover_years.get(year=NEXT_YEAR)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.cover_year_record_payment(
            cover_year=year,
            by=staff,
            ticket_number="T1",
            amount=Decimal("40"),
            paid_on=TODAY,
            channel="wechat",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.cover_year_record_payment(
            cover_year=year,
            by=staff,
            ticket_number="T-2027-1",
            amount=Decimal("400.00"),
            paid_on=TODAY,
            channel="wechat",
        )
    year.refresh_from_db()
    assert (year.status, year.amount_paid, year.ticket_number) == (
        "paid",
        Decimal("400.00"),
        "T-2027-1",
    )
    assert year.history.filter(from_status="due", to_status="paid").exists()
    assert Notice.objects.filter(cover_year_change__cover_year=year, parent=parent).exists()
    (email,) = mail.outbox
    assert email.to == [parent.email] and f"payment for {NEXT_YEAR} recorded" in email.subject
    assert "T-2027-1" in email.body
    page = text(parent_client.get(reverse("enrollment:child_record", args=[covered.public_id])))
    assert "T-2027-1" in page and f"Pay for {NEXT_YEAR}" not in page
    with pytest.raises(services.YearNotDue):
        services.cover_year_record_payment(
            cover_year=year,
            by=staff,
            ticket_number="T-2027-1",
            amount=Decimal("400.00"),
            paid_on=TODAY,
            channel="wechat",
        )


def test_staff_of_another_office_cannot_record_a_renewal_payment(parent_client, covered):
    parent_client.post(renew_url(covered), current_answers(covered))
    year = covered.cover_years.get(year=NEXT_YEAR)
    clerk = factories.make_staff(factories.make_office("Another office"), "far@example.com")
    with pytest.raises(PermissionDenied):
        services.cover_year_record_payment(
            cover_year=year,
            by=clerk,
            ticket_number="T1",
            amount=year.amount_due,
            paid_on=TODAY,
            channel="wechat",
        )
    year.refresh_from_db()
    assert year.status == "due"


def test_renewing_needs_an_open_period_in_the_service_too(covered, parent, next_schedule):
    next_schedule.enrollment_opens = datetime.date(TODAY.year, 1, 1)
    next_schedule.enrollment_closes = TODAY - datetime.timedelta(days=1)
    next_schedule.save()
    with pytest.raises(ValidationError):
        renewals.renewal_confirm(
            child=covered,
            parent=parent,
            details=renewals.current_details(covered),
            subsidy=None,
            proof=None,
        )
    assert not CoverYear.objects.filter(year=NEXT_YEAR).exists()


def test_a_renewed_year_unpaid_after_its_deadline_lapses_once(parent, parent_client, covered):
    parent_client.post(renew_url(covered), current_answers(covered))
    year = covered.cover_years.get(year=NEXT_YEAR)
    assert renewals.lapse_unpaid_renewals(today=year.pay_by) == 0
    call_command(
        "lapse_unpaid_years", "--date", (year.pay_by + datetime.timedelta(days=1)).isoformat()
    )
    year.refresh_from_db()
    assert year.status == "lapsed"
    assert year.history.filter(from_status="due", to_status="lapsed").exists()
    assert renewals.lapse_unpaid_renewals(today=year.pay_by + datetime.timedelta(days=2)) == 0
    page = text(parent_client.get(reverse("enrollment:child_record", args=[covered.public_id])))
    assert "Not paid: no cover" in page


def test_a_year_made_due_by_an_application_does_not_lapse_by_itself(parent, office, staff):
    application = factories.make_application(parent, office, upto="submitted")
    factories.move_to(application, "verified", staff=staff)
    (year,) = CoverYear.objects.all()
    assert renewals.lapse_unpaid_renewals(today=year.pay_by + datetime.timedelta(days=1)) == 0


def confirm(child, parent):
    return renewals.renewal_confirm(
        child=child,
        parent=parent,
        details=renewals.current_details(child),
        subsidy=None,
        proof=None,
    )


def record_payment_url(child, year):
    return reverse("admin:enrollment_insuredchild_record_payment", args=[child.pk, year])


def test_staff_record_a_renewed_years_receipt_on_the_childs_record(parent, covered, staff_client):
    confirm(covered, parent)
    url = record_payment_url(covered, NEXT_YEAR)
    change = reverse("admin:enrollment_insuredchild_change", args=[covered.pk])
    assert url in staff_client.get(change).content.decode()
    form = soup(staff_client.get(url))
    assert form.find("input", {"name": "amount"})["value"] == "400.00"
    response = staff_client.post(
        url,
        {
            "ticket_number": " T-77 ",
            "amount": "400.00",
            "paid_on": TODAY.isoformat(),
            "channel": "counter",
        },
    )
    assert response.status_code == 302 and response["Location"] == change
    year = covered.cover_years.get(year=NEXT_YEAR)
    assert (year.status, year.ticket_number, year.payment_channel) == ("paid", "T-77", "counter")
    again = staff_client.get(url, follow=True)
    assert "not due" in text(again)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ticket_number": ""}, "ticket_number", "Enter the receipt or ticket number"),
        ({"amount": "40"}, "amount", "a year is paid whole"),
        ({"amount": "abc"}, "amount", "Enter the amount in yuan"),
        ({"paid_on": "2026-13-40"}, "paid_on", "Enter a real date"),
        ({"paid_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "paid_on", "future"),
        ({"channel": "cash<script>"}, "channel", "Select"),
    ],
)
def test_a_bad_receipt_is_refused_next_to_its_field(
    parent, covered, staff_client, changes, field, message
):
    confirm(covered, parent)
    data = {
        "ticket_number": "T-1",
        "amount": "400.00",
        "paid_on": TODAY.isoformat(),
        "channel": "counter",
        **changes,
    }
    response = staff_client.post(record_payment_url(covered, NEXT_YEAR), data)
    assert response.status_code == 200
    row = soup(response).find(id=f"id_{field}").find_parent(class_="form-row")
    assert message.lower() in row.get_text().lower()
    assert covered.cover_years.get(year=NEXT_YEAR).status == "due"


def test_staff_of_another_office_cannot_open_the_childs_payment_form(client, parent, covered):
    confirm(covered, parent)
    client.force_login(
        factories.make_staff(factories.make_office("Another office"), "x@example.com")
    )
    url = record_payment_url(covered, NEXT_YEAR)
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url,
            {
                "ticket_number": "T",
                "amount": "400.00",
                "paid_on": TODAY.isoformat(),
                "channel": "counter",
            },
        ).status_code
        == 404
    )
    assert covered.cover_years.get(year=NEXT_YEAR).status == "due"

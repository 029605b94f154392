"""A child's record across years: registered once per ID number when the office verifies an
application, with the years its fee pays for; payments recorded on those years; the record
shown to the child's parents only, and to the office's staff only."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enrollment.applications import services
from enrollment.children import contributions, cover_years
from enrollment.models import Application, CoverYear, FeeSchedule, InsuredChild
from tools import factories
from tools.factories import make_application, move_to
from tools.fake import resident_id

from ..pages import soup, text

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1


def verified(parent, office, staff, **answers):
    return move_to(
        make_application(parent, office, upto="submitted", **answers), "verified", staff=staff
    )


def test_verifying_registers_the_child_with_the_year_due(parent, office, staff):
    application = verified(parent, office, staff)
    child = InsuredChild.objects.get()
    assert application.insured_child == child
    assert (child.id_number, child.office) == (application.child.id_number, office)
    (year,) = child.cover_years.all()
    assert (year.year, year.status, year.amount_due) == (NEXT_YEAR, "due", Decimal("400.00"))
    assert (year.cover_starts, year.cover_ends) == (
        datetime.date(NEXT_YEAR, 1, 1),
        datetime.date(NEXT_YEAR, 12, 31),
    )
    quoted = application.quoted_years.get()
    assert year.pay_by == quoted.pay_by and year.application == application


def test_a_newborn_is_registered_with_both_years(parent, office, staff):
    born = TODAY - datetime.timedelta(days=10)
    application = verified(parent, office, staff, born=born, first_enrollment=True)
    years = list(application.insured_child.cover_years.all())
    assert [(y.year, y.rule, y.cover_starts, y.amount_due) for y in years] == [
        (born.year, "from_birth", born, Decimal("400.00")),
        (born.year + 1, "from_january", datetime.date(born.year + 1, 1, 1), Decimal("400.00")),
    ]
    assert sum(y.amount_due for y in years) == application.fee_due


def test_missed_years_paid_for_are_on_the_first_year(parent, office, staff):
    application = make_application(
        parent, office, upto="submitted", last_covered_year=NEXT_YEAR - 4
    )
    application = Application.objects.get(pk=application.pk)
    # The fee page's answer, as the parent gave it before submitting: 2 missed years.
    Application.objects.filter(pk=application.pk).update(status="draft", repaired_years=2)
    application = Application.objects.get(pk=application.pk)
    services.application_submit(application=application, by=parent)
    application = move_to(Application.objects.get(pk=application.pk), "verified", staff=staff)
    (year,) = application.insured_child.cover_years.all()
    assert (year.missed_years_paid, year.missed_years_amount) == (2, Decimal("800.00"))
    assert year.amount_due == Decimal("1200.00") == application.fee_due
    assert year.cover_starts == datetime.date(NEXT_YEAR, 4, 1)


def test_a_year_the_government_pays_in_full_is_waived(parent, office, staff):
    schedule = FeeSchedule.objects.filter(region=office.region).latest("year")
    full = factories.make_subsidy(schedule, name="特困人员", kind="full", amount="0")
    application = verified(parent, office, staff, subsidy=full)
    (year,) = application.insured_child.cover_years.all()
    assert (year.status, year.amount_due, year.reduction) == ("waived", 0, Decimal("400.00"))
    assert year.subsidy_category == full and year.subsidy_proof is not None


def test_recording_the_payment_pays_each_year(parent, office, staff):
    born = TODAY - datetime.timedelta(days=10)
    application = make_application(
        parent, office, upto="submitted", born=born, first_enrollment=True
    )
    paid = move_to(application, "paid", staff=staff)
    years = list(paid.insured_child.cover_years.all())
    assert {y.status for y in years} == {"paid"}
    assert [y.amount_paid for y in years] == [y.amount_due for y in years]
    assert {(y.ticket_number, y.payment_channel, y.recorded_by) for y in years} == {
        ("R-0001", "wechat", staff)
    }


def test_a_payment_of_another_amount_is_refused_and_nothing_recorded(parent, office, staff):
    application = verified(parent, office, staff)
    with pytest.raises(ValidationError, match="Enter the amount owed, ¥400.00"):
        services.application_record_payment(
            application=application,
            by=staff,
            receipt_number="R-1",
            amount=Decimal("40.00"),
            paid_on=TODAY,
            channel="bank",
        )
    application = Application.objects.get(pk=application.pk)
    assert application.status == "verified" and application.amount_paid is None
    assert CoverYear.objects.get().status == "due"


@pytest.mark.parametrize(
    ("rule", "setting", "waiting", "expected"),
    [
        ("after_payment", "payment_date", 0, datetime.date(2027, 3, 10)),
        ("after_payment", "day_after_payment", 0, datetime.date(2027, 3, 11)),
        ("after_payment", "next_month", 0, datetime.date(2027, 4, 1)),
        ("waiting", "next_month", 3, datetime.date(2027, 6, 10)),
        ("waiting", "next_month", 6, datetime.date(2027, 9, 10)),
    ],
)
def test_a_start_that_depends_on_the_payment_is_fixed_by_it(rule, setting, waiting, expected):
    """Quoted outside the enrollment period, the year is paid by 31 December: the day of
    payment, in time, fixes the start."""
    schedule = FeeSchedule(year=2027, cover_after_payment=setting)
    year = CoverYear(
        fee_schedule=schedule,
        rule=rule,
        waiting_months=waiting,
        cover_starts=None,
        pay_by=datetime.date(2027, 12, 31),
        cover_ends=datetime.date(2027, 12, 31),
    )
    settlement = cover_years.settle(year, datetime.date(2027, 3, 10))
    assert (settlement.starts_on, settlement.after_deadline) == (expected, False)


def test_a_year_already_on_the_record_is_not_registered_twice(parent, office, staff):
    application = verified(parent, office, staff)
    with pytest.raises(ValidationError, match=f"already holds {NEXT_YEAR}"):
        contributions.register_child(application, by=staff)
    assert CoverYear.objects.count() == 1


def test_two_guardians_accounts_share_one_child(parent, office, staff):
    """The father's application is verified then rejected (the mother applies instead): the
    child is one record, holding the mother's year."""
    child_id = resident_id(factories.years_ago(8), male=True)
    fathers = verified(parent, office, staff, child_id=child_id)
    services.application_reject(application=fathers, by=staff, reason="The mother applies.")
    assert not CoverYear.objects.exists()
    mother = factories.make_user("mother@example.com")
    mothers = verified(mother, office, staff, child_id=child_id)
    assert InsuredChild.objects.count() == 1
    assert mothers.insured_child.cover_years.get().application == mothers


def test_the_same_child_again_is_the_same_record(parent, office, staff):
    child_id = resident_id(factories.years_ago(8), male=True)
    first = verified(parent, office, staff, child_id=child_id)
    CoverYear.objects.update(year=TODAY.year - 1)  # as if registered last year
    Application.objects.filter(pk=first.pk).update(status="card_issued")
    again = verified(factories.make_user("mother@example.com"), office, staff, child_id=child_id)
    assert InsuredChild.objects.count() == 1
    assert list(again.insured_child.cover_years.values_list("year", flat=True)) == [
        TODAY.year - 1,
        NEXT_YEAR,
    ]


# --- The parent's pages -----------------------------------------------------------------


def test_the_parent_sees_every_year_on_the_record(parent_client, parent, office, staff):
    born = TODAY - datetime.timedelta(days=10)
    application = move_to(
        make_application(parent, office, upto="submitted", born=born, first_enrollment=True),
        "paid",
        staff=staff,
    )
    child = application.insured_child
    page = text(parent_client.get(reverse("enrollment:child_record", args=[child.public_id])))
    assert "Record of contributions" in page
    assert f"{born.year} Paid" in page and f"{born.year + 1} Paid" in page
    assert "through WeChat, receipt R-0001" in page
    listing = parent_client.get(reverse("enrollment:my_applications"))
    (entry,) = soup(listing).select("main .record-list li")
    assert " ".join(entry.get_text().split()) == (
        f"{child.full_name}: {born.year} paid, {born.year + 1} paid"
    )
    record_url = reverse("enrollment:child_record", args=[child.public_id])
    assert entry.a["href"] == record_url


def test_the_printed_record_names_the_reference_and_every_year(
    parent_client, parent, office, staff
):
    application = verified(parent, office, staff)
    url = reverse("enrollment:child_record_print", args=[application.insured_child.public_id])
    page = text(parent_client.get(url))
    assert application.reference_number in page
    assert f"{NEXT_YEAR} 1 January {NEXT_YEAR} to 31 December {NEXT_YEAR} ¥400.00" in page
    assert "Due" in page


def test_parent_cannot_open_another_parents_child_record(client, parent, office, staff):
    application = verified(parent, office, staff)
    client.force_login(factories.make_user("other@example.com"))
    for name in ("enrollment:child_record", "enrollment:child_record_print"):
        url = reverse(name, args=[application.insured_child.public_id])
        assert client.get(url).status_code == 404
    assert "Records of contributions" not in text(client.get(reverse("enrollment:my_applications")))


def test_the_record_needs_a_sign_in(client, parent, office, staff):
    application = verified(parent, office, staff)
    response = client.get(
        reverse("enrollment:child_record", args=[application.insured_child.public_id])
    )
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


# --- Staff ------------------------------------------------------------------------------


def test_staff_see_only_their_offices_children(client, parent, office, staff):
    ours = verified(parent, office, staff)
    other_office = factories.make_office("Other office", region=office.region)
    other_staff = factories.make_staff(other_office, "other-staff@example.com")
    theirs = verified(
        factories.make_user("b@example.com"),
        other_office,
        other_staff,
        child_id=resident_id(factories.years_ago(5), male=False),
    )
    client.force_login(staff)
    listing = soup(client.get(reverse("admin:enrollment_insuredchild_changelist")))
    rows = [" ".join(row.get_text().split()) for row in listing.select("#result_list tbody tr")]
    assert len(rows) == 1
    assert ours.child.full_name in rows[0] and f"{NEXT_YEAR} due" in rows[0]
    url = reverse("admin:enrollment_insuredchild_change", args=[theirs.insured_child.pk])
    assert client.get(url).status_code in (302, 403, 404)
    page = text(
        client.get(reverse("admin:enrollment_insuredchild_change", args=[ours.insured_child.pk]))
    )
    assert f"{NEXT_YEAR} Due" in page and ours.reference_number in page


def test_the_staff_list_and_export_show_each_childs_years(client, parent, office, staff):
    application = verified(parent, office, staff)
    client.force_login(staff)
    listing = text(client.get(reverse("admin:enrollment_application_changelist")))
    assert f"{NEXT_YEAR} due" in listing
    export = client.post(
        reverse("admin:enrollment_application_changelist"),
        {"action": "export_csv", "_selected_action": [application.pk]},
    )
    assert f"{NEXT_YEAR} due" in export.content.decode()


def test_a_childs_years_read_with_chinese_punctuation_in_chinese(parent, office, staff, client):
    """In Chinese, a pair takes the full-width colon, phrases the full-width comma."""
    born = TODAY - datetime.timedelta(days=10)
    verified(parent, office, staff, born=born, first_enrollment=True)
    client.force_login(parent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = soup(client.get(reverse("enrollment:my_applications")))
    line = " ".join(page.select_one(".record-list li").get_text().split())
    assert line == f"王小明：{born.year} 待缴费，{born.year + 1} 待缴费"


def test_staff_see_the_years_quoted_before_the_child_is_registered(office, staff, client):
    application = make_application(factories.make_user(), office, upto="submitted")
    client.force_login(staff)
    page = soup(client.get(reverse("admin:enrollment_application_change", args=[application.pk])))
    table = page.select_one(".cover-years-table")
    assert "as quoted when it was submitted" in table.caption.get_text()
    row = " ".join(table.select_one("tbody tr").get_text(" ").split())
    assert row.startswith(f"{NEXT_YEAR} Quoted {NEXT_YEAR}-01-01 – {NEXT_YEAR}-12-31 ¥400.00")

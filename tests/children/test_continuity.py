"""Continuous cover. 国办发〔2024〕38号: after 4 continuous years, each
further continuous year raises the serious-illness insurance's payment limit, in all by no more
than 20% of the original limit in principle; a break in cover (断保) resets the count. The
record of contributions says where the child stands and what the next year brings; the
renewal reminder says that a missed year resets the count and brings a waiting period."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from enrollment import rules
from enrollment.models import CoverYear, FeeSchedule
from tools import factories

from ..pages import text

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year


@pytest.mark.parametrize(
    ("covered", "this_year", "expected"),
    [
        ({2023, 2024, 2025, 2026}, 2026, (4, 2026)),  # four years in a row
        ({2022, 2024, 2025}, 2026, (2, 2025)),  # 2023 broke the run; 2026 may still be paid
        ({2023, 2024}, 2026, (0, 2024)),  # 2025 missed: a break resets the count
        ({2026, 2027}, 2026, (2, 2027)),  # next year paid in its period already
        (set(), 2026, (0, None)),
    ],
)
def test_continuous_years_count_up_to_a_break(covered, this_year, expected):
    assert rules.continuous_years(covered, this_year=this_year) == expected


@pytest.mark.parametrize(
    ("years", "cap", "raised"),
    [
        (4, None, Decimal("0")),  # the fourth year completes the run; nothing yet
        (5, None, Decimal("1000")),  # each further year raises the limit
        (7, None, Decimal("3000")),
        (70, Decimal("60000"), Decimal("60000")),  # no more than the cap (20% of the limit)
    ],
)
def test_the_serious_illness_limit_rises_after_four_continuous_years(years, cap, raised):
    assert (
        rules.serious_illness_limit_raised(years, after=4, per_year=Decimal("1000"), cap=cap)
        == raised
    )


@pytest.fixture
def four_years_covered(parent, office, staff):
    """A child covered this year and the three before, the next year's schedule with the
    city's figures."""
    application = factories.make_covered_child(parent, office, staff=staff)
    child = application.insured_child
    this_year = child.cover_years.get()
    for year in range(THIS_YEAR - 3, THIS_YEAR):
        schedule = FeeSchedule.objects.filter(
            region=office.region, year=year
        ).first() or factories.make_fee_schedule(region=office.region, year=year)
        CoverYear.objects.create(
            child=child,
            year=year,
            fee_schedule=schedule,
            contribution=Decimal("380.00"),
            amount_due=Decimal("380.00"),
            pay_by=datetime.date(year - 1, 12, 31),
            rule=CoverYear.Rule.FROM_JANUARY,
            cover_starts=datetime.date(year, 1, 1),
            cover_ends=datetime.date(year, 12, 31),
            status=CoverYear.Status.PAID,
            amount_paid=Decimal("380.00"),
            paid_on=datetime.date(year - 1, 11, 1),
        )
    FeeSchedule.objects.filter(region=office.region, year=THIS_YEAR + 1).update(
        serious_illness_limit_raise=Decimal("1000.00"),
        serious_illness_limit_raise_cap=Decimal("60000.00"),
        continuity_source_en="Example District notice on continuous cover",
    )
    assert this_year.year == THIS_YEAR
    return child


def test_the_record_shows_the_continuous_years_and_what_the_next_year_brings(
    parent_client, four_years_covered
):
    page = text(
        parent_client.get(reverse("enrollment:child_record", args=[four_years_covered.public_id]))
    )
    assert f"4 continuous years of cover, up to {THIS_YEAR}." in page
    assert (
        f"Paying for {THIS_YEAR + 1} raises the serious-illness insurance's payment limit by "
        "¥1000.00: ¥1000.00 above the usual limit in all." in page
    )
    assert "A year without cover resets the count" in page
    assert "Source: Example District notice on continuous cover" in page
    printed = text(
        parent_client.get(
            reverse("enrollment:child_record_print", args=[four_years_covered.public_id])
        )
    )
    assert f"4 continuous years of cover, up to {THIS_YEAR}." in printed


def test_a_child_short_of_four_years_is_told_how_many_to_go(parent_client, parent, office, staff):
    child = factories.make_covered_child(parent, office, staff=staff).insured_child
    page = text(parent_client.get(reverse("enrollment:child_record", args=[child.public_id])))
    assert f"1 continuous year of cover, up to {THIS_YEAR}." in page
    assert (
        "After 4 continuous years, each further year raises the serious-illness insurance's "
        f"payment limit. Paying for {THIS_YEAR + 1} keeps the run going: 3 more years to go."
        in page
    )


def test_a_missed_year_breaks_the_run(parent_client, parent, office, staff):
    child = factories.make_covered_child(parent, office, staff=staff).insured_child
    CoverYear.objects.filter(child=child).update(  # covered two years ago, not last year
        year=THIS_YEAR - 2,
        cover_starts=datetime.date(THIS_YEAR - 2, 1, 1),
        cover_ends=datetime.date(THIS_YEAR - 2, 12, 31),
    )
    page = text(parent_client.get(reverse("enrollment:child_record", args=[child.public_id])))
    assert f"The cover broke after {THIS_YEAR - 2}" in page


def test_the_renewal_reminder_says_a_missed_year_resets_the_count(
    parent, office, staff, four_years_covered
):
    mail.outbox.clear()
    call_command("send_renewal_reminders")
    body = " ".join(mail.outbox[-1].body.split())
    assert "The child has 4 continuous years of cover." in body
    assert (
        "A missed year resets the count of continuous years (after 4 of them, each further year "
        "raises the serious-illness insurance's payment limit) and brings a waiting period" in body
    )

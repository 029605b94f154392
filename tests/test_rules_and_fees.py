import datetime
from decimal import Decimal

import pytest

from enrollment import fees, rules
from enrollment.fees import CoverRule
from enrollment.models import SubsidyCategory
from tools.factories import make_fee_schedule, make_office, make_subsidy

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("born", "category"),
    [
        (datetime.date(2026, 1, 1), rules.ChildCategory.NEWBORN),
        (datetime.date(2025, 11, 26), rules.ChildCategory.NEWBORN),
        (datetime.date(2025, 11, 25), rules.ChildCategory.PRESCHOOL),
        (datetime.date(2020, 11, 26), rules.ChildCategory.PRESCHOOL),
        (datetime.date(2020, 11, 25), rules.ChildCategory.SCHOOL_AGE),
        (datetime.date(2009, 1, 1), rules.ChildCategory.SCHOOL_AGE),
    ],
)
def test_category_is_derived_from_the_date_of_birth(born, category):
    assert rules.child_category(born, TODAY) == category


@pytest.mark.parametrize(
    ("born", "first_enrollment", "needs_photo"),
    [
        (datetime.date(2026, 10, 1), True, False),  # newborn, first time
        (datetime.date(2022, 1, 1), True, False),  # preschooler, first time
        (datetime.date(2022, 1, 1), False, True),  # preschooler renewing
        (datetime.date(2020, 11, 25), True, True),  # six today: school age
        (datetime.date(2012, 1, 1), False, True),
    ],
)
def test_only_a_preschooler_enrolling_for_the_first_time_goes_without_a_photo(
    born, first_enrollment, needs_photo
):
    assert (
        rules.photo_required(born=born, first_enrollment=first_enrollment, on=TODAY) is needs_photo
    )


@pytest.fixture
def office_with_two_years(db):
    office = make_office(region="District")
    this_year = make_fee_schedule(
        region="District",
        year=2026,
        contribution="400",
        enrollment_opens=datetime.date(2025, 9, 1),
        enrollment_closes=datetime.date(2025, 12, 31),
    )
    next_year = make_fee_schedule(
        region="District",
        year=2027,
        contribution="420",
        enrollment_opens=datetime.date(2026, 9, 1),
        enrollment_closes=datetime.date(2026, 12, 31),
    )
    return office, this_year, next_year


def test_in_the_enrollment_period_the_child_pays_for_next_year_from_first_january(
    office_with_two_years,
):
    office, _, next_year = office_with_two_years
    quote = fees.quote(office, born=datetime.date(2018, 5, 1), today=TODAY)
    assert quote.schedule == next_year
    assert quote.amount_due == Decimal("420")
    assert quote.cover == fees.Cover(
        CoverRule.ENROLLMENT_PERIOD, datetime.date(2027, 1, 1), datetime.date(2026, 12, 31)
    )


def test_a_newborn_within_ninety_days_is_covered_from_birth(office_with_two_years):
    office, this_year, _ = office_with_two_years
    born = datetime.date(2026, 10, 1)
    quote = fees.quote(office, born=born, today=TODAY)
    assert quote.schedule == this_year
    assert quote.cover.rule == CoverRule.FROM_BIRTH
    assert quote.cover.starts_on == born
    assert quote.cover.apply_by == datetime.date(2026, 12, 30)


def test_outside_the_period_cover_starts_after_the_waiting_period(office_with_two_years):
    office, this_year, _ = office_with_two_years
    quote = fees.quote(office, born=datetime.date(2018, 5, 1), today=datetime.date(2026, 4, 1))
    assert quote.schedule == this_year
    assert quote.cover == fees.Cover(CoverRule.WAITING_PERIOD, None, None, waiting_months=3)


def test_a_newborn_enrolled_after_ninety_days_outside_the_period_is_covered_the_month_after_payment(
    office_with_two_years,
):
    office, _, _ = office_with_two_years
    quote = fees.quote(office, born=datetime.date(2025, 12, 1), today=datetime.date(2026, 4, 1))
    assert quote.cover.rule == CoverRule.MONTH_AFTER_PAYMENT


def test_an_office_schedule_overrides_its_regions(office_with_two_years):
    office, _, _ = office_with_two_years
    own = make_fee_schedule(
        region="District",
        year=2027,
        office=office,
        contribution="380",
        enrollment_opens=datetime.date(2026, 9, 1),
        enrollment_closes=datetime.date(2026, 12, 31),
    )
    assert fees.quote(office, born=datetime.date(2018, 5, 1), today=TODAY).schedule == own


def test_no_published_schedule_gives_no_quote(db):
    office = make_office(region="Nowhere")
    assert fees.quote(office, born=datetime.date(2018, 5, 1), today=TODAY) is None


@pytest.mark.parametrize(
    ("kind", "amount", "due"),
    [
        (SubsidyCategory.Kind.FULL, "0", "0.00"),
        (SubsidyCategory.Kind.SHARE, "80", "84.00"),
        (SubsidyCategory.Kind.SHARE, "33.33", "280.01"),
        (SubsidyCategory.Kind.FIXED, "300", "120.00"),
        (SubsidyCategory.Kind.FIXED, "999", "0.00"),
    ],
)
def test_a_subsidy_reduces_the_amount_due_never_below_zero(
    office_with_two_years, kind, amount, due
):
    office, _, next_year = office_with_two_years
    subsidy = make_subsidy(next_year, kind=kind, amount=amount)
    quote = fees.quote(office, born=datetime.date(2018, 5, 1), today=TODAY, subsidy=subsidy)
    assert quote.amount_due == Decimal(due)
    assert quote.contribution - quote.reduction == quote.amount_due


def test_a_subsidy_of_another_years_schedule_does_not_apply(office_with_two_years):
    office, this_year, _ = office_with_two_years
    old_subsidy = make_subsidy(this_year, kind=SubsidyCategory.Kind.FULL)
    quote = fees.quote(office, born=datetime.date(2018, 5, 1), today=TODAY, subsidy=old_subsidy)
    assert quote.subsidy is None
    assert quote.amount_due == Decimal("420")

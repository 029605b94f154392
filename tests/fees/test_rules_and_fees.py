import datetime
from decimal import Decimal

import pytest

from enrollment import fees, rules
from enrollment.children import cover_years
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


D = datetime.date
PERIOD_OPEN = D(2026, 11, 25)  # the 2027 enrollment period is open
PERIOD_CLOSED = D(2026, 5, 10)  # the 2026 period is over, the 2027 one not yet open


def pays(quote):
    """(year, rule, starts_on, if paid today, pay by) of each year the quote asks for."""
    return [
        (y.cover.year, y.cover.rule, y.cover.starts_on, y.cover.if_paid_today, y.cover.pay_by)
        for y in quote.years
    ]


def quote_for(office, born, today, **history):
    return fees.quote(
        office,
        history=cover_years.History(born, history.pop("first", True), history.pop("last", None)),
        today=today,
        **history,
    )


R = cover_years.CoverRule
NEWBORN_CASES = [
    # (born, today, the years paid now: (year, rule, starts on, if paid today, pay by))
    (  # the example: born 30 days ago, the next period open and closing first
        D(2026, 10, 26),
        PERIOD_OPEN,
        [
            (2026, R.FROM_BIRTH, D(2026, 10, 26), D(2026, 10, 26), D(2027, 1, 24)),
            (2027, R.FROM_JANUARY, D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 31)),
        ],
    ),
    (
        D(2026, 8, 28),  # 89 days
        PERIOD_OPEN,
        [
            (2026, R.FROM_BIRTH, D(2026, 8, 28), D(2026, 8, 28), D(2026, 11, 26)),
            (2027, R.FROM_JANUARY, D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 31)),
        ],
    ),
    (
        D(2026, 8, 27),  # 90 days: still within
        PERIOD_OPEN,
        [
            (2026, R.FROM_BIRTH, D(2026, 8, 27), D(2026, 8, 27), D(2026, 11, 25)),
            (2027, R.FROM_JANUARY, D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 31)),
        ],
    ),
    (  # 91 days: no waiting (a newborn), the rest of this year from the day after payment
        D(2026, 8, 26),  # (the schedule's default), and 2027
        PERIOD_OPEN,
        [
            (2026, R.AFTER_PAYMENT, None, D(2026, 11, 26), D(2026, 12, 31)),
            (2027, R.FROM_JANUARY, D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 31)),
        ],
    ),
    (  # 30 days, the next period not open and closing after the 90th day: one year
        D(2026, 4, 10),
        PERIOD_CLOSED,
        [(2026, R.FROM_BIRTH, D(2026, 4, 10), D(2026, 4, 10), D(2026, 7, 9))],
    ),
    (
        D(2026, 2, 10),  # 89 days
        PERIOD_CLOSED,
        [(2026, R.FROM_BIRTH, D(2026, 2, 10), D(2026, 2, 10), D(2026, 5, 11))],
    ),
    (
        D(2026, 2, 9),  # 90 days
        PERIOD_CLOSED,
        [(2026, R.FROM_BIRTH, D(2026, 2, 9), D(2026, 2, 9), D(2026, 5, 10))],
    ),
    (
        D(2026, 2, 8),  # 91 days
        PERIOD_CLOSED,
        [(2026, R.AFTER_PAYMENT, None, D(2026, 5, 11), D(2026, 12, 31))],
    ),
    (  # born in December, applying in January: the new year is paid by the same 90th day
        D(2026, 12, 10),
        D(2027, 1, 5),
        [
            (2026, R.FROM_BIRTH, D(2026, 12, 10), D(2026, 12, 10), D(2027, 3, 10)),
            (2027, R.FROM_JANUARY, D(2027, 1, 1), D(2027, 1, 1), D(2027, 3, 10)),
        ],
    ),
]


@pytest.mark.parametrize(("born", "today", "years"), NEWBORN_CASES)
def test_a_newborn_pays_for_the_years_the_rules_say_each_by_its_date(
    office_with_two_years, born, today, years
):
    office, *_ = office_with_two_years
    quote = quote_for(office, born, today)
    assert pays(quote) == years
    assert quote.amount_due == sum(
        {2026: Decimal("400"), 2027: Decimal("420")}[year] for year, *_ in years
    )
    for year in quote.years:
        assert (
            year.cover.pay_by <= year.schedule.enrollment_closes
            or year.cover.rule
            in (
                R.FROM_BIRTH,
                R.AFTER_PAYMENT,
            )
            or today > year.schedule.enrollment_closes
        )


def test_a_newborn_pays_the_next_year_now_when_its_period_closes_before_the_90th_day(
    office_with_two_years,
):
    office, _, next_year = office_with_two_years
    next_year.enrollment_opens, next_year.enrollment_closes = D(2026, 9, 1), D(2026, 10, 15)
    next_year.save()
    quote = quote_for(office, D(2026, 8, 1), D(2026, 8, 10))
    assert [(y.cover.year, y.cover.pay_by) for y in quote.years] == [
        (2026, D(2026, 10, 30)),
        (2027, D(2026, 10, 15)),
    ]


@pytest.mark.parametrize(
    ("history", "repaired", "setting", "starts", "repair_starts"),
    [
        # A first-time three-year-old in the period: from 1 January, by default...
        (dict(born=D(2023, 6, 1)), 0, "none", D(2027, 1, 1), None),
        # ...or, where the city counts each year since birth, after 3 years of break.
        (
            dict(born=D(2023, 6, 1)),
            0,
            "years_since_birth",
            D(2027, 6, 1),
            (D(2027, 6, 1), D(2027, 5, 1), D(2027, 4, 1)),
        ),
        # A ten-year-old renewing without a break.
        (dict(born=D(2016, 3, 1), first=False, last=2026), 0, "none", D(2027, 1, 1), None),
        # A ten-year-old who missed 2025 and 2026: 3 + 1 months from 1 January...
        (
            dict(born=D(2016, 3, 1), first=False, last=2024),
            0,
            "none",
            D(2027, 5, 1),
            (D(2027, 5, 1), D(2027, 4, 1)),
        ),
        # ...a month less with one missed year paid for.
        (
            dict(born=D(2016, 3, 1), first=False, last=2024),
            1,
            "none",
            D(2027, 4, 1),
            (D(2027, 5, 1), D(2027, 4, 1)),
        ),
        # Five years of break: 3 + 4 months; repairing stops at 6 months however many are paid.
        (
            dict(born=D(2012, 3, 1), first=False, last=2021),
            0,
            "none",
            D(2027, 8, 1),
            (D(2027, 8, 1), D(2027, 7, 1)),
        ),
        (
            dict(born=D(2012, 3, 1), first=False, last=2021),
            5,
            "none",
            D(2027, 7, 1),
            (D(2027, 8, 1), D(2027, 7, 1)),
        ),
    ],
)
def test_in_the_period_a_break_in_cover_delays_the_start_by_the_waiting_period(
    office_with_two_years, history, repaired, setting, starts, repair_starts
):
    office, _, next_year = office_with_two_years
    next_year.never_insured_break = setting
    next_year.save()
    born = history.pop("born")
    quote = quote_for(office, born, PERIOD_OPEN, repaired_years=repaired, **history)
    [year] = quote.years
    assert (year.cover.year, year.cover.starts_on, year.cover.pay_by) == (
        2027,
        starts,
        D(2026, 12, 31),
    )
    assert (quote.repair.starts if quote.repair else None) == repair_starts
    chosen = quote.repair.chosen if quote.repair else 0
    assert quote.amount_due == Decimal("420") * (1 + chosen)


@pytest.mark.parametrize(
    ("history", "if_paid_today", "waiting"),
    [
        (dict(born=D(2016, 3, 1)), D(2026, 5, 10), 3),  # first time, outside the period
        (dict(born=D(2016, 3, 1), first=False, last=2025), D(2026, 5, 10), 3),  # no break
        (dict(born=D(2016, 3, 1), first=False, last=2023), D(2026, 6, 10), 4),  # 2 years
    ],
)
def test_enrolling_on_10_february_cover_starts_months_after_paying(
    office_with_two_years, history, if_paid_today, waiting
):
    office, this_year, _ = office_with_two_years
    born = history.pop("born")
    quote = quote_for(office, born, D(2026, 2, 10), **history)
    [year] = quote.years
    assert year.schedule == this_year
    assert (year.cover.rule, year.cover.starts_on, year.cover.if_paid_today) == (
        R.WAITING,
        None,
        if_paid_today,
    )
    assert (year.cover.waiting_months, year.cover.pay_by) == (waiting, D(2026, 12, 31))


def test_a_wait_that_ends_after_the_year_says_cover_would_not_start_in_it(office_with_two_years):
    office, *_ = office_with_two_years
    quote = quote_for(office, D(2012, 3, 1), D(2026, 8, 20), first=False, last=2020)
    assert quote.cover.waiting_months == 7  # 5 years of break: 3 + 4
    assert not quote.cover.starts_within_the_year


@pytest.mark.parametrize(
    ("setting", "start"),
    [
        ("payment_date", D(2026, 2, 10)),
        ("day_after_payment", D(2026, 2, 11)),
        ("next_month", D(2026, 3, 1)),
    ],
)
def test_an_exempt_group_waits_for_nothing_and_starts_as_the_schedule_says(
    office_with_two_years, setting, start
):
    office, this_year, next_year = office_with_two_years
    this_year.cover_after_payment = setting
    this_year.save()
    for schedule in (this_year, next_year):
        SubsidyCategory.objects.create(
            fee_schedule=schedule,
            name="特困人员 Extremely poor persons",
            kind=SubsidyCategory.Kind.FULL,
            exempt_from_waiting=True,
        )
    group = this_year.subsidy_categories.get()
    history = dict(first=False, last=2023)
    outside = quote_for(office, D(2016, 3, 1), D(2026, 2, 10), subsidy=group, **history)
    assert pays(outside) == [(2026, R.AFTER_PAYMENT, None, start, D(2026, 12, 31))]
    assert outside.amount_due == 0 and outside.repair is None
    inside = quote_for(
        office, D(2016, 3, 1), PERIOD_OPEN, subsidy=next_year.subsidy_categories.get(), **history
    )
    assert pays(inside) == [(2027, R.FROM_JANUARY, D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 31))]


@pytest.mark.parametrize(
    ("break_years", "repaired", "months"),
    [
        (0, 0, 3),
        (1, 0, 3),
        (2, 0, 4),
        (2, 1, 3),
        (3, 0, 5),
        (3, 2, 3),
        (4, 0, 6),
        (4, 3, 6),
        (5, 0, 7),
        (5, 1, 6),
        (5, 5, 6),
        (8, 0, 10),
        (8, 8, 6),
    ],
)
def test_the_waiting_period_follows_the_2024_national_opinions(break_years, repaired, months):
    assert rules.waiting_months(fixed=3, break_years=break_years, repaired_years=repaired) == months


@pytest.mark.parametrize(
    ("day", "months", "then"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 2, 10), 3, D(2026, 5, 10)),
    ],
)
def test_months_are_added_as_calendars_count_them(day, months, then):
    assert rules.add_months(day, months) == then


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
    assert quote_for(office, datetime.date(2018, 5, 1), TODAY).schedule == own


def test_no_published_schedule_gives_no_quote(db):
    office = make_office(region="Nowhere")
    assert quote_for(office, datetime.date(2018, 5, 1), TODAY) is None


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
    quote = quote_for(office, datetime.date(2018, 5, 1), TODAY, subsidy=subsidy)
    assert quote.amount_due == Decimal(due)
    assert quote.first.contribution - quote.first.reduction == quote.amount_due


def test_a_subsidy_of_another_years_schedule_does_not_apply(office_with_two_years):
    office, this_year, _ = office_with_two_years
    old_subsidy = make_subsidy(this_year, kind=SubsidyCategory.Kind.FULL)
    quote = quote_for(office, datetime.date(2018, 5, 1), TODAY, subsidy=old_subsidy)
    assert quote.subsidy is None
    assert quote.amount_due == Decimal("420")

"""Which years of cover a child pays for now, when the cover of each starts, and what a payment
bought once the day it reached the tax authority is known (settle).

The national rules are in rules.py with their sources; what a city decides is data on its fee
schedules (the enrollment period, the fixed waiting months, when cover starts for an exempt late
enroller, how a never-insured child's years count) and on its subsidy groups (which are exempt
from the waiting period). Where the rules leave a case open, the portal's reading is said here.
"""

import datetime
from dataclasses import dataclass

from .. import rules
from ..models import CoverYear, FeeSchedule

# From birth (a newborn within 90 days), from 1 January (paid in the period with no wait), after
# payment (exempt, paying outside the period: the schedule's rule), or after a waiting period
# (from paying, or from 1 January when paying in the period).
CoverRule = CoverYear.Rule


@dataclass(frozen=True)
class Cover:
    """The cover one year's payment buys."""

    year: int
    rule: CoverRule
    starts_on: datetime.date | None  # None when it depends on the day of payment
    if_paid_today: datetime.date  # when cover would start if the family paid today
    pay_by: datetime.date
    waiting_months: int = 0
    break_years: int = 0

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def starts_within_the_year(self) -> bool:
        return self.if_paid_today <= self.ends_on


@dataclass(frozen=True)
class Repair:
    """Paying for missed years, where that shortens the wait (rules.waiting_months)."""

    missed_years: tuple[int, ...]  # the years without cover, oldest first
    starts: tuple[datetime.date, ...]  # when cover would start with 0, 1... of them paid
    chosen: int  # how many the family pays for

    @property
    def useful(self) -> int:
        """How many missed years shorten the wait; paying for more changes nothing."""
        return len(self.starts) - 1


@dataclass(frozen=True)
class History:
    """What the parent told of the child's cover so far."""

    born: datetime.date
    first_enrollment: bool
    last_covered_year: int | None = None


def years_to_pay(
    schedules: list[FeeSchedule],
    history: History,
    *,
    today: datetime.date,
    exempt: bool = False,
    repaired_years: int = 0,
) -> tuple[list[tuple[FeeSchedule, Cover]], Repair | None]:
    """The years the child pays for now, each with its schedule and cover, oldest first, and
    the offer to repair missed years; ([], None) when no schedule covers the case."""
    by_year = {schedule.year: schedule for schedule in reversed(schedules)}  # own office's first
    open_schedule = next((s for s in schedules if s.is_open_on(today)), None)
    born = history.born
    if today <= rules.cover_from_birth_deadline(born):
        return _newborn_within_90_days(by_year, born, today), None
    if rules.child_category(born, today) == rules.ChildCategory.NEWBORN:
        return _exempt(by_year, open_schedule, today, this_year_too=True), None
    if exempt:
        return _exempt(by_year, open_schedule, today, this_year_too=False), None
    return _waiting(by_year, open_schedule, history, today, repaired_years)


def _newborn_within_90_days(by_year, born, today):
    """Covered from birth to 31 December if paid by the 90th day. The next year too, when its
    period is open now or closes before that day (rules.newborn_must_also_pay_next_year).

    When the next year has already begun (a child born late in the year, applying in January)
    its period is over: the portal's reading is that the newborn pays it by the same 90th day,
    covered from 1 January, as its cover runs on from birth without a break. Otherwise the next
    year's deadline is the schedule's setting (newborn_next_year_deadline)."""
    deadline = rules.cover_from_birth_deadline(born)
    birth_year = by_year.get(born.year)
    if birth_year is None:
        return []
    years = [(birth_year, Cover(born.year, CoverRule.FROM_BIRTH, born, born, deadline))]
    following = by_year.get(born.year + 1)
    if following is None:
        return years
    if today >= datetime.date(following.year, 1, 1):
        years.append((following, _from_january(following, pay_by=deadline)))
    elif rules.newborn_must_also_pay_next_year(
        born=born,
        today=today,
        next_opens=following.enrollment_opens,
        next_closes=following.enrollment_closes,
    ):
        years.append(
            (
                following,
                _from_january(following, pay_by=newborn_next_year_deadline(following, born)),
            )
        )
    return years


def newborn_next_year_deadline(schedule: FeeSchedule, born: datetime.date) -> datetime.date:
    """By when a newborn pays the year after the year of birth: the end of that year's
    enrollment period, or, where the city gives the next year the newborn's 90 days too
    (FeeSchedule.newborn_next_year_deadline), whichever of the two comes later."""
    closes = schedule.enrollment_closes
    if schedule.newborn_next_year_deadline == FeeSchedule.NewbornNextYearDeadline.NEWBORN_90_DAYS:
        return max(closes, rules.cover_from_birth_deadline(born))
    return closes


def _exempt(by_year, open_schedule, today, *, this_year_too):
    """No waiting period: a newborn past 90 days, or a child of an exempt group. Outside the
    period the schedule says when cover starts after payment. In the period the next year is
    paid, from 1 January; a newborn, who has no cover at all yet, pays the rest of this year
    too when cover can still start in it."""
    this_year = by_year.get(today.year)
    if open_schedule is None:
        return [(this_year, _after_payment(this_year, today))] if this_year else []
    years = [(open_schedule, _from_january(open_schedule))]
    if this_year_too and this_year is not None and this_year is not open_schedule:
        rest_of_this_year = _after_payment(this_year, today)
        if rest_of_this_year.starts_within_the_year:
            years.insert(0, (this_year, rest_of_this_year))
    return years


@dataclass(frozen=True)
class Settlement:
    """What a year's payment bought, once the day the tax authority received it is known."""

    rule: CoverRule
    starts_on: datetime.date
    waiting_months: int
    after_deadline: bool
    quoted_starts: datetime.date | None  # None when the quote depended on the day of payment


def settle(cover_year: CoverYear, paid_on: datetime.date) -> Settlement:
    """When a due (or lapsed) year's cover starts, paid on `paid_on`: the day the tax authority
    received the money decides, not the day of the quote or of recording.

    Paid by the year's deadline (the newborn's 90th day: 参保缴费 is to enroll *and pay*; the
    end of the enrollment period; the schedule's setting for a late-year newborn's next year),
    the cover quoted. Paid later, what the rules give a late payer (rules.py, 国办发〔2024〕38号):
    a newborn (under 1 on the day of payment) or a child of an exempt group, cover after
    payment as the schedule says; anyone else, the waiting months counted from the payment:
    the fixed months, or the months the quote already counted for a break in cover.

    Reads the year's schedule, subsidy group and child (select them with it)."""
    quoted = cover_year.cover_starts
    if paid_on <= cover_year.pay_by:
        if quoted is not None:
            return Settlement(cover_year.rule, quoted, cover_year.waiting_months, False, quoted)
        if cover_year.rule == CoverRule.AFTER_PAYMENT:
            start = _after_payment(cover_year.fee_schedule, paid_on).if_paid_today
        else:
            start = rules.add_months(paid_on, cover_year.waiting_months)
        return Settlement(cover_year.rule, start, cover_year.waiting_months, False, None)
    schedule = cover_year.fee_schedule
    if _exempt_on(cover_year, paid_on):
        start = _after_payment(schedule, paid_on).if_paid_today
        return Settlement(CoverRule.AFTER_PAYMENT, start, 0, True, quoted)
    if cover_year.rule == CoverRule.WAITING:
        months = cover_year.waiting_months
    else:
        months = rules.waiting_months(fixed=schedule.waiting_period_months, break_years=0)
    start = rules.add_months(paid_on, months)
    return Settlement(CoverRule.WAITING, start, months, True, quoted)


def _exempt_on(cover_year: CoverYear, paid_on: datetime.date) -> bool:
    """Exempt from the waiting period on the day of payment: a newborn, or a child of a group
    the city exempts (SubsidyCategory.exempt_from_waiting)."""
    if rules.child_category(cover_year.child.date_of_birth, paid_on) == rules.ChildCategory.NEWBORN:
        return True
    group = cover_year.subsidy_category
    return bool(group and group.exempt_from_waiting)


def renewal(schedule: FeeSchedule) -> Cover:
    """A child covered the year before, paying in the period: cover runs on from 1 January,
    with no break and so no waiting period (2024 No. 38 waits only after a break)."""
    return _from_january(schedule)


def _from_january(schedule, *, pay_by=None):
    """A whole year's cover, paid by the close of its enrollment period unless said."""
    january = datetime.date(schedule.year, 1, 1)
    return Cover(
        schedule.year,
        CoverRule.FROM_JANUARY,
        january,
        january,
        pay_by or schedule.enrollment_closes,
    )


def _after_payment(schedule, today):
    start = {
        FeeSchedule.CoverAfterPayment.PAYMENT_DATE: today,
        FeeSchedule.CoverAfterPayment.DAY_AFTER: today + datetime.timedelta(days=1),
        FeeSchedule.CoverAfterPayment.NEXT_MONTH: rules.add_months(today.replace(day=1), 1),
    }[schedule.cover_after_payment]
    return Cover(
        schedule.year, CoverRule.AFTER_PAYMENT, None, start, datetime.date(schedule.year, 12, 31)
    )


def _waiting(by_year, open_schedule, history, today, repaired_years):
    """Everyone else: in the period, from 1 January unless there was a break; outside it, the
    fixed months after paying and a month more for each further year of break."""
    schedule = open_schedule or by_year.get(today.year)
    if schedule is None:
        return [], None
    missed = _break_years(schedule, history)
    in_period = schedule is open_schedule
    if in_period and missed == 0:
        return [(schedule, _from_january(schedule))], None
    fixed = schedule.waiting_period_months
    repaired = min(repaired_years, rules.useful_repairs(fixed=fixed, break_years=missed))
    months = rules.waiting_months(fixed=fixed, break_years=missed, repaired_years=repaired)
    # Paying in the period, the wait runs from 1 January of the year paid for; outside it, from
    # the day of payment.
    counted_from = datetime.date(schedule.year, 1, 1) if in_period else today
    start = rules.add_months(counted_from, months)
    cover = Cover(
        schedule.year,
        CoverRule.WAITING,
        start if in_period else None,
        start,
        schedule.enrollment_closes if in_period else datetime.date(schedule.year, 12, 31),
        waiting_months=months,
        break_years=missed,
    )
    useful = rules.useful_repairs(fixed=fixed, break_years=missed)
    repair = None
    if useful:
        starts = tuple(
            rules.add_months(
                counted_from,
                rules.waiting_months(fixed=fixed, break_years=missed, repaired_years=years),
            )
            for years in range(useful + 1)
        )
        repair = Repair(
            missed_years=tuple(range(schedule.year - missed, schedule.year)),
            starts=starts,
            chosen=min(repaired, useful),
        )
    return [(schedule, cover)], repair


def _break_years(schedule, history):
    if not history.first_enrollment:
        return rules.break_years(
            last_covered_year=history.last_covered_year, cover_year=schedule.year
        )
    if schedule.never_insured_break == FeeSchedule.NeverInsuredBreak.YEARS_SINCE_BIRTH:
        return max(0, schedule.year - history.born.year - 1)
    return 0

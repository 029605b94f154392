"""The national rules of the process, each in one place with its source.

Figures that differ from city to city (contributions, enrollment periods, subsidies, waiting
months) are data in FeeSchedule and SubsidyCategory, edited by supervisors; what stays here is
national and changes only with a new law or national notice.
"""

import calendar
import datetime
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

# Civil Code of the PRC, Article 17: a person aged 18 or over is an adult; under 18, a minor.
ADULT_AGE = 18

# Compulsory Education Law of the PRC, Article 11: children start compulsory schooling in the
# autumn after they turn six. A child under six is of preschool age.
SCHOOL_AGE = 6

# Our working definition of a newborn: a child in the first year of life. The 2024 national notice
# on children's enrollment in basic medical insurance (儿童参加基本医疗保险专项行动, National
# Healthcare Security Administration with the Ministry of Finance and the State Taxation
# Administration) covers a newborn from birth when enrolled and paid for within 90 days of birth
# (新生儿出生90天内参保缴费的，自出生之日起享受待遇).
NEWBORN_AGE_YEARS = 1
NEWBORN_COVER_FROM_BIRTH_DAYS = 90


class ChildCategory(StrEnum):
    NEWBORN = "newborn"
    PRESCHOOL = "preschool"
    SCHOOL_AGE = "school_age"

    @property
    def label(self):
        return CHILD_CATEGORY_LABELS[self]

    @property
    def short_label(self):
        """For narrow columns (the staff's work queue)."""
        return CHILD_CATEGORY_SHORT_LABELS[self]


CHILD_CATEGORY_LABELS = {
    ChildCategory.NEWBORN: _("Newborn (under 1 year)"),
    ChildCategory.PRESCHOOL: _("Preschool child (under 6)"),
    ChildCategory.SCHOOL_AGE: _("School-age minor (6 to 17)"),
}
CHILD_CATEGORY_SHORT_LABELS = {
    ChildCategory.NEWBORN: _("Newborn"),
    ChildCategory.PRESCHOOL: _("Preschool"),
    ChildCategory.SCHOOL_AGE: _("School age"),
}


def age_in_years(born: datetime.date, on: datetime.date) -> int:
    """Whole years between a birth date and a day, as people count birthdays."""
    had_birthday = (on.month, on.day) >= (born.month, born.day)
    return on.year - born.year - (0 if had_birthday else 1)


def latest_birth_date_for_age(age: int, on: datetime.date) -> datetime.date:
    """The last birth date of someone who is `age` or older on a day (29 February counts as
    reaching the age on 1 March, as age_in_years does)."""
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # on is 29 February, and that year has none
        return on.replace(year=on.year - age, day=28)


# Each category by age in whole years: at least the first, younger than the second.
CATEGORY_AGES = {
    ChildCategory.NEWBORN: (0, NEWBORN_AGE_YEARS),
    ChildCategory.PRESCHOOL: (NEWBORN_AGE_YEARS, SCHOOL_AGE),
    ChildCategory.SCHOOL_AGE: (SCHOOL_AGE, ADULT_AGE),
}


def child_category(born: datetime.date, on: datetime.date) -> ChildCategory:
    age = age_in_years(born, on)
    return next(
        (category for category, (at_least, under) in CATEGORY_AGES.items() if age < under),
        ChildCategory.SCHOOL_AGE,
    )


def birth_dates_of(
    category: ChildCategory, on: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The birth dates of the children of a category on a day: after the first, up to and
    including the second (for a database filter; the same brackets as child_category)."""
    at_least, under = CATEGORY_AGES[category]
    return latest_birth_date_for_age(under, on), latest_birth_date_for_age(at_least, on)


def photo_required(*, born: datetime.date, first_enrollment: bool, on: datetime.date) -> bool:
    """Whether the application needs a portrait for the social security card.

    The process document says a preschooler enrolling for the first time brings no photo; every
    other child does. Newborns are of preschool age, so they are covered by the same exception.
    """
    is_preschool_age = age_in_years(born, on) < SCHOOL_AGE
    return not (is_preschool_age and first_enrollment)


def cover_from_birth_deadline(born: datetime.date) -> datetime.date:
    """The last day a newborn can be enrolled and paid for and still be covered from the day of
    birth: the day the tax authority receives the money counts, not the day of applying."""
    return born + datetime.timedelta(days=NEWBORN_COVER_FROM_BIRTH_DAYS)


# The waiting period before cover starts: State Council General Office, Guiding opinions on a
# lasting mechanism of enrollment in basic medical insurance (国办发〔2024〕38号), in force from
# 2025. Except newborns and other exempt groups, whoever enrolls outside the centralised period,
# or after a break in cover, waits a fixed period after paying (3 months; the schedule holds the
# figure its city applies); each further year of break adds a month; each missed year paid for
# afterwards ("repair") takes an added month off; after 4 or more years of break the fixed and
# added months together stay at least 6, repaired or not.
MONTHS_PER_FURTHER_YEAR_OF_BREAK = 1
LONG_BREAK_YEARS = 4
LONG_BREAK_MINIMUM_MONTHS = 6


def waiting_months(*, fixed: int, break_years: int, repaired_years: int = 0) -> int:
    """Months between paying (or 1 January, when paying in the period) and cover, for someone
    who is not exempt. The first year of a break is what the fixed months are for; each further
    year adds a month, which repairing a missed year takes off again."""
    added = max(0, break_years - 1) * MONTHS_PER_FURTHER_YEAR_OF_BREAK
    added = max(0, added - repaired_years * MONTHS_PER_FURTHER_YEAR_OF_BREAK)
    months = fixed + added
    if break_years >= LONG_BREAK_YEARS:
        months = max(months, LONG_BREAK_MINIMUM_MONTHS)
    return months


def useful_repairs(*, fixed: int, break_years: int) -> int:
    """How many missed years are worth paying for: the fewest that bring the wait to its
    shortest (paying for more shortens nothing)."""
    shortest = waiting_months(fixed=fixed, break_years=break_years, repaired_years=break_years)
    return next(
        years
        for years in range(break_years + 1)
        if waiting_months(fixed=fixed, break_years=break_years, repaired_years=years) == shortest
    )


def break_years(*, last_covered_year: int | None, cover_year: int) -> int:
    """Whole calendar years without cover between the last covered year and the year paid for."""
    if last_covered_year is None:
        return 0
    return max(0, cover_year - last_covered_year - 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def newborn_must_also_pay_next_year(
    *,
    born: datetime.date,
    today: datetime.date,
    next_opens: datetime.date,
    next_closes: datetime.date,
) -> bool:
    """A newborn covered from birth is covered to 31 December of the birth year only. The next
    year must be paid too, now, when its enrollment period is open on the day of applying or
    closes before the newborn's own deadline (the 2024 national notice on children's
    enrollment): otherwise the family would find the period closed by the time the first
    year's payment is due."""
    deadline = cover_from_birth_deadline(born)
    return next_opens <= today <= next_closes or today <= next_closes < deadline


# Continuous cover is rewarded: the same 2024 No. 38 opinions raise the serious-illness
# insurance's payment limit for each further year of continuous cover after 4 continuous years
# (连续参保满4年的参保人员，之后每连续参保1年，适当提高大病保险最高支付限额), in principle by
# no more than 20% of the original limit in all; a break in cover (断保) resets the count. The
# years before the reward and the yuan of each raise are the city's figures, on its schedules.
def continuous_years(covered: set[int], *, this_year: int) -> tuple[int, int | None]:
    """The years of continuous cover up to the latest covered year, and that year: (0, None)
    without one. A year missed since then, up to the year before `this_year` (the current
    year may still be paid), is a break: the count starts again from nothing."""
    if not covered:
        return 0, None
    latest = max(covered)
    if latest < this_year - 1:
        return 0, latest
    count = 0
    while latest - count in covered:
        count += 1
    return count, latest


def serious_illness_limit_raised(
    years: int, *, after: int, per_year: Decimal, cap: Decimal | None
) -> Decimal:
    """How much continuous cover has raised the serious-illness limit after `years`
    continuous years: each year beyond `after` adds `per_year`, up to `cap` in all."""
    raised = max(0, years - after) * per_year
    return min(raised, cap) if cap is not None else raised


# Children the online form cannot take as it stands, and where their families go instead.
#
# - Newborns before the household registration: the National Healthcare Security Administration's
#   2024 drive "新生儿落地即参保" asks cities to let a newborn enroll with the birth medical
#   certificate (出生医学证明) before the household registration, the ID number following once the
#   birth is registered. Cities adopt it at their own pace: whether an office does is
#   CommunityOffice.takes_newborns_by_birth_certificate. Elsewhere the family registers the birth
#   first (with the certificate, at the police station's household registration office) and
#   then applies; enrolled within 90 days of birth, the child is covered from birth all the same.
# - Children with a residence permit for Hong Kong, Macao or Taiwan residents (港澳台居民居住证):
#   the Interim Measures on Hong Kong, Macao and Taiwan residents joining social insurance in the
#   mainland (人力资源社会保障部 国家医疗保障局令第41号, 2019, in force 2020) let permit holders
#   who live in the mainland and are not employed join residents' medical insurance where they
#   live. They have no household register, which the online form is built on: they apply at the
#   counter of the community office where they live, with the permit.
# - Children living on a residence permit (居住证) away from their household registration: the
#   State Council General Office's 2024 No. 38 opinions (国办发〔2024〕38号) let them enroll where
#   they live, as the Interim Regulations on Residence Permits (《居住证暂行条例》, 2015) already
#   entitled permit holders to basic public services there. The online form applies to the office
#   of the household registration; to enroll where the child lives, the family applies at that
#   office's counter with the residence permit. One place of enrollment at a time (38号 forbids
#   enrolling twice).
# - Foreign children, including holders of the foreign permanent residence ID card
#   (外国人永久居留身份证): whether and how they may join residents' medical insurance is decided
#   by each city. The family asks the community office where the child lives.
def may_apply_by_birth_certificate(born: datetime.date, on: datetime.date) -> bool:
    """Only a newborn (a child under 1) applies with the birth medical certificate number."""
    return child_category(born, on) == ChildCategory.NEWBORN

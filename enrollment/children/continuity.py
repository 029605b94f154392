"""A child's continuous years of cover and what the next one brings (rules.continuous_years):
for the record of contributions and the renewal reminders.

A year counts when it was paid (late or not, as long as the payment bought cover within the
year) or paid by the government. The portal's reading: a year paid after its deadline is a
year of cover all the same; only a year without any cover breaks the run.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .. import fees, rules
from ..models import CoverYear, FeeSchedule, InsuredChild


@dataclass(frozen=True)
class Continuity:
    years: int  # continuous years up to `through`
    through: int | None  # the latest covered year
    next_year: int  # the year whose payment continues the run
    schedule: FeeSchedule | None  # whose figures apply: next year's, else the latest

    @property
    def reward_after(self) -> int:
        return self.schedule.continuous_years_before_reward if self.schedule else 4

    @property
    def broken(self) -> bool:
        """A year without cover since the latest covered one reset the count."""
        return self.through is not None and self.years == 0

    @property
    def years_before_reward(self) -> int:
        """Continuous years still to pay before the next one raises the limit."""
        return max(0, self.reward_after - self.years)

    @property
    def raise_per_year(self) -> Decimal | None:
        return self.schedule.serious_illness_limit_raise if self.schedule else None

    @property
    def raised_so_far(self) -> Decimal | None:
        if self.raise_per_year is None:
            return None
        return rules.serious_illness_limit_raised(
            self.years,
            after=self.reward_after,
            per_year=self.raise_per_year,
            cap=self.schedule.serious_illness_limit_raise_cap,
        )

    @property
    def raised_after_next_year(self) -> Decimal | None:
        if self.raise_per_year is None:
            return None
        return rules.serious_illness_limit_raised(
            self.years + 1,
            after=self.reward_after,
            per_year=self.raise_per_year,
            cap=self.schedule.serious_illness_limit_raise_cap,
        )


def covered_years(cover_years) -> set[int]:
    return {
        year.year
        for year in cover_years
        if year.status == CoverYear.Status.WAIVED
        or (year.status == CoverYear.Status.PAID and year.gives_cover)
    }


def continuity_of(child: InsuredChild, *, today: datetime.date) -> Continuity:
    """The child's run of continuous years, from its cover years as prefetched."""
    years, through = rules.continuous_years(
        covered_years(child.cover_years.all()), this_year=today.year
    )
    next_year = max(through + 1 if through and years else today.year, today.year)
    schedules = fees.schedules_for_office(child.office)
    schedule = next((s for s in schedules if s.year == next_year), None) or next(
        iter(sorted(schedules, key=lambda s: -s.year)), None
    )
    return Continuity(years, through, next_year, schedule)

"""What a child's enrollment costs and when cover starts, from the office's fee schedules."""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .children import cover_years
from .children.cover_years import Cover, History, Repair
from .models import CommunityOffice, FeeSchedule, QuotedYear, SubsidyCategory


@dataclass(frozen=True)
class YearQuote:
    """One year of cover: its schedule, when its cover starts, and what the family pays."""

    schedule: FeeSchedule
    cover: Cover
    subsidy: SubsidyCategory | None
    contribution: Decimal
    reduction: Decimal

    @property
    def amount_due(self) -> Decimal:
        return self.contribution - self.reduction


@dataclass(frozen=True)
class FeeQuote:
    """Everything the family pays now: one year, or two (a newborn whose next year's period is
    open), and any missed years it repairs."""

    years: tuple[YearQuote, ...]
    repair: Repair | None = None

    @property
    def first(self) -> YearQuote:
        return self.years[0]

    @property
    def schedule(self) -> FeeSchedule:
        """The first year's schedule, whose subsidy groups the parent chooses from."""
        return self.first.schedule

    @property
    def subsidy(self) -> SubsidyCategory | None:
        return self.first.subsidy

    @property
    def cover(self) -> Cover:
        return self.first.cover

    @property
    def repair_price(self) -> Decimal:
        """What each repaired year costs: the individual contribution of the year paid for (the
        rules leave the price to the city; the office confirms it)."""
        return self.years[-1].contribution

    @property
    def repair_amount(self) -> Decimal:
        return self.repair.chosen * self.repair_price if self.repair else Decimal("0")

    @property
    def amount_due(self) -> Decimal:
        return sum((year.amount_due for year in self.years), Decimal("0")) + self.repair_amount

    def quoted_years(self) -> list[QuotedYear]:
        """Each year as the application will keep it once submitted (unsaved, without its
        application): its amount (the first year carries the repaired years), its deadline and
        its cover. What the check page shows is what the submission freezes."""
        quoted = []
        for index, year in enumerate(self.years):
            repairs = self.repair.chosen if self.repair and index == 0 else 0
            repair_amount = self.repair_amount if index == 0 else Decimal("0")
            quoted.append(
                QuotedYear(
                    year=year.cover.year,
                    fee_schedule=year.schedule,
                    subsidy_category=year.subsidy,
                    contribution=year.contribution,
                    reduction=year.reduction,
                    missed_years_paid=repairs,
                    missed_years_amount=repair_amount,
                    amount_due=year.amount_due + repair_amount,
                    pay_by=year.cover.pay_by,
                    rule=year.cover.rule,
                    waiting_months=year.cover.waiting_months,
                    cover_starts=year.cover.starts_on,
                    cover_ends=year.cover.ends_on,
                )
            )
        return quoted


SCHEDULES_CACHE_SECONDS = 300


def schedules_for_office(office: CommunityOffice) -> list[FeeSchedule]:
    """The office's own schedules and its region's, office-specific first, newest first.

    Cached: every wizard page asks, and schedules change a few times a year (saving one in the
    admin clears the cache, see the receiver below)."""
    key = _schedules_key(office.pk, office.region)
    schedules = cache.get(key)
    if schedules is None:
        found = FeeSchedule.objects.filter(
            Q(office=office) | Q(office__isnull=True, region=office.region)
        ).prefetch_related("subsidy_categories")
        schedules = sorted(found, key=lambda s: (s.office_id is None, -s.year))
        cache.set(key, schedules, SCHEDULES_CACHE_SECONDS)
    return schedules


@receiver([post_save, post_delete], sender=FeeSchedule)
@receiver([post_save, post_delete], sender=SubsidyCategory)
@receiver([post_save, post_delete], sender=CommunityOffice)
def forget_schedules(**kwargs):
    cache.delete_many(_cached_schedule_keys())


def _schedules_key(office_id, region):
    # The region is free text (Chinese, spaces): hashed, the key suits any cache backend.
    return f"fees:schedules:{office_id}:{hashlib.sha1(region.encode()).hexdigest()[:16]}"


def _cached_schedule_keys():
    return [
        _schedules_key(pk, region)
        for pk, region in CommunityOffice.objects.values_list("pk", "region")
    ]


def application_quote(application, *, on: datetime.date | None = None) -> FeeQuote | None:
    """The fee for an application's current answers, today (or `on` another day: the day it
    was submitted); None before the child is described or where no schedule is published.

    Memoised on the application object, keyed by the answers it depends on: the wizard's steps,
    the check page and the completeness rules all ask within one request, and the memo lives
    exactly as long as that request's object.
    """
    child = application.part("child")
    if child is None:
        return None
    today = on or timezone.localdate()
    history = History(child.date_of_birth, child.first_enrollment, child.last_covered_year)
    answers = (
        application.office_id,
        history,
        application.subsidy_category_id,
        application.repaired_years,
        today,
    )
    memo = application.__dict__.setdefault("_fee_quotes", {})
    if answers not in memo:
        memo[answers] = quote(
            application.office,
            history=history,
            today=today,
            subsidy=application.subsidy_category,
            repaired_years=application.repaired_years,
        )
    return memo[answers]


def published_schedules(today: datetime.date) -> list[FeeSchedule]:
    """This year's and later schedules, for the public fee table."""
    return list(
        FeeSchedule.objects.filter(year__gte=today.year)
        .select_related("office")
        .order_by("year", "region", "office__name")
    )


def quote(
    office: CommunityOffice,
    *,
    history: History,
    today: datetime.date,
    subsidy: SubsidyCategory | None = None,
    repaired_years: int = 0,
    schedules: list[FeeSchedule] | None = None,
) -> FeeQuote | None:
    """What the family pays now for a child at an office: each year's contribution less the
    subsidy's reduction, and any repaired years; None where no schedule is published.

    A subsidy group is one schedule's; for another year the group of the same name in that
    year's schedule applies, if it has one.
    """
    years, repair = cover_years.years_to_pay(
        schedules if schedules is not None else schedules_for_office(office),
        history,
        today=today,
        exempt=bool(subsidy and subsidy.exempt_from_waiting),
        repaired_years=repaired_years,
    )
    if not years:
        return None
    return FeeQuote(
        tuple(_year_quote(schedule, cover, subsidy) for schedule, cover in years), repair
    )


def renewal_quote(schedule: FeeSchedule, subsidy: SubsidyCategory | None) -> YearQuote:
    """The next year's fee for a child covered this year, paid in the enrollment period."""
    return _year_quote(schedule, cover_years.renewal(schedule), subsidy)


def _year_quote(schedule, cover, subsidy):
    group = _same_group(schedule, subsidy)
    contribution = schedule.individual_contribution
    reduction = group.reduction_of(contribution) if group else Decimal("0")
    return YearQuote(schedule, cover, group, contribution, reduction)


def _same_group(schedule, subsidy):
    if subsidy is None or subsidy.fee_schedule_id == schedule.pk:
        return subsidy
    return next((c for c in schedule.subsidy_categories.all() if c.name == subsidy.name), None)

"""What a child's enrollment costs and when cover starts, from the office's fee schedules."""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import rules
from .models import CommunityOffice, FeeSchedule, SubsidyCategory


class CoverRule(StrEnum):
    FROM_BIRTH = "from_birth"  # a newborn enrolled within 90 days of birth
    ENROLLMENT_PERIOD = "enrollment_period"  # enrolled in the period, cover from 1 January
    MONTH_AFTER_PAYMENT = "month_after_payment"  # a newborn enrolled later
    WAITING_PERIOD = "waiting_period"  # anyone else enrolling outside the period


@dataclass(frozen=True)
class Cover:
    rule: CoverRule
    starts_on: datetime.date | None  # None when it depends on the day the fee is paid
    apply_by: datetime.date | None
    waiting_months: int | None = None


@dataclass(frozen=True)
class FeeQuote:
    schedule: FeeSchedule
    cover: Cover
    subsidy: SubsidyCategory | None
    contribution: Decimal
    reduction: Decimal

    @property
    def amount_due(self) -> Decimal:
        return self.contribution - self.reduction


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


def application_quote(application) -> FeeQuote | None:
    """The fee for an application's current answers, today; None before the child is described
    or where no schedule is published.

    Memoised on the application object, keyed by the answers it depends on: the wizard's steps,
    the check page and the completeness rules all ask within one request, and the memo lives
    exactly as long as that request's object.
    """
    child = application.part("child")
    if child is None:
        return None
    today = timezone.localdate()
    answers = (application.office_id, child.date_of_birth, application.subsidy_category_id, today)
    memo = application.__dict__.setdefault("_fee_quotes", {})
    if answers not in memo:
        memo[answers] = quote(
            application.office,
            born=child.date_of_birth,
            today=today,
            subsidy=application.subsidy_category,
        )
    return memo[answers]


def published_schedules(today: datetime.date) -> list[FeeSchedule]:
    """This year's and later schedules, for the public fee table."""
    return list(
        FeeSchedule.objects.filter(year__gte=today.year)
        .select_related("office")
        .order_by("year", "region", "office__name")
    )


def cover_for(
    schedules: list[FeeSchedule], *, born: datetime.date, today: datetime.date
) -> tuple[FeeSchedule, Cover] | None:
    """The schedule the child pays under and when cover starts, or None if none is published."""

    def for_year(year):
        return next((s for s in schedules if s.year == year), None)

    is_newborn = rules.child_category(born, today) == rules.ChildCategory.NEWBORN
    birth_deadline = rules.cover_from_birth_deadline(born)
    open_schedule = next((s for s in schedules if s.is_open_on(today)), None)
    if is_newborn and today <= birth_deadline:
        schedule = for_year(born.year) or open_schedule
        if schedule is None:
            return None
        return schedule, Cover(CoverRule.FROM_BIRTH, born, birth_deadline)

    if open_schedule:
        return open_schedule, Cover(
            CoverRule.ENROLLMENT_PERIOD,
            datetime.date(open_schedule.year, 1, 1),
            open_schedule.enrollment_closes,
        )

    schedule = for_year(today.year)
    if schedule is None:
        return None
    if is_newborn:
        return schedule, Cover(CoverRule.MONTH_AFTER_PAYMENT, None, None)
    return schedule, Cover(
        CoverRule.WAITING_PERIOD, None, None, waiting_months=schedule.waiting_period_months
    )


def quote(
    office: CommunityOffice,
    *,
    born: datetime.date,
    today: datetime.date,
    subsidy: SubsidyCategory | None = None,
    schedules: list[FeeSchedule] | None = None,
) -> FeeQuote | None:
    """The amount due for a child at an office, with the subsidy's reduction if one applies.

    A subsidy chosen under another year's schedule does not apply to this one.
    """
    found = cover_for(
        schedules if schedules is not None else schedules_for_office(office),
        born=born,
        today=today,
    )
    if found is None:
        return None
    schedule, cover = found
    if subsidy is not None and subsidy.fee_schedule_id != schedule.pk:
        subsidy = None
    contribution = schedule.individual_contribution
    reduction = subsidy.reduction_of(contribution) if subsidy else Decimal("0")
    return FeeQuote(schedule, cover, subsidy, contribution, reduction)

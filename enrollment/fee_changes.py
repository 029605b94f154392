"""A supervisor's change to a fee schedule's figures after families were quoted them.

Before the change is saved the supervisor is told how many children owe the old individual
contribution (a due year on the child's record, or a submitted application not yet registered)
and how many paid it, and chooses: keep what families owe (the default: each was quoted a
figure and keeps it; new applications get the new one), or quote the unpaid dues again, with a
notice to each family. Paid years never change. Every saved change of the figures is a row of
the schedule's history (FeeScheduleChange), with the counts and the choice.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from . import notices
from .applications import selectors
from .models import (
    Application,
    CoverYear,
    CoverYearChange,
    FeeSchedule,
    FeeScheduleChange,
    QuotedYear,
    StatusChange,
)

# The figures of a schedule whose changes its history keeps.
FIGURES = (
    "individual_contribution",
    "government_subsidy",
    "enrollment_opens",
    "enrollment_closes",
    "waiting_period_months",
    "cover_after_payment",
    "newborn_next_year_deadline",
    "never_insured_break",
    "continuous_years_before_reward",
    "serious_illness_limit_raise",
    "serious_illness_limit_raise_cap",
)
# Applications quoted at submission and not yet registered: their quoted years are what the
# family owes once the office registers the child.
PENDING = (Application.Status.SUBMITTED, Application.Status.RETURNED)


@dataclass(frozen=True)
class OldFigureDues:
    """Who was quoted a schedule's individual contribution: owing it, or having paid it."""

    owing: int
    paid: int

    @property
    def any(self) -> bool:
        return bool(self.owing or self.paid)


def _owed_years(schedule: FeeSchedule):
    return CoverYear.objects.filter(fee_schedule=schedule, status=CoverYear.Status.DUE)


def _pending_quotes(schedule: FeeSchedule):
    return QuotedYear.objects.filter(
        fee_schedule=schedule, application__status__in=PENDING, application__insured_child=None
    )


def dues_at(schedule: FeeSchedule, contribution: Decimal) -> OldFigureDues:
    """How many children owe and how many paid the schedule's year at an individual
    contribution (the one it has before a change)."""
    return OldFigureDues(
        owing=_owed_years(schedule).filter(contribution=contribution).count()
        + _pending_quotes(schedule).filter(contribution=contribution).count(),
        paid=CoverYear.objects.filter(
            fee_schedule=schedule, status=CoverYear.Status.PAID, contribution=contribution
        ).count(),
    )


def figures_of(schedule: FeeSchedule) -> dict:
    return {name: getattr(schedule, name) for name in FIGURES}


@transaction.atomic
def fee_schedule_changed(
    *, schedule: FeeSchedule, before: dict, by, requote: bool
) -> FeeScheduleChange | None:
    """Record a saved change of the schedule's figures (`before`: figures_of as they were), and
    with `requote`, quote the unpaid dues again at the new individual contribution. Returns the
    history row; None when no figure changed."""
    after = figures_of(schedule)
    changed = {
        name: [_plain(before[name]), _plain(after[name])]
        for name in FIGURES
        if before[name] != after[name]
    }
    if not changed:
        return None
    old_contribution = before["individual_contribution"]
    dues = dues_at(schedule, old_contribution)  # the years keep the figure they were quoted
    requoted = 0
    if requote and "individual_contribution" in changed:
        requoted = _requote(schedule, old=old_contribution, by=by)
    return FeeScheduleChange.objects.create(
        fee_schedule=schedule,
        changed_by=by,
        figures=changed,
        owing=dues.owing,
        paid=dues.paid,
        dues=FeeScheduleChange.Dues.REQUOTED if requoted else FeeScheduleChange.Dues.KEPT,
        requoted=requoted,
    )


def _requote(schedule: FeeSchedule, *, old: Decimal, by) -> int:
    """Quote every unpaid year of the schedule again at its new individual contribution: the
    years due on children's records and those of applications not yet registered. Each family
    is told. Returns how many years changed."""
    new = schedule.individual_contribution
    note = _(
        "The office changed the individual contribution for %(year)s from ¥%(old)s to ¥%(new)s."
    ) % {
        "year": schedule.year,
        "old": old,
        "new": new,
    }
    changed_applications = set()
    count = 0
    for year in (
        _owed_years(schedule)
        .select_for_update(of=("self",))
        .select_related("subsidy_category", "child", "application__owner")
    ):
        _apply_new_contribution(year, new)
        year.save()
        change = CoverYearChange.objects.create(
            cover_year=year,
            from_status=CoverYear.Status.DUE,
            to_status=year.status,
            changed_by=by,
            note=note,
        )
        parent = selectors.family_account(year)
        if parent is not None:
            notices.queue_cover_year_notice(change, parent=parent)
        if year.application_id:
            changed_applications.add(year.application_id)
        count += 1
    pending = {}
    for year in (
        _pending_quotes(schedule).select_for_update(of=("self",)).select_related("subsidy_category")
    ):
        _apply_new_contribution(year, new)
        year.save()
        pending[year.application_id] = True
        count += 1
    for application in Application.objects.filter(pk__in=changed_applications | set(pending)):
        if application.insured_child_id:
            years = application.cover_years.all()
        else:
            years = application.quoted_years.all()
        application.fee_due = sum((year.amount_due for year in years), Decimal("0"))
        application.save(update_fields=["fee_due", "updated_at"])
        if application.pk in pending:
            notices.queue_status_notice(
                StatusChange.objects.create(
                    application=application,
                    from_status=application.status,
                    to_status=application.status,
                    changed_by=by,
                    note=note,
                )
            )
    return count


def _apply_new_contribution(year, contribution: Decimal) -> None:
    """The year's amounts at a new contribution: the group's reduction of it, and the missed
    years it repairs priced at it (as fees.FeeQuote prices them)."""
    group = year.subsidy_category
    year.contribution = contribution
    year.reduction = group.reduction_of(contribution) if group else Decimal("0")
    year.missed_years_amount = year.missed_years_paid * contribution
    year.amount_due = contribution - year.reduction + year.missed_years_amount


def _plain(value) -> str:
    return "" if value is None else str(value)

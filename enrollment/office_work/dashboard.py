"""The figures of the office dashboard on the admin's first page: reads only.

Each selector takes a community office, or None for every office together, and returns plain
data. Every figure comes from one GROUP BY query on indexed columns, grouped by office as well,
so that `dashboard()` draws a supervisor's table of every office and the figures above it from
the same five queries (the admin's first page stays within 12). The one set loaded row by row is
the bounded one the median needs: the cards issued in the last 12 months, two datetimes each.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import NotSupportedError
from django.db.models import Count, FloatField, Func, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Application, CommunityOffice, CoverYear, StatusChange
from . import work_queue

Status = Application.Status
WEEKS = 12
EVERY_OFFICE_SECONDS = 120
OLDEST_SHOWN = 5
# Every status but the draft, which is the parent's own until it is submitted.
COUNTED_STATUSES = [status for status in Status if status != Status.DRAFT]
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class WeekCount:
    starts: datetime.date  # a Monday
    count: int


@dataclass(frozen=True)
class TimeToCard:
    median_days: float | None  # from submission to the card issued, in days
    cards: int  # how many cards issued in the last 12 months the median is of


@dataclass(frozen=True)
class Waiting:
    pk: int
    reference_number: str
    status_label: str
    office_name: str
    since: datetime.datetime
    working_days: int
    overdue: bool
    waiting_limit: int


@dataclass(frozen=True)
class YearPayments:
    year: int
    paid: int = 0
    paid_amount: Decimal = ZERO
    paid_late: int = 0  # of the paid: after the deadline, with cover starting later
    due: int = 0
    due_amount: Decimal = ZERO
    waived: int = 0

    def __add__(self, other):
        return YearPayments(
            year=self.year,
            paid=self.paid + other.paid,
            paid_amount=self.paid_amount + other.paid_amount,
            paid_late=self.paid_late + other.paid_late,
            due=self.due + other.due,
            due_amount=self.due_amount + other.due_amount,
            waived=self.waived + other.waived,
        )


@dataclass(frozen=True)
class OfficeFigures:
    """One row of the supervisors' table."""

    office: CommunityOffice
    waiting_for_office: int
    longest_wait: int | None  # working days, of the application waiting longest for the office
    longest_wait_overdue: bool
    submitted_in_weeks: int
    time_to_card: TimeToCard
    renewal: YearPayments  # next year's, which the renewal period pays


@dataclass
class Dashboard:
    office: CommunityOffice | None  # None: every office together
    today: datetime.date
    as_of: datetime.datetime  # when the counts were read
    status_counts: list[StatusCount]
    weeks: list[WeekCount]
    time_to_card: TimeToCard
    oldest_waiting: list[Waiting]
    payments: list[YearPayments]
    offices: list[OfficeFigures] = field(default_factory=list)  # a supervisor's table
    every_office: list[CommunityOffice] = field(default_factory=list)  # a supervisor's choice


# --- Periods --------------------------------------------------------------------------------


def _today(today):
    return today or timezone.localdate()


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of a day in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def week_starts(today: datetime.date) -> list[datetime.date]:
    """The Mondays of the last 12 weeks, oldest first; the last is this week's."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]


def year_before(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def renewal_years(today: datetime.date) -> list[int]:
    """This year's cover, and next year's, which this year's enrollment period pays."""
    return [today.year, today.year + 1]


# --- The grouped queries (office id -> figures) ---------------------------------------------


def _applications(office):
    queryset = Application.objects.all()
    return queryset if office is None else queryset.filter(office=office)


def _status_rows(office):
    """{office id: {status: (count, earliest status_changed_at)}}: one GROUP BY on the index
    (office, status, status_changed_at)."""
    rows = (
        _applications(office)
        .exclude(status=Status.DRAFT)
        .values("office_id", "status")
        .annotate(count=Count("pk"), since=Min("status_changed_at"))
        .order_by()
    )
    grouped = defaultdict(dict)
    for row in rows:
        grouped[row["office_id"]][row["status"]] = (row["count"], row["since"])
    return grouped


def _offices_with_weeks(office_id, weeks):
    """The offices (one, or with office_id None every office), each with its submissions of
    each week as week0 to week11: a counting subquery per week through the index
    (office, -submitted_at), so that the offices and their weeks come in one query."""
    bounds = [_midnight(day) for day in weeks] + [_midnight(weeks[-1] + datetime.timedelta(7))]
    counts = {
        f"week{index}": Coalesce(
            Subquery(
                Application.objects.filter(
                    office=OuterRef("pk"),
                    submitted_at__gte=bounds[index],
                    submitted_at__lt=bounds[index + 1],
                )
                .order_by()
                .values("office")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )
        for index in range(len(weeks))
    }
    offices = CommunityOffice.objects.annotate(**counts)
    return list(offices if office_id is None else offices.filter(pk=office_id))


def _week_counts(offices, weeks):
    """{office id: [submissions in each week]} from _offices_with_weeks."""
    return {each.pk: [getattr(each, f"week{i}") for i in range(len(weeks))] for each in offices}


class DaysBetween(Func):
    """end - start in days (a float), worked out by the database: turning two datetimes a row
    into Python objects costs more than the whole query on SQLite (SQLite and PostgreSQL)."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(julianday(%(end)s) - julianday(%(start)s))", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(end)s - %(start)s)) / 86400.0)",
            **extra,
        )

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:
            raise NotSupportedError(f"DaysBetween is not written for {connection.vendor}.")
        (start_sql, start_params), (end_sql, end_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        # The end comes first in the SQL: its parameters too.
        return template % {"start": start_sql, "end": end_sql}, (*end_params, *start_params)


def _card_rows(office, today):
    """{office id: [days from submission to card, ...]} over the cards issued in the last 12
    months, from each card's status change and its application's submission. An issued card
    is the application's last status, so the application's own status narrows the rows through
    the index (status, status_changed_at) before the history is joined."""
    since = _midnight(year_before(today))
    changes = StatusChange.objects.filter(
        to_status=Status.CARD_ISSUED,
        changed_at__gte=since,
        # The same moment (services._move stamps both): the range the index can use.
        application__status=Status.CARD_ISSUED,
        application__status_changed_at__gte=since,
        application__submitted_at__isnull=False,
    ).order_by()  # not the history's own order: a sort of every row for nothing
    if office is not None:
        changes = changes.filter(application__office=office)
    days = changes.annotate(days=DaysBetween("application__submitted_at", "changed_at"))
    grouped = defaultdict(list)
    for office_id, value in days.values_list("application__office_id", "days"):
        grouped[office_id].append(value)
    return grouped


def _payment_rows(office, years):
    """{office id: {year: YearPayments}} from the cover years of the office's children."""
    cover_years = CoverYear.objects.filter(year__in=years)
    if office is not None:
        cover_years = cover_years.filter(child__office=office)
    rows = (
        cover_years.values("child__office_id", "year", "status", "paid_after_deadline")
        .annotate(
            count=Count("pk"),
            due=Sum("amount_due"),
            paid=Sum(Coalesce("amount_paid", "amount_due")),
        )
        .order_by()
    )
    grouped = defaultdict(dict)
    for row in rows:
        office_id, year = row["child__office_id"], row["year"]
        figures = grouped[office_id].get(year, YearPayments(year))
        if row["status"] == CoverYear.Status.PAID:
            figures += YearPayments(
                year,
                paid=row["count"],
                paid_amount=row["paid"] or ZERO,
                paid_late=row["count"] if row["paid_after_deadline"] else 0,
            )
        elif row["status"] == CoverYear.Status.DUE:
            figures += YearPayments(year, due=row["count"], due_amount=row["due"] or ZERO)
        elif row["status"] == CoverYear.Status.WAIVED:
            figures += YearPayments(year, waived=row["count"])
        grouped[office_id][year] = figures
    return grouped


# --- Folding the groups into one office's figures or everyone's -----------------------------


def _pick(grouped, office_id):
    """The groups of one office (office_id), or of every office (None)."""
    return list(grouped.values()) if office_id is None else [grouped.get(office_id)]


def _fold_statuses(groups) -> list[StatusCount]:
    totals = defaultdict(int)
    for group in groups:
        for status, (count, _since) in (group or {}).items():
            totals[status] += count
    return [StatusCount(s.value, str(s.label), totals[s.value]) for s in COUNTED_STATUSES]


def _fold_weeks(groups, weeks) -> list[WeekCount]:
    totals = [0] * len(weeks)
    for group in groups:
        for index, count in enumerate(group or []):
            totals[index] += count
    return [WeekCount(day, count) for day, count in zip(weeks, totals, strict=True)]


def _fold_cards(groups) -> TimeToCard:
    days = [value for group in groups for value in (group or [])]
    return TimeToCard(statistics.median(days) if days else None, len(days))


def _fold_payments(groups, years) -> list[YearPayments]:
    totals = {year: YearPayments(year) for year in years}
    for group in groups:
        for year, figures in (group or {}).items():
            totals[year] += figures
    return [totals[year] for year in years]


# --- The selectors ----------------------------------------------------------------------------


def status_counts(office: CommunityOffice | None) -> list[StatusCount]:
    """How many applications are in each status but the draft, in the order of their life."""
    return _fold_statuses(_pick(_status_rows(office), office and office.pk))


def weekly_submissions(office: CommunityOffice | None, *, today=None) -> list[WeekCount]:
    """Applications submitted in each of the last 12 weeks (Monday to Sunday), oldest first."""
    weeks = week_starts(_today(today))
    offices = _offices_with_weeks(office and office.pk, weeks)
    return _fold_weeks(_pick(_week_counts(offices, weeks), office and office.pk), weeks)


def time_to_card(office: CommunityOffice | None, *, today=None) -> TimeToCard:
    """The median days from submission to the card, over the cards issued in 12 months."""
    return _fold_cards(_pick(_card_rows(office, _today(today)), office and office.pk))


def renewal_payments(office: CommunityOffice | None, *, today=None) -> list[YearPayments]:
    """This year's and next year's cover years of the office's children: paid, due, waived."""
    years = renewal_years(_today(today))
    return _fold_payments(_pick(_payment_rows(office, years), office and office.pk), years)


def oldest_waiting(
    office: CommunityOffice | None,
    *,
    today=None,
    limit: int = OLDEST_SHOWN,
    offices: dict[int, CommunityOffice] | None = None,
) -> list[Waiting]:
    """The applications waiting longest for the office's action (work_queue.QUEUE_STATUSES),
    longest first, with the working days they have waited and whether that is over the office's
    limit. Through the index (office, status, status_changed_at). Give `offices` (by id) when
    they are at hand: joining the office would make the database carry it through the sort of
    every waiting application."""
    today = _today(today)
    applications = (
        _applications(office)
        .filter(status__in=work_queue.QUEUE_STATUSES, status_changed_at__isnull=False)
        .order_by("status_changed_at", "pk")[:limit]
    )
    if offices is None:
        applications = applications.select_related("office")
    else:
        applications = list(applications)
        for application in applications:
            application.office = offices[application.office_id]
    return [
        Waiting(
            pk=application.pk,
            reference_number=application.reference_number or str(application),
            status_label=str(application.get_status_display()),
            office_name=str(application.office.name),
            since=application.status_changed_at,
            working_days=work_queue.working_days_waiting(application, today=today),
            overdue=work_queue.is_overdue(application, today=today),
            waiting_limit=application.office.waiting_limit_working_days,
        )
        for application in applications
    ]


def _office_figures(office, statuses, weeks, cards, payments, next_year, today):
    queued = [statuses.get(status) for status in work_queue.QUEUE_STATUSES]
    queued = [entry for entry in queued if entry]
    since = min((entry[1] for entry in queued if entry[1]), default=None)
    longest = work_queue.working_days_between(timezone.localdate(since), today) if since else None
    return OfficeFigures(
        office=office,
        waiting_for_office=sum(count for count, _ in queued),
        longest_wait=longest,
        longest_wait_overdue=longest is not None and longest > office.waiting_limit_working_days,
        submitted_in_weeks=sum(weeks or []),
        time_to_card=_fold_cards([cards]),
        renewal=(payments or {}).get(next_year, YearPayments(next_year)),
    )


def _every_office_figures(today, years):
    """The grouped figures of every office, kept in the shared cache for EVERY_OFFICE_SECONDS:
    at 100,000 applications they take the database a few hundred milliseconds on SQLite (the
    cover years and the cards' history are read row by row to be grouped), and supervisors
    open the first page often."""
    key = f"office-dashboard:every-office:{today.isoformat()}"
    figures = cache.get(key)
    if figures is None:
        figures = {
            "as_of": timezone.now(),
            "statuses": dict(_status_rows(None)),
            "cards": dict(_card_rows(None, today)),
            "payments": dict(_payment_rows(None, years)),
        }
        cache.set(key, figures, EVERY_OFFICE_SECONDS)
    return figures


def dashboard(office_id: int | None, *, every_office: bool, today=None) -> Dashboard:
    """Everything the dashboard shows, in five queries at most.

    A member of staff's (every_office False): the figures of the office office_id, read afresh.
    A supervisor's (every_office True): the figures of every office, read grouped by office
    (and kept for a minute or two, see _every_office_figures), make one row of the table for
    each office (`Dashboard.offices`); the figures above it are the office office_id's if it is
    one, else everyone's. The applications waiting longest and the weeks are always read
    afresh. Raises CommunityOffice.DoesNotExist for a member of staff whose office is gone."""
    today = _today(today)
    weeks = week_starts(today)
    years = renewal_years(today)
    offices = _offices_with_weeks(None if every_office else office_id, weeks)
    office = next((each for each in offices if each.pk == office_id), None)
    if every_office:
        grouped = _every_office_figures(today, years)
    elif office is None:
        raise CommunityOffice.DoesNotExist(office_id)
    else:
        grouped = {
            "as_of": timezone.now(),
            "statuses": _status_rows(office),
            "cards": _card_rows(office, today),
            "payments": _payment_rows(office, years),
        }
    statuses, cards, payments = grouped["statuses"], grouped["cards"], grouped["payments"]
    week_counts = _week_counts(offices, weeks)
    chosen = office and office.pk
    return Dashboard(
        office=office,
        today=today,
        as_of=grouped["as_of"],
        status_counts=_fold_statuses(_pick(statuses, chosen)),
        weeks=_fold_weeks(_pick(week_counts, chosen), weeks),
        time_to_card=_fold_cards(_pick(cards, chosen)),
        oldest_waiting=oldest_waiting(
            office, today=today, offices={each.pk: each for each in offices}
        ),
        payments=_fold_payments(_pick(payments, chosen), years),
        offices=[
            _office_figures(
                each,
                statuses.get(each.pk, {}),
                week_counts.get(each.pk),
                cards.get(each.pk),
                payments.get(each.pk),
                years[-1],
                today,
            )
            for each in offices
        ]
        if every_office
        else [],
        every_office=offices if every_office else [],
    )

"""What waits for a community office's action, and for how long, in working days.

Working days are China's: Monday to Friday, less the public holidays, plus the weekend days
worked in their place (调休), from the State Council's yearly notice as packaged by the
`chinesecalendar` library. For a year the library does not know yet (the notice comes out each
November), Monday to Friday is counted.
"""

import datetime
import functools

import chinese_calendar
from django.utils import timezone

from ..applications import statuses
from ..models import Application

# What waits for the office's action, in the order of the work; what waits for someone else (the
# family, the card centre); what is over. From the table of statuses.
QUEUE_STATUSES = statuses.OFFICE_WORK
WAITING_ELSEWHERE = statuses.WAITING_ELSEWHERE
FINAL_STATUSES = statuses.FINAL


def _holiday_notice_known(year: int) -> bool:
    """Whether the library holds the State Council's holiday notice for the year (it refuses a
    date of any other year with NotImplementedError)."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def _working_days_by_day_of_year(year: int) -> tuple[int, ...]:
    """For each day of the year, the working days from 1 January up to that day included:
    counted once a year, so that a list of fifty applications costs fifty subtractions."""
    if _holiday_notice_known(year):
        is_working_day = chinese_calendar.is_workday
    else:
        is_working_day = _monday_to_friday
    counts, total = [], 0
    day = datetime.date(year, 1, 1)
    while day.year == year:
        total += is_working_day(day)
        counts.append(total)
        day += datetime.timedelta(days=1)
    return tuple(counts)


def _monday_to_friday(day: datetime.date) -> bool:
    return day.weekday() < 5


def _working_days_to(day: datetime.date) -> int:
    return _working_days_by_day_of_year(day.year)[day.timetuple().tm_yday - 1]


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`: an application that came in on
    a Friday has waited one working day on Monday."""
    if end <= start:
        return 0
    days = _working_days_to(end) - _working_days_to(start)
    for year in range(start.year, end.year):
        days += _working_days_by_day_of_year(year)[-1]
    return days


def working_days_waiting(application: Application, *, today=None) -> int | None:
    """How long the application has waited in its status, for a status that waits."""
    if application.status not in QUEUE_STATUSES + WAITING_ELSEWHERE:
        return None
    if application.status_changed_at is None:
        return None
    since = timezone.localdate(application.status_changed_at)
    return working_days_between(since, today or timezone.localdate())


def is_overdue(application: Application, *, today=None) -> bool:
    """Waiting for the office longer than the office's own limit."""
    if application.status not in QUEUE_STATUSES:
        return False
    waited = working_days_waiting(application, today=today)
    return waited is not None and waited > application.office.waiting_limit_working_days

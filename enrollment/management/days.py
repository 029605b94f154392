"""The --date option of the daily cron commands: act as on another day, for checks."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def add_date_argument(parser) -> None:
    parser.add_argument(
        "--date", help="Act as on this day (YYYY-MM-DD, Beijing time) instead of today."
    )


def day_from(options) -> datetime.date:
    if not options["date"]:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(options["date"])
    except ValueError:
        raise CommandError("--date must be a date written YYYY-MM-DD") from None

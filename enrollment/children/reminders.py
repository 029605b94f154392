"""Reminders to pay for the next year, for cron (`manage.py send_renewal_reminders`).

When a schedule's enrollment period opens, and 30 and 7 days before it closes, each child
covered the year before and not yet paid for gets one reminder, in the parent's language, by
the ways the parent chose and has (an email, an SMS, or both). A sent reminder is recorded
(child, year, kind) before the messages leave, in the same transaction: a re-run sends nothing
new, and a reminder that no way could take is tried again at the next run. A run that starts
late sends only the latest reminder due, never a backlog.
"""

import datetime
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from portal import sms

from .. import fees, notices
from ..applications import selectors
from ..formatting import masked_id_number
from ..models import CommunityOffice, CoverYear, FeeSchedule, InsuredChild, RenewalReminder
from . import continuity

logger = logging.getLogger(__name__)
Kind = RenewalReminder.Kind
COVERED = (CoverYear.Status.PAID, CoverYear.Status.WAIVED)
DAYS_BEFORE_CLOSING = ((7, Kind.DAYS_7), (30, Kind.DAYS_30))


def reminder_due(schedule: FeeSchedule, today: datetime.date) -> str | None:
    """The latest reminder the schedule's period calls for today, or None outside it."""
    if not schedule.is_open_on(today):
        return None
    days_left = (schedule.enrollment_closes - today).days
    for days, kind in DAYS_BEFORE_CLOSING:
        if days_left <= days:
            return kind
    return Kind.OPENED


def children_to_remind(office: CommunityOffice, year: int, kind: str):
    """The office's children covered the year before, not yet paid for `year`, not yet sent
    this reminder."""
    covered_before = CoverYear.objects.filter(year=year - 1, status__in=COVERED).values("child")
    settled = CoverYear.objects.filter(year=year, status__in=COVERED).values("child")
    reminded = RenewalReminder.objects.filter(year=year, kind=kind).values("child")
    return (
        InsuredChild.objects.filter(office=office, pk__in=covered_before)
        .exclude(pk__in=settled)
        .exclude(pk__in=reminded)
        .select_related("office")
        .order_by("pk")
    )


def send_renewal_reminders(*, today: datetime.date) -> tuple[int, int]:
    """Send every reminder due today; (sent, failed)."""
    sent = failed = 0
    for office in CommunityOffice.objects.all():
        schedule = next((s for s in fees.schedules_for_office(office) if s.is_open_on(today)), None)
        kind = reminder_due(schedule, today) if schedule else None
        if kind is None:
            continue
        for child in children_to_remind(office, schedule.year, kind):
            parent = selectors.family_of_child(child)
            if parent is None or parent.misses_notices:
                continue
            if _remind(child, schedule, kind, parent, today):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _remind(child, schedule, kind, parent, today) -> bool:
    """Record the reminder and send it by each of the parent's ways; when none takes it,
    nothing is recorded and the next run tries again."""
    try:
        with transaction.atomic():
            RenewalReminder.objects.create(
                child=child, year=schedule.year, kind=kind, sent_to=parent
            )
            taken = []
            if parent.notices_by_email:
                taken.append(_sent(lambda: _message(child, schedule, kind, parent, today).send()))
            if parent.notices_by_sms:
                taken.append(_sent(lambda: sms.send_sms(_sms(child, schedule, kind, parent))))
            if not any(taken):
                raise ReminderNotTaken
    except IntegrityError:  # another run sent it meanwhile
        return True
    except ReminderNotTaken:  # nothing recorded: the next run tries again
        return False
    return True


class ReminderNotTaken(Exception):
    pass


def _sent(send) -> bool:
    try:
        send()
    except Exception:  # the mail server or the SMS provider refused: the other way may take it
        logger.exception("Could not send a renewal reminder")
        return False
    return True


# The SMS of each reminder (templates/sms/): the period opens, then it is closing.
SMS_KINDS = {Kind.OPENED: "renewal_open", Kind.DAYS_30: "renewal_due", Kind.DAYS_7: "renewal_due"}


def _sms(child, schedule, kind, parent) -> sms.SmsMessage:
    return sms.SmsMessage(
        to=parent.phone,
        kind=SMS_KINDS[kind],
        params={
            "child": child.full_name[:10],
            "year": str(schedule.year),
            "deadline": schedule.enrollment_closes.isoformat(),
        },
        language=parent.language,
    )


def _message(child, schedule, kind, parent, today) -> EmailMultiAlternatives:
    context = {
        "child": child,
        "schedule": schedule,
        "kind": kind,
        "continuity": continuity.continuity_of(child, today=today),
        "office": child.office,
        "child_id_masked": masked_id_number(child.id_number),
        "renew_url": notices.portal_url("enrollment:renew", child.public_id),
    }
    return notices.email_to(parent, "reminder", context)

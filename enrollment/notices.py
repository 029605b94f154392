"""The email a parent receives at each move of their application, and when the office records
a payment for one of their child's cover years outside an application (a renewal).

The notice row is written with the move; the email goes out once the move has committed, in the
parent's language, as plain text with an HTML alternative. When the mail server refuses, the
move stands, the failure is logged and `manage.py send_notices` retries later.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .applications import selectors, statuses
from .formatting import masked_id_number
from .models import CoverYearChange, Notice, StatusChange

logger = logging.getLogger(__name__)

# Notices of a move made for many applications at once are sent with it up to this many; a
# payment list's thousands wait for `manage.py send_notices`, so that staff do not wait for the
# mail server.
SENT_WITH_A_BULK_MOVE = 200
# Minutes to wait before the next attempt, by number of failed attempts so far; then hourly.
RETRY_DELAYS = [1, 5, 15, 60]


def queue_status_notice(change: StatusChange) -> None:
    if not change.from_status:  # opening a draft is not news to the parent
        return
    notice = Notice.objects.create(status_change=change)
    transaction.on_commit(lambda: send_notice(notice.pk))


def queue_status_notices(changes: list[StatusChange]) -> None:
    """queue_status_notice for the history rows of a bulk move (services.move_applications)."""
    queued = Notice.objects.bulk_create(
        [Notice(status_change=change) for change in changes if change.from_status],
        batch_size=1000,
    )
    if len(queued) <= SENT_WITH_A_BULK_MOVE:
        transaction.on_commit(lambda: [send_notice(notice.pk) for notice in queued])


def queue_cover_year_notice(change: CoverYearChange, *, parent) -> None:
    """The family hears of a payment recorded for a year; `parent` is the account told."""
    notice = Notice.objects.create(cover_year_change=change, parent=parent)
    transaction.on_commit(lambda: send_notice(notice.pk))


def send_notice(notice_id: int) -> bool:
    """Try to send one notice; True once the mail server has taken it."""
    notice = Notice.objects.select_related(
        "status_change__application__owner",
        "status_change__application__office",
        "status_change__application__child",
        "cover_year_change__cover_year__child__office",
        "parent",
    ).get(pk=notice_id)
    if notice.sent_at:
        return True
    recipient = notice.parent or notice.status_change.application.owner
    if not recipient.email:
        # An account made with a mobile number and no address: the status page tells it.
        notice.sent_at = timezone.now()
        notice.last_error = "The account has no email address."
        notice.save(update_fields=["sent_at", "last_error"])
        return True
    try:
        _message_for(notice).send()
    except Exception as error:  # whatever the mail server does, the move stands
        logger.exception("Could not send the status notice %s", notice_id)
        delay = RETRY_DELAYS[min(notice.attempts, len(RETRY_DELAYS) - 1)]
        notice.attempts += 1
        notice.last_error = f"{type(error).__name__}: {error}"[:300]
        notice.next_attempt_at = timezone.now() + datetime.timedelta(minutes=delay)
        notice.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        return False
    notice.attempts += 1
    notice.sent_at = timezone.now()
    notice.save(update_fields=["attempts", "sent_at"])
    return True


def send_due_notices() -> tuple[int, int]:
    """Send every unsent notice whose time has come; (sent, still failing)."""
    due = Notice.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now())
    results = [send_notice(pk) for pk in due.values_list("pk", flat=True)]
    return results.count(True), results.count(False)


def _message_for(notice: Notice) -> EmailMultiAlternatives:
    if notice.cover_year_change is not None:
        return _cover_year_message(notice.cover_year_change, notice.parent)
    return _status_message(notice.status_change)


def _status_message(change: StatusChange) -> EmailMultiAlternatives:
    application = change.application
    parent = application.owner
    # A change that keeps the status is the fee quoted again: each year's new amount.
    requoted = change.from_status == change.to_status
    status_facts = statuses.facts(change.to_status)
    with translation.override(parent.language):  # the wordings are filled in now
        context = {
            "change": change,
            "application": application,
            "requoted": requoted,
            "message": "" if requoted else statuses.notice_wording(change),
            "years_lead": (
                str(status_facts.years_lead) % statuses.wording_values(application)
                if status_facts.years_lead and not requoted
                else ""
            ),
            "note_label": status_facts.notice_note_label,
            "tells_how_to_pay": status_facts.tells_how_to_pay and not requoted,
            "years": (
                selectors.payment_years(application)
                if status_facts.notice_tells_years or requoted
                else []
            ),
            "office": application.office,
            "child_id_masked": masked_id_number(application.child.id_number),
            "status_url": portal_url("enrollment:application", application.public_id),
        }
    return email_to(parent, "status", context)


def _cover_year_message(change: CoverYearChange, parent) -> EmailMultiAlternatives:
    cover_year = change.cover_year
    child = cover_year.child
    context = {
        "change": change,
        "cover_year": cover_year,
        "child": child,
        "office": child.office,
        "child_id_masked": masked_id_number(child.id_number),
        "record_url": portal_url("enrollment:child_record", child.public_id),
    }
    return email_to(parent, "cover_year", context)


def email_to(parent, template: str, context: dict) -> EmailMultiAlternatives:
    """An email from enrollment/email/<template>_subject.txt, .txt and .html, in the parent's
    language, as plain text with an HTML alternative."""
    with translation.override(parent.language):
        subject = render_to_string(f"enrollment/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"enrollment/email/{template}.txt", context)
        html = render_to_string(f"enrollment/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, body, to=[parent.email])
    message.attach_alternative(html, "text/html")
    return message


def portal_url(name: str, *args) -> str:
    """A page's full address, for emails (PORTAL_BASE_URL)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)

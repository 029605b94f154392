"""What a parent receives at each move of their application, when the office records a
payment for one of their child's cover years outside an application (a renewal), and when a
renewed year lapses unpaid: an email, and an SMS for the moves they must act on or wait for
(returned, verified, paid, sent to the card centre, card issued, cover lapsed), each by the
ways the parent chose and has confirmed.

The notice row is written with the move; the messages go out once the move has committed, in
the parent's language (the email as plain text with an HTML alternative). When the mail server
or the SMS provider refuses, the move stands, the failure is kept on the notice for staff, and
`manage.py send_notices` retries later, waiting longer after each failure.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal import sms

from .applications import selectors, statuses
from .applications.statuses import Status
from .formatting import masked_id_number
from .models import CoverYear, CoverYearChange, Notice, StatusChange

logger = logging.getLogger(__name__)

# Notices of a move made for many applications at once are sent with it up to this many; a
# payment list's thousands wait for `manage.py send_notices`, so that staff do not wait for the
# mail server.
SENT_WITH_A_BULK_MOVE = 200
# Minutes to wait before the next attempt, by number of failed attempts so far; then hourly.
RETRY_DELAYS = [1, 5, 15, 60]


def _new_status_notice(change: StatusChange) -> Notice:
    """The notice of a move; by SMS too when the family must act on it or waits for it."""
    by_sms = change.to_status in SMS_KINDS and change.from_status != change.to_status
    return Notice(status_change=change, sms_next_attempt_at=timezone.now() if by_sms else None)


def queue_status_notice(change: StatusChange) -> None:
    if not change.from_status:  # opening a draft is not news to the parent
        return
    notice = _new_status_notice(change)
    notice.save()
    transaction.on_commit(lambda: send_notice(notice.pk))


def queue_status_notices(changes: list[StatusChange]) -> None:
    """queue_status_notice for the history rows of a bulk move (services.move_applications)."""
    queued = Notice.objects.bulk_create(
        [_new_status_notice(change) for change in changes if change.from_status],
        batch_size=1000,
    )
    if len(queued) <= SENT_WITH_A_BULK_MOVE:
        transaction.on_commit(lambda: [send_notice(notice.pk) for notice in queued])


def queue_cover_year_notice(change: CoverYearChange, *, parent) -> None:
    """The family hears of a payment recorded for a year, or of a year lapsed unpaid (by SMS
    too: they lost cover); `parent` is the account told."""
    by_sms = change.to_status in COVER_YEAR_SMS_KINDS
    notice = Notice.objects.create(
        cover_year_change=change,
        parent=parent,
        sms_next_attempt_at=timezone.now() if by_sms else None,
    )
    transaction.on_commit(lambda: send_notice(notice.pk))


def send_notice(notice_id: int) -> bool:
    """Try to send one notice by each of its ways that is due; True once nothing is left to
    send (each way sent, or not one the parent has)."""
    notice = Notice.objects.select_related(
        "status_change__application__owner",
        "status_change__application__office",
        "status_change__application__child",
        "cover_year_change__cover_year__child__office",
        "parent",
    ).get(pk=notice_id)
    parent = notice.parent or notice.status_change.application.owner
    now = timezone.now()
    by_email = _send_email(notice, parent, now)
    by_sms = _send_sms(notice, parent, now)
    return by_email and by_sms


def _retry_at(attempts: int, now):
    delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
    return now + datetime.timedelta(minutes=delay)


def _send_email(notice: Notice, parent, now) -> bool:
    if notice.sent_at:
        return True
    if notice.next_attempt_at > now:
        return False
    if not parent.notices_by_email:
        # The parent has no address, or chose SMS only: the status page (and SMS) tell them.
        notice.sent_at = now
        notice.last_error = "Not sent by email: the account has no address or chose SMS only."
        notice.save(update_fields=["sent_at", "last_error"])
        return True
    try:
        _message_for(notice).send()
    except Exception as error:  # whatever the mail server does, the move stands
        logger.exception("Could not send the status notice %s", notice.pk)
        notice.attempts += 1
        notice.last_error = f"{type(error).__name__}: {error}"[:300]
        notice.next_attempt_at = _retry_at(notice.attempts, now)
        notice.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        return False
    notice.attempts += 1
    notice.sent_at = timezone.now()
    notice.save(update_fields=["attempts", "sent_at"])
    return True


def _send_sms(notice: Notice, parent, now) -> bool:
    if notice.sms_sent_at or notice.sms_next_attempt_at is None:
        return True
    if notice.sms_next_attempt_at > now:
        return False
    if not parent.notices_by_sms:
        notice.sms_next_attempt_at = None
        notice.sms_last_error = (
            "Not sent by SMS: no confirmed number, or the parent chose email only."
        )
        notice.save(update_fields=["sms_next_attempt_at", "sms_last_error"])
        return True
    try:
        sms.send_sms(_sms_of(notice, parent))
    except sms.SmsError as error:
        logger.warning("Could not send the status notice %s by SMS: %s", notice.pk, error.code)
        notice.sms_attempts += 1
        notice.sms_last_error = f"{type(error).__name__}: {error.code or error}"[:300]
        # A number that cannot receive messages, or a template to fix, is not tried again.
        notice.sms_next_attempt_at = (
            _retry_at(notice.sms_attempts, now) if error.retryable else None
        )
        notice.save(update_fields=["sms_attempts", "sms_last_error", "sms_next_attempt_at"])
        return not error.retryable
    notice.sms_attempts += 1
    notice.sms_sent_at = timezone.now()
    notice.save(update_fields=["sms_attempts", "sms_sent_at"])
    return True


def send_due_notices() -> tuple[int, int]:
    """Send every unsent notice whose time has come; (sent, still failing)."""
    now = timezone.now()
    due = Notice.objects.filter(
        Q(sent_at__isnull=True, next_attempt_at__lte=now)
        | Q(sms_sent_at__isnull=True, sms_next_attempt_at__lte=now)
    )
    results = [send_notice(pk) for pk in due.values_list("pk", flat=True)]
    return results.count(True), results.count(False)


# Providers refuse a template variable longer than this (Alibaba Cloud: 35 characters for a
# notice's variables), and the whole text must stay within a segment.
SMS_VARIABLE_CHARACTERS = 35
# The moves a family must act on, or waits for, and the SMS telling them (templates/sms/).
SMS_KINDS = {
    Status.RETURNED: "status_returned",
    Status.VERIFIED: "status_verified",
    Status.PAID: "status_paid",
    Status.SENT_TO_CARD_CENTRE: "status_sent_to_card_centre",
    Status.CARD_ISSUED: "status_card_issued",
}


# The cover year's moves that reach the phone: a year lapsed unpaid.
COVER_YEAR_SMS_KINDS = {CoverYear.Status.LAPSED: "cover_lapsed"}


def _sms_of(notice: Notice, parent) -> sms.SmsMessage:
    if notice.cover_year_change is not None:
        return cover_year_sms_for(notice.cover_year_change, parent)
    return sms_for(notice.status_change, parent)


def _short(text: str, room: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= room else text[: room - 1] + "…"


def sms_for(change: StatusChange, parent) -> sms.SmsMessage:
    """The SMS of a move: short, in the parent's language, never an ID number; the status
    page has the rest."""
    application = change.application
    params = {"reference": application.reference_number}
    years = selectors.payment_years(application)
    with translation.override(parent.language):
        if change.to_status == Status.RETURNED:
            params["note"] = "…"  # measured below, then replaced by the note
        elif change.to_status == Status.VERIFIED:
            params["fee"] = f"{sum(year.amount_due for year in years):.0f}"
            params["deadline"] = min(year.pay_by for year in years).isoformat() if years else ""
        elif change.to_status == Status.PAID:
            starts = [year.cover_starts for year in years if year.cover_starts]
            params["cover_from"] = min(starts).isoformat() if starts else ""
        elif change.to_status == Status.CARD_ISSUED:
            params["place"] = _short(application.card_collected_at, 20)
    message = sms.SmsMessage(
        to=parent.phone,
        kind=SMS_KINDS[Status(change.to_status)],
        params={name: _short(value, SMS_VARIABLE_CHARACTERS) for name, value in params.items()},
        language=parent.language,
    )
    if change.to_status == Status.RETURNED:
        # What to change takes the room the rest of the text leaves in one segment.
        room = sms.SEGMENT_CHARACTERS - len(message.text()) + len(message.params["note"])
        message.params["note"] = _short(change.note, max(min(room, SMS_VARIABLE_CHARACTERS), 8))
    return message


def cover_year_sms_for(change: CoverYearChange, parent) -> sms.SmsMessage:
    """The SMS of a year lapsed unpaid: which child and year, the deadline missed; the
    child's record says when cover would start if paid now."""
    cover_year = change.cover_year
    params = {
        "child": _short(cover_year.child.full_name, 10),
        "year": str(cover_year.year),
        "deadline": cover_year.pay_by.isoformat(),
    }
    return sms.SmsMessage(
        to=parent.phone,
        kind=COVER_YEAR_SMS_KINDS[CoverYear.Status(change.to_status)],
        params=params,
        language=parent.language,
    )


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

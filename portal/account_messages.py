"""The limits on what the account pages send (codes by SMS, links by email), and their log.

Forms that send something to a number or an address are the known way to flood someone's phone
or inbox ("SMS bombing") and to run up the provider's bill. Every send, failure and refusal is
an AccountMessage row; the limits count those rows:
- per recipient: codes to a number as SMS_CODE_LIMITS_PER_NUMBER says; one account email to an
  address per ACCOUNT_EMAIL_INTERVAL (portal.accounts);
- per browser session and per client address: beyond a few in an hour, each further one needs
  the human check (portal.human_check); beyond ACCOUNT_MESSAGES_PER_ADDRESS_PER_DAY, nothing.
A number or address is counted by a keyed hash and shown masked; no code is ever stored here.
"""

import dataclasses
import datetime
import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AccountMessage
from .security import client_ip

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Requester:
    """Who asked, as the limits count them: the client's address (behind the trusted proxies)
    and a hash of the browser session's key."""

    client_ip: str | None
    session_ref: str

    @classmethod
    def of(cls, request) -> "Requester":
        if not request.session.session_key:
            request.session.save()  # a visitor without a session gets one to be counted by
        session_ref = hashlib.sha256(request.session.session_key.encode()).hexdigest()
        return cls(client_ip=client_ip(request) or None, session_ref=session_ref)


def recipient_key(recipient: str) -> str:
    return salted_hmac("portal.account_messages", recipient, algorithm="sha256").hexdigest()


def _asked_since(since: datetime.datetime):
    """Messages the portal tried to send since then (not those a limit held back)."""
    return AccountMessage.objects.filter(created_at__gte=since).exclude(
        outcome=AccountMessage.Outcome.HELD
    )


def needs_human_check(requester: Requester) -> bool:
    """True once this session or this address asked for more than its share in the last hour."""
    recent = _asked_since(timezone.now() - HOUR)
    if (
        recent.filter(session_ref=requester.session_ref).count()
        >= settings.ACCOUNT_MESSAGES_BEFORE_CHECK_PER_SESSION
    ):
        return True
    return bool(requester.client_ip) and (
        recent.filter(client_ip=requester.client_ip).count()
        >= settings.ACCOUNT_MESSAGES_BEFORE_CHECK_PER_ADDRESS
    )


def address_exhausted(requester: Requester) -> bool:
    """True once the client's address asked for the day's most, human check or not."""
    if not requester.client_ip:
        return False
    return (
        _asked_since(timezone.now() - DAY).filter(client_ip=requester.client_ip).count()
        >= settings.ACCOUNT_MESSAGES_PER_ADDRESS_PER_DAY
    )


def recipient_free_at(recipient: str, limits) -> datetime.datetime | None:
    """When the next message may go to the recipient under `limits` ((seconds, at most), ...),
    counting what was sent; None when it may go now."""
    now = timezone.now()
    longest = max(seconds for seconds, _ in limits)
    sent_times = list(
        AccountMessage.objects.filter(
            recipient_key=recipient_key(recipient),
            outcome=AccountMessage.Outcome.SENT,
            created_at__gt=now - datetime.timedelta(seconds=longest),
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    free_at = None
    for seconds, most in limits:
        window = [time for time in sent_times if time > now - datetime.timedelta(seconds=seconds)]
        if len(window) >= most:
            candidate = window[most - 1] + datetime.timedelta(seconds=seconds)
            free_at = max(free_at, candidate) if free_at else candidate
    return free_at


def record(
    *,
    channel: str,
    kind: str,
    recipient: str,
    masked: str,
    requester: Requester | None,
    outcome: str,
    error: str = "",
) -> AccountMessage:
    return AccountMessage.objects.create(
        channel=channel,
        kind=kind,
        recipient_key=recipient_key(recipient),
        recipient_masked=masked,
        client_ip=requester.client_ip if requester else None,
        session_ref=requester.session_ref if requester else "",
        outcome=outcome,
        error=error[:300],
    )

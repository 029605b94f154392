"""One-time codes sent by SMS: signing in (or up) with a mobile number, and confirming a new
number for an account.

A code is 6 random digits, valid PHONE_CODE_VALID_MINUTES, good for PHONE_CODE_TRIES guesses and
used once; only a keyed hash of it is stored, and a new code for the number replaces the last.
PHONE_CODE_LOCKOUT_WRONG wrong codes in a row lock the number for PHONE_CODE_LOCKOUT_MINUTES.
Sending is limited per number, per session and per client address (portal.account_messages).

Nothing here looks up whether the number has an account before the right code is typed: the
pages answer the same, in the same time, for a number with an account and one without.
"""

import dataclasses
import datetime
import enum
import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from . import account_messages, sms
from .models import AccountMessage, PhoneCode, User
from .phone_numbers import masked_phone_number

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
SMS_KINDS = {
    PhoneCode.Purpose.SIGN_IN: AccountMessage.Kind.SIGN_IN_CODE,
    PhoneCode.Purpose.CHANGE_NUMBER: AccountMessage.Kind.CHANGE_NUMBER_CODE,
}


class Sending(enum.Enum):
    SENT = "sent"
    WAIT = "wait"  # the number had its share of codes; retry_at says when the next may go
    LOCKED = "locked"  # too many wrong codes for the number; retry_at says until when
    ADDRESS_LIMIT = "address_limit"  # the client's address had the day's share
    INVALID_NUMBER = "invalid_number"  # the provider says the number cannot receive messages
    FAILED = "failed"  # the provider did not take it; the parent may ask again


@dataclasses.dataclass(frozen=True)
class CodeSending:
    outcome: Sending
    retry_at: datetime.datetime | None = None


class Checking(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"  # tries_left says how many guesses this code has left
    USED_UP = "used_up"  # that was the code's last guess: ask for a new code
    NO_CODE = "no_code"  # none sent, expired, already used, or for another purpose
    LOCKED = "locked"


@dataclasses.dataclass(frozen=True)
class CodeCheck:
    outcome: Checking
    tries_left: int = 0
    retry_at: datetime.datetime | None = None


def _hash(phone: str, purpose: str, code: str) -> str:
    return salted_hmac(
        "portal.phone_codes", f"{phone}:{purpose}:{code}", algorithm="sha256"
    ).hexdigest()


def _locked_row(phone: str, purpose: str) -> PhoneCode:
    try:
        with transaction.atomic():
            row, _ = PhoneCode.objects.select_for_update().get_or_create(
                phone=phone, defaults={"purpose": purpose}
            )
    except IntegrityError:  # made at the same moment by another request
        row = PhoneCode.objects.select_for_update().get(phone=phone)
    return row


def send_code(
    *,
    phone: str,
    purpose: str,
    requester: account_messages.Requester,
    language: str,
    user: User | None = None,
) -> CodeSending:
    """Send a new code to the number, unless a limit or the lockout holds it back. `user` is
    the account a new number is being confirmed for (purpose CHANGE_NUMBER)."""
    kind = SMS_KINDS[purpose]
    masked = masked_phone_number(phone)

    def held(outcome: Sending, retry_at=None) -> CodeSending:
        account_messages.record(
            channel=AccountMessage.Channel.SMS,
            kind=kind,
            recipient=phone,
            masked=masked,
            requester=requester,
            outcome=AccountMessage.Outcome.HELD,
            error=outcome.value,
        )
        return CodeSending(outcome, retry_at)

    with transaction.atomic():
        row = _locked_row(phone, purpose)
        now = timezone.now()
        if row.locked_until and row.locked_until > now:
            return held(Sending.LOCKED, row.locked_until)
        if account_messages.address_exhausted(requester):
            return held(Sending.ADDRESS_LIMIT)
        free_at = account_messages.recipient_free_at(phone, settings.SMS_CODE_LIMITS_PER_NUMBER)
        if free_at:
            return held(Sending.WAIT, free_at)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row.purpose = purpose
        row.user = user
        row.code_hash = _hash(phone, purpose, code)
        row.expires_at = now + datetime.timedelta(minutes=settings.PHONE_CODE_VALID_MINUTES)
        row.tries = 0
        row.save()
        # Counted at once, so that a second request for the number waits behind this one.
        logged = account_messages.record(
            channel=AccountMessage.Channel.SMS,
            kind=kind,
            recipient=phone,
            masked=masked,
            requester=requester,
            outcome=AccountMessage.Outcome.SENT,
        )
    message = sms.SmsMessage(
        to=phone,
        kind=kind,
        params={"code": code, "minutes": str(settings.PHONE_CODE_VALID_MINUTES)},
        language=language,
    )
    try:
        sms.send_sms(message)
    except sms.SmsError as error:
        logger.warning("Could not send a %s to %s: %s", kind, masked, error.code or error)
        PhoneCode.objects.filter(pk=row.pk, code_hash=row.code_hash).update(code_hash="")
        AccountMessage.objects.filter(pk=logged.pk).update(
            outcome=AccountMessage.Outcome.FAILED,
            error=f"{type(error).__name__}: {error.code or error}"[:300],
        )
        if isinstance(error, sms.SmsInvalidNumber):
            return CodeSending(Sending.INVALID_NUMBER)
        return CodeSending(Sending.FAILED)
    return CodeSending(Sending.SENT)


@transaction.atomic
def check_code(*, phone: str, code: str, purpose: str, user: User | None = None) -> CodeCheck:
    """Check a typed code. Right: it is used up. Wrong: one of its tries is gone, and the
    number is locked after PHONE_CODE_LOCKOUT_WRONG wrong codes in a row."""
    row = PhoneCode.objects.select_for_update().filter(phone=phone).first()
    now = timezone.now()
    if row is None:
        return CodeCheck(Checking.NO_CODE)
    if row.locked_until and row.locked_until > now:
        return CodeCheck(Checking.LOCKED, retry_at=row.locked_until)
    if (
        not row.code_hash
        or row.expires_at <= now
        or row.purpose != purpose
        or (user is not None and row.user_id != user.pk)
    ):
        return CodeCheck(Checking.NO_CODE)
    if constant_time_compare(_hash(phone, purpose, code), row.code_hash):
        row.code_hash = ""
        row.wrong_in_a_row = 0
        row.save(update_fields=["code_hash", "wrong_in_a_row"])
        return CodeCheck(Checking.RIGHT)
    row.tries += 1
    row.wrong_in_a_row += 1
    if row.wrong_in_a_row >= settings.PHONE_CODE_LOCKOUT_WRONG:
        row.code_hash = ""
        row.wrong_in_a_row = 0
        row.locked_until = now + datetime.timedelta(minutes=settings.PHONE_CODE_LOCKOUT_MINUTES)
        row.save()
        logger.warning("Too many wrong codes for %s: locked", masked_phone_number(phone))
        return CodeCheck(Checking.LOCKED, retry_at=row.locked_until)
    if row.tries >= settings.PHONE_CODE_TRIES:
        row.code_hash = ""
        row.save()
        return CodeCheck(Checking.USED_UP)
    row.save()
    return CodeCheck(Checking.WRONG, tries_left=settings.PHONE_CODE_TRIES - row.tries)


@transaction.atomic
def account_for_number(*, phone: str, language: str) -> tuple[User, bool]:
    """The account of a number whose code was just typed right, made now if it has none (the
    code confirms the number, so the account may submit at once). True when it is new."""
    now = timezone.now()
    user = User.objects.select_for_update().filter(phone=phone).first()
    if user is None:
        user = User(phone=phone, phone_confirmed_at=now, language=language)
        user.set_unusable_password()
        user.save()
        return user, True
    if user.phone_confirmed_at is None:
        user.phone_confirmed_at = now
        user.save(update_fields=["phone_confirmed_at"])
    return user, False

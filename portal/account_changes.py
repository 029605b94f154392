"""Changes a parent makes to their own account: its mobile number and its email address.

Each change is confirmed by the new number's code or the new address's link, and the old
number or address is told, so that someone who got into the account cannot quietly make it
theirs.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import account_messages, accounts, sms
from .models import AccountMessage, User, normalize_email_address
from .phone_numbers import masked_phone_number

logger = logging.getLogger(__name__)


@transaction.atomic
def change_number(*, user: User, phone: str) -> bool:
    """Give the account the number whose code its owner just typed. False when the number
    has an account of its own (its owner, who proved it, may be told so)."""
    if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
        return False
    locked = User.objects.select_for_update().get(pk=user.pk)
    old_phone = locked.phone
    locked.phone = phone
    locked.phone_confirmed_at = timezone.now()
    locked.save(update_fields=["phone", "phone_confirmed_at"])
    user.phone, user.phone_confirmed_at = locked.phone, locked.phone_confirmed_at
    if old_phone and old_phone != phone:
        transaction.on_commit(lambda: _tell_old_number(old_phone, phone, locked.language))
    return True


def _tell_old_number(old_phone: str, new_phone: str, language: str) -> None:
    message = sms.SmsMessage(
        to=old_phone,
        kind=AccountMessage.Kind.NUMBER_CHANGED,
        params={"number": masked_phone_number(new_phone)},
        language=language,
    )
    outcome, error = AccountMessage.Outcome.SENT, ""
    try:
        sms.send_sms(message)
    except sms.SmsError as failure:
        logger.warning(
            "Could not tell %s of its account's new number", masked_phone_number(old_phone)
        )
        outcome, error = (
            AccountMessage.Outcome.FAILED,
            f"{type(failure).__name__}: {failure.code or failure}",
        )
    account_messages.record(
        channel=AccountMessage.Channel.SMS,
        kind=AccountMessage.Kind.NUMBER_CHANGED,
        recipient=old_phone,
        masked=masked_phone_number(old_phone),
        requester=None,
        outcome=outcome,
        error=error,
    )


def change_email(*, user: User, email: str, requester) -> None:
    """Give the account a new address, unconfirmed until its owner follows the link sent to
    it; the old address, if confirmed, is told. An address with an account of its own is left
    as it is, and its owner gets the "already has an account" email instead: the page says the
    same either way."""
    email = normalize_email_address(email)
    if email == user.email:
        if not user.email_confirmed:
            accounts.send_confirmation_link(user=user, requester=requester)
        return
    owner = User.objects.filter(email=email).first()
    if owner is not None:
        accounts.send_already_registered(user=owner, requester=requester)
        return
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old_email = locked.email if locked.email_confirmed else None
        locked.email = email
        locked.email_confirmed_at = None
        try:
            with transaction.atomic():
                locked.save(update_fields=["email", "email_confirmed_at"])
        except IntegrityError:  # taken a moment ago by another account
            return
    user.email, user.email_confirmed_at = locked.email, None
    accounts.send_confirmation_link(user=user, requester=requester)
    if old_email:
        accounts.send_address_changed(user=user, old_email=old_email, requester=requester)

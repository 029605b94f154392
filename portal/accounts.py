"""Parent accounts: sign-up without telling who has an account, and the emailed confirmation of
the address.

Sign-up answers every address the same way, on the page and in the time it takes: a new address
gets an account and a link to confirm it; an address that already has an account gets an email
saying so. An account may start applications at once but submits one only once its address is
confirmed (enrollment.applications.services.application_submit), so an address typed by mistake, or someone
else's, cannot be used to apply in its owner's name.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import account_messages
from .models import AccountMessage, User, normalize_email_address

logger = logging.getLogger(__name__)

# At most one account email (confirmation link, "you already have an account", staff welcome)
# to an address in this time: sign-up must not become a way to flood someone's inbox.
ACCOUNT_EMAIL_INTERVAL = datetime.timedelta(minutes=5)


def link_valid_days() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24)


def email_interval_minutes() -> int:
    return int(ACCOUNT_EMAIL_INTERVAL.total_seconds() // 60)


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Links that confirm an address: valid for PASSWORD_RESET_TIMEOUT, once (confirming changes
    the hash), and only for the address they were sent to."""

    key_salt = "portal.accounts.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_confirmed_at}{timestamp}"


email_confirmation_tokens = EmailConfirmationTokenGenerator()


def account_sign_up(
    *, email: str, password: str, language: str, requester: account_messages.Requester | None
) -> None:
    """Make a parent account and send the link to confirm its address; or, when the address
    already has an account, tell its owner by email. The caller cannot tell which happened."""
    email = normalize_email_address(email)
    user = User(email=email, language=language)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.full_clean(exclude=["password"], validate_unique=False)
            user.save()
    except IntegrityError:
        # The address has an account (perhaps made a moment ago, by a second click).
        send_already_registered(user=User.objects.get(email=email), requester=requester)
    else:
        send_confirmation_link(user=user, requester=requester)


def send_already_registered(*, user: User, requester: account_messages.Requester | None) -> bool:
    """Tell an address's owner that someone tried to use it for another account (and how to
    reset the password, if it was them)."""
    return _send_account_email(
        user,
        template="registration/email/already_registered",
        link=reverse("password_reset"),
        kind=AccountMessage.Kind.ALREADY_REGISTERED,
        requester=requester,
    )


def send_address_changed(
    *, user: User, old_email: str, requester: account_messages.Requester | None
) -> bool:
    """Tell the account's former address that the account now uses another: someone who got
    into the account cannot quietly make it theirs. Sent whatever the limits (the owner asked
    for the change, and the new address's link went with it)."""
    return _send_account_email(
        user,
        template="registration/email/address_changed",
        link=reverse("login"),
        kind=AccountMessage.Kind.ADDRESS_CHANGED,
        requester=requester,
        to=old_email,
        force=True,
    )


def send_confirmation_link(
    *, user: User, requester: account_messages.Requester | None = None
) -> bool:
    """Email the link that confirms the account's address. False when one was sent too recently
    (the earlier link still works) or the address is confirmed already."""
    if user.email_confirmed:
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_confirmation_tokens.make_token(user)
    return _send_account_email(
        user,
        template="registration/email/confirm_address",
        link=reverse("confirm_email", args=[uid, token]),
        kind=AccountMessage.Kind.CONFIRM_ADDRESS,
        requester=requester,
    )


def send_staff_welcome(*, user: User) -> bool:
    """Email a new member of staff the link to choose their own password: whoever made the
    account never knows it."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _send_account_email(
        user,
        template="registration/email/staff_welcome",
        link=reverse("admin_password_reset_confirm", args=[uid, token]),
        kind=AccountMessage.Kind.STAFF_WELCOME,
        requester=None,
        force=True,
    )


@transaction.atomic
def email_confirm(*, user: User) -> User:
    """Record that the account's owner followed the link sent to its address."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.email_confirmed_at is None:
        locked.email_confirmed_at = timezone.now()
        locked.save(update_fields=["email_confirmed_at"])
    user.email_confirmed_at = locked.email_confirmed_at
    return user


def _send_account_email(
    user: User,
    *,
    template: str,
    link: str,
    kind: str,
    requester: account_messages.Requester | None,
    to: str | None = None,
    force: bool = False,
) -> bool:
    """Send one of the account emails in the account's language (to its address, unless `to`
    names another), unless another went to the address within ACCOUNT_EMAIL_INTERVAL."""
    context = {
        "user": user,
        "new_email": masked_email_address(user.email),
        "link": settings.PORTAL_BASE_URL.rstrip("/") + link,
        "admin_link": settings.PORTAL_BASE_URL.rstrip("/") + reverse("admin:index"),
        "valid_days": link_valid_days(),
    }
    with translation.override(user.language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[to or user.email])
    return send_limited_account_email(user, message, kind=kind, requester=requester, force=force)


def send_limited_account_email(
    user: User,
    message: EmailMultiAlternatives,
    *,
    kind: str,
    requester: account_messages.Requester | None,
    force: bool = False,
) -> bool:
    """Send an account email (a link, a notice) unless a limit holds it back: another went to
    the address within ACCOUNT_EMAIL_INTERVAL, or the requester's address had the day's share
    (portal.account_messages). `force`: staff sent it (a welcome), no limit. Each outcome is
    logged. A mail server that refuses it is logged too, and the address may be sent another
    at once (the parent asks again from the portal)."""
    now = timezone.now()
    previous = user.account_email_sent_at

    recipient = message.to[0]

    def log(outcome, error=""):
        account_messages.record(
            channel=AccountMessage.Channel.EMAIL,
            kind=kind,
            recipient=recipient,
            masked=masked_email_address(recipient),
            requester=requester,
            outcome=outcome,
            error=error,
        )

    sent = User.objects.filter(pk=user.pk)
    if not force:
        if requester and account_messages.address_exhausted(requester):
            log(AccountMessage.Outcome.HELD, "address_limit")
            return False
        sent = sent.exclude(account_email_sent_at__gt=now - ACCOUNT_EMAIL_INTERVAL)
    if not sent.update(account_email_sent_at=now):
        log(AccountMessage.Outcome.HELD, "recipient_limit")
        return False
    try:
        message.send()
    except Exception as error:  # any mail failure: the account stands, the parent can ask again
        logger.exception("Could not send %s to account %s", kind, user.pk)
        User.objects.filter(pk=user.pk).update(account_email_sent_at=previous)
        log(AccountMessage.Outcome.FAILED, f"{type(error).__name__}: {error}")
        return False
    log(AccountMessage.Outcome.SENT)
    user.account_email_sent_at = now
    return True


def masked_email_address(email: str) -> str:
    """ "parent@example.com" -> "p****@example.com", for staff reading the log."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}****@{domain}" if domain else "****"

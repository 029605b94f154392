from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .phone_numbers import masked_phone_number, parse_mainland_mobile


def normalize_email_address(email: str) -> str:
    """The one form an address is stored and looked up in: trimmed and lower-cased whole.

    The local part is case-sensitive in theory only; people type their address with capitals
    one day and without the next, and must reach the same account (sign-in, admin sign-in,
    password reset, sign-up, the lockout count).
    """
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    """Users sign in with their mobile number and a code, or with their email address and a
    password; there is no separate user name. Staff always have an email address."""

    use_in_migrations = True

    def get_by_natural_key(self, email):
        """Sign-in (parents' and admin's) finds the account whatever the case typed."""
        return self.get(email=normalize_email_address(email))

    def _create_user(self, email, password, **extra_fields):
        if not email and not extra_fields.get("phone"):
            raise ValueError("An email address or a mobile number is required")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A parent or guardian using the public site, or a member of staff using the admin."""

    class NotifyBy(models.TextChoices):
        SMS_AND_EMAIL = "sms_and_email", _("Text message and email")
        SMS = "sms", _("Text message only")
        EMAIL = "email", _("Email only")

    username = None
    # Empty (NULL) for a parent who signed up with a mobile number only: NULLs are not
    # duplicates of each other, so the column stays unique.
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("mobile number"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stored as +86 and 11 digits; confirmed by a code sent to it."),
    )
    phone_confirmed_at = models.DateTimeField(_("mobile number confirmed"), null=True, blank=True)
    notify_by = models.CharField(
        _("notices by"), max_length=20, choices=NotifyBy.choices, default=NotifyBy.SMS_AND_EMAIL
    )
    language = models.CharField(
        _("language for emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_confirmed_at = models.DateTimeField(_("email address confirmed"), null=True, blank=True)
    account_email_sent_at = models.DateTimeField(
        _("last account email sent"),
        null=True,
        blank=True,
        help_text=_("Confirmation links and account notices are sent at most every few minutes."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email or masked_phone_number(self.phone)

    def clean(self):
        super().clean()
        self.email = normalize_email_address(self.email) or None
        if self.phone:
            phone = parse_mainland_mobile(self.phone)
            if phone is None:
                raise ValidationError(
                    {
                        "phone": _(
                            "Enter a mainland China mobile number of 11 digits, like 138 0013 8000"
                        )
                    }
                )
            self.phone = phone

    def save(self, *args, **kwargs):
        # Empty answers are stored as NULL, which the unique columns allow many times.
        self.email = normalize_email_address(self.email) or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)

    @property
    def email_confirmed(self) -> bool:
        return bool(self.email) and self.email_confirmed_at is not None

    @property
    def phone_confirmed(self) -> bool:
        return bool(self.phone) and self.phone_confirmed_at is not None

    @property
    def notices_by_sms(self) -> bool:
        return self.phone_confirmed and self.notify_by != self.NotifyBy.EMAIL

    @property
    def notices_by_email(self) -> bool:
        return bool(self.email) and self.notify_by != self.NotifyBy.SMS

    @property
    def misses_notices(self) -> bool:
        """Neither of the chosen ways reaches the parent: no confirmed number for SMS and no
        address for email."""
        return not (self.notices_by_sms or self.notices_by_email)

    @property
    def contact_confirmed(self) -> bool:
        """The account's owner proved they read its address or its phone's messages: only then
        may it submit applications (a mistyped or stranger's address cannot apply)."""
        return self.email_confirmed or self.phone_confirmed


class PhoneCode(models.Model):
    """The one-time code that works for a mobile number now (a new code replaces it), stored as
    a keyed hash, and the wrong guesses that lock the number for a while (portal.phone_codes)."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("sign in or create an account")
        CHANGE_NUMBER = "change_number", _("change the account's mobile number")

    phone = models.CharField(_("mobile number"), max_length=16, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # For a change of number: the account the number is being added to.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True)
    tries = models.PositiveSmallIntegerField(default=0)
    wrong_in_a_row = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self):
        return masked_phone_number(self.phone)


class AccountMessage(models.Model):
    """Each code or account email the account pages sent, failed to send or held back by a
    limit: the limits count these rows, and staff read them. Never the code, never the whole
    number or address: a keyed hash counts them, a masked form shows them."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("email")

    class Outcome(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        HELD = "held", _("held back by a limit")

    class Kind(models.TextChoices):
        SIGN_IN_CODE = "sign_in_code", _("sign-in code")
        CHANGE_NUMBER_CODE = "change_number_code", _("code to confirm a new number")
        NUMBER_CHANGED = "number_changed", _("notice of a changed number")
        ADDRESS_CHANGED = "address_changed", _("notice of a changed address")
        PASSWORD_RESET = "password_reset", _("password reset link")
        CONFIRM_ADDRESS = "confirm_address", _("link to confirm an address")
        ALREADY_REGISTERED = "already_registered", _("notice of an existing account")
        STAFF_WELCOME = "staff_welcome", _("staff welcome")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("message"), max_length=40, choices=Kind.choices)
    recipient_key = models.CharField(max_length=64, db_index=True)
    recipient_masked = models.CharField(_("to"), max_length=80)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # A hash of the browser session's key (the key itself would let a reader take the session).
    session_ref = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("account message")
        verbose_name_plural = _("account messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient_key", "created_at"]),
            models.Index(fields=["client_ip", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient_masked}"

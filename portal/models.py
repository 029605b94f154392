from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalize_email_address(email: str) -> str:
    """The one form an address is stored and looked up in: trimmed and lower-cased whole.

    The local part is case-sensitive in theory only; people type their address with capitals
    one day and without the next, and must reach the same account (sign-in, admin sign-in,
    password reset, sign-up, the lockout count).
    """
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no separate user name."""

    use_in_migrations = True

    def get_by_natural_key(self, email):
        """Sign-in (parents' and admin's) finds the account whatever the case typed."""
        return self.get(email=normalize_email_address(email))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
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

    username = None
    email = models.EmailField(_("email address"), unique=True)
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
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email_address(self.email)

    def save(self, *args, **kwargs):
        self.email = normalize_email_address(self.email)
        super().save(*args, **kwargs)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

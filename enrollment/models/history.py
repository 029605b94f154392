"""What happened to an application: its moves, the notices they send, who opened it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..applications import statuses
from .applications import Application


class StatusChange(models.Model):
    """One move in the life of an application: who made it, when, and why."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("application"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Application.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Application.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # On a return: the answers and documents as the office saw them (resubmission.snapshot),
    # so that the resubmitted application shows what the parent changed.
    answers_at_return = models.JSONField(_("answers when returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "id"]
        # The dashboard's time from submission to card: the cards issued in the last year.
        indexes = [models.Index(fields=["to_status", "changed_at"], name="status_change_moves")]

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"

    @property
    def note_label(self):
        """What the parent reads before the note in the history ("The office asked:")."""
        return statuses.facts(self.to_status).history_note_label


class Notice(models.Model):
    """The email telling a parent about one move of an application or of a cover year, kept
    until the mail server has taken it.

    Written in the move's own transaction, so a notice is never lost: if sending fails (the mail
    server is down), `manage.py send_notices` tries again later.
    """

    status_change = models.OneToOneField(
        StatusChange,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notice",
        verbose_name=_("status change"),
    )
    cover_year_change = models.OneToOneField(
        "CoverYearChange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notice",
        verbose_name=_("cover year change"),
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
        help_text=_(
            "The account told of a cover year's change (an application's owner is told "
            "of its moves)."
        ),
    )
    # By email:
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    # By SMS, for the moves a family must act on or waits for (enrollment.notices.SMS_KINDS);
    # no next attempt: nothing (more) to send by SMS.
    sms_sent_at = models.DateTimeField(_("SMS sent"), null=True, blank=True)
    sms_attempts = models.PositiveSmallIntegerField(_("SMS attempts"), default=0)
    sms_next_attempt_at = models.DateTimeField(_("next SMS attempt"), null=True, blank=True)
    sms_last_error = models.CharField(_("last SMS error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notice_unsent_due",
            ),
            models.Index(
                fields=["sms_next_attempt_at"],
                condition=models.Q(sms_sent_at__isnull=True),
                name="notice_sms_unsent_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status_change__isnull=True)
                ^ models.Q(cover_year_change__isnull=True),
                name="notice_of_one_change",
            )
        ]

    def __str__(self):
        return f"{self.change} ({_('sent') if self.sent_at else _('not sent')})"

    @property
    def change(self):
        return self.status_change or self.cover_year_change


class AccessLog(models.Model):
    """Each time someone other than the parent opens an application or one of its files."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened the application")
        PRINTED = "printed", _("Opened a printable document")
        DOWNLOADED = "downloaded", _("Opened an uploaded file")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="access_log",
        verbose_name=_("application"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("which"), max_length=100, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["application", "-at"], name="access_log_recent")]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.application}"

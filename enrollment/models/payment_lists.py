"""The tax authority's payment lists, as imported."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offices import CommunityOffice


def payment_list_upload_to(payment_import, filename):
    """A random stored name: the list holds families' ID numbers and is never served."""
    return f"payment-imports/{uuid.uuid4().hex}.{payment_import.file_kind}"


class PaymentImport(models.Model):
    """A payment list from the tax authority, uploaded by staff: checked (previewed) first, then
    confirmed, when its matched rows are recorded. The stored file is read again at each step,
    so the record of imports shows what each list held and what it recorded."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, not recorded yet")
        CONFIRMED = "confirmed", _("Recorded")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    office = models.ForeignKey(
        CommunityOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_imports",
        verbose_name=_("community office"),
        help_text=_("Empty for a supervisor's import, matched against every office's children."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("payment list"), upload_to=payment_list_upload_to)
    file_kind = models.CharField(_("file type"), max_length=4)
    sha256 = models.CharField(_("file fingerprint (SHA-256)"), max_length=64, db_index=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("rows by outcome"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    confirmed_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_count = models.PositiveIntegerField(_("payments recorded"), default=0)

    class Meta:
        verbose_name = _("payment list import")
        verbose_name_plural = _("payment list imports")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["office", "-uploaded_at"], name="payment_import_office")]

    def __str__(self):
        return f"{self.original_name} ({timezone.localtime(self.uploaded_at):%Y-%m-%d %H:%M})"

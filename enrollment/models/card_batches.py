"""Batches of applications sent together to the card centre."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offices import CommunityOffice


class CardBatch(models.Model):
    """Paid applications of one office sent together to the card centre, which makes the social
    security cards from the batch's list and photos; marked issued when the cards arrive."""

    office = models.ForeignKey(
        CommunityOffice,
        on_delete=models.PROTECT,
        related_name="card_batches",
        verbose_name=_("community office"),
    )
    number = models.CharField(_("batch number"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    issued_at = models.DateTimeField(_("cards issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    application_count = models.PositiveIntegerField(_("applications"), default=0)

    class Meta:
        verbose_name = _("card batch")
        verbose_name_plural = _("card batches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["office", "-created_at"], name="card_batch_office")]

    def __str__(self):
        return self.number

"""Community offices, and the staff who review each office's applications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunityOffice(models.Model):
    """A neighbourhood community office whose social-security staff take applications."""

    # Kept in Chinese and English (enrollment/translation.py): name_zh_hans, name_en. The
    # Chinese name is unique (a constraint below); the English one is optional.
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(
        _("region"),
        max_length=100,
        help_text=_("The district or city whose fee schedule applies to this office."),
    )
    address = models.CharField(_("address"), max_length=300)
    opening_hours = models.TextField(_("opening hours"))
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("email"), blank=True)
    requires_birth_certificate = models.BooleanField(
        _("asks newborns for the birth medical certificate"), default=True
    )
    takes_newborns_by_birth_certificate = models.BooleanField(
        _("takes newborns by birth medical certificate number before household registration"),
        default=False,
        help_text=_(
            "A local choice. Since 2024 the National Healthcare Security Administration asks "
            "cities to let a newborn enroll with the birth medical certificate before the "
            "household registration is done (新生儿落地即参保). When ticked, parents of a child "
            "under 1 may give the certificate's number instead of the ID number; staff add the "
            "ID number once the child is registered."
        ),
    )
    is_active = models.BooleanField(_("takes applications"), default=True)
    waiting_limit_working_days = models.PositiveSmallIntegerField(
        _("working days an application may wait"),
        default=5,
        help_text=_(
            "The office's own commitment: the work queue highlights an application that has "
            "waited longer for the office's action. 5 is an example; set the office's figure."
        ),
    )

    class Meta:
        verbose_name = _("community office")
        verbose_name_plural = _("community offices")
        ordering = ["name"]
        constraints = [
            # name_zh_hans is added by django-modeltranslation (enrollment/translation.py).
            models.UniqueConstraint(fields=["name_zh_hans"], name="unique_office_chinese_name")
        ]

    def __str__(self):
        return self.name


class StaffMembership(models.Model):
    """Ties a member of staff to the one community office whose applications they review."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_membership",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        CommunityOffice,
        on_delete=models.PROTECT,
        related_name="staff_memberships",
        verbose_name=_("community office"),
    )

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self):
        return f"{self.user} – {self.office}"

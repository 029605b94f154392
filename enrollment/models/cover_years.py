"""The insured child's record: each cover year quoted, due, paid or lapsed, and its renewals."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import file_types, validators
from .applications import Application, Document, Guardian, Sex
from .fees import FeeSchedule, SubsidyCategory
from .offices import CommunityOffice


class InsuredChild(models.Model):
    """A child an office has registered: one per resident ID number, however many applications
    and parents' accounts speak of it. Its cover years are its record of contributions, which
    the Social Insurance Law (Article 4) entitles the family to see."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    id_number = models.CharField(_("resident ID number"), max_length=18, unique=True)
    full_name = models.CharField(_("full name"), max_length=50)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    office = models.ForeignKey(
        CommunityOffice,
        on_delete=models.PROTECT,
        related_name="insured_children",
        verbose_name=_("community office"),
        help_text=_("The office that keeps the child's record: the last to register the child."),
    )
    registered_on = models.DateField(_("first registered on"))

    class Meta:
        verbose_name = _("insured child")
        verbose_name_plural = _("insured children")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["office", "full_name"], name="insured_child_office")]

    def __str__(self):
        return self.full_name


class YearTerms(models.Model):
    """What one calendar year of cover costs and when its cover starts, as quoted: the terms a
    submitted application froze (QuotedYear) and those of a year on a child's record
    (CoverYear), which the office copies from them when it registers the child."""

    class Rule(models.TextChoices):
        """When the year's cover starts (enrollment.children.cover_years works out which applies)."""

        FROM_BIRTH = "from_birth", _("From the day of birth (newborn within 90 days)")
        FROM_JANUARY = "from_january", _("From 1 January")
        AFTER_PAYMENT = "after_payment", _("After payment, without a waiting period")
        WAITING = "waiting", _("After a waiting period")

    year = models.PositiveSmallIntegerField(_("year"))
    fee_schedule = models.ForeignKey(
        FeeSchedule, on_delete=models.PROTECT, related_name="+", verbose_name=_("fee schedule")
    )
    subsidy_category = models.ForeignKey(
        SubsidyCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subsidy group"),
    )
    contribution = models.DecimalField(
        _("individual contribution (yuan)"), max_digits=8, decimal_places=2
    )
    reduction = models.DecimalField(
        _("paid by the government (yuan)"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    missed_years_paid = models.PositiveSmallIntegerField(_("missed years paid for"), default=0)
    missed_years_amount = models.DecimalField(
        _("for missed years (yuan)"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    amount_due = models.DecimalField(_("amount due (yuan)"), max_digits=8, decimal_places=2)
    pay_by = models.DateField(_("pay by"))
    rule = models.CharField(_("cover starts"), max_length=20, choices=Rule.choices)
    waiting_months = models.PositiveSmallIntegerField(_("waiting months"), default=0)
    cover_starts = models.DateField(
        _("cover starts on"),
        null=True,
        blank=True,
        help_text=_("Empty until payment when the start depends on the day of payment."),
    )
    cover_ends = models.DateField(_("cover ends on"))

    TERMS = (
        "year",
        "fee_schedule",
        "subsidy_category",
        "contribution",
        "reduction",
        "missed_years_paid",
        "missed_years_amount",
        "amount_due",
        "pay_by",
        "rule",
        "waiting_months",
        "cover_starts",
        "cover_ends",
    )

    class Meta:
        abstract = True

    def terms(self) -> dict:
        """The terms as field values, to copy onto another year."""
        return {name: getattr(self, name) for name in self.TERMS}

    @property
    def gives_cover(self) -> bool:
        """Whether the year gives any cover within it (paid late, a waiting period that runs
        past 31 December gives none)."""
        return self.cover_starts is None or self.cover_starts <= self.cover_ends


class QuotedYear(YearTerms):
    """One year an application pays for, as quoted on the day the parent submitted it: what the
    status page, the printouts and the emails state, and what the office registers."""

    application = models.ForeignKey(
        "Application",
        on_delete=models.CASCADE,
        related_name="quoted_years",
        verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("year quoted")
        verbose_name_plural = _("years quoted")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year"], name="one_quoted_year_per_application"
            )
        ]

    def __str__(self):
        return f"{self.application} {self.year}"


class CoverYear(YearTerms):
    """One calendar year of a child's cover: what it costs, when it starts, and its payment."""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Paid by the government")
        LAPSED = "lapsed", _("Not paid: no cover")

    child = models.ForeignKey(
        InsuredChild,
        on_delete=models.CASCADE,
        related_name="cover_years",
        verbose_name=_("child"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cover_years",
        verbose_name=_("application"),
        help_text=_("The application that made the year due."),
    )
    subsidy_proof = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proof of the subsidy group"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(
        _("paid on"),
        null=True,
        blank=True,
        help_text=_("The day the tax authority received the money, which decides the cover."),
    )
    paid_after_deadline = models.BooleanField(
        _("paid after the deadline"),
        default=False,
        help_text=_(
            "Paid after the year's deadline: cover starts as the rules for late payers say."
        ),
    )
    quoted_cover_starts = models.DateField(
        _("cover start quoted"),
        null=True,
        blank=True,
        help_text=_("When cover would have started had the year been paid by its deadline."),
    )
    ticket_number = models.CharField(_("receipt or ticket number"), max_length=40, blank=True)
    payment_channel = models.CharField(
        _("paid through"), max_length=20, choices=Application.PaymentChannel.choices, blank=True
    )
    recorded_at = models.DateTimeField(_("payment recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )

    class Meta:
        verbose_name = _("cover year")
        verbose_name_plural = _("cover years")
        ordering = ["child", "year"]
        constraints = [
            models.UniqueConstraint(fields=["child", "year"], name="one_cover_year_per_child")
        ]
        indexes = [models.Index(fields=["year", "status"], name="cover_year_status")]

    def __str__(self):
        return f"{self.child} {self.year}"

    @property
    def late_summary(self) -> str:
        """A late payment in one sentence, for staff and history notes: "Paid 2027-01-20, after
        the deadline of 2026-12-31: cover from 2027-04-20, not 2027-01-01." Of a paid year, or
        of a due one as a payment would leave it (contributions.as_if_paid)."""
        values = {
            "paid_on": self.paid_on.isoformat(),
            "deadline": self.pay_by.isoformat(),
            "starts": self.cover_starts.isoformat(),
            "ends": self.cover_ends.isoformat(),
        }
        if not self.gives_cover:
            return (
                _(
                    "Paid %(paid_on)s, after the deadline of %(deadline)s: no cover in the year, as "
                    "cover would start on %(starts)s, after it ends on %(ends)s."
                )
                % values
            )
        if self.quoted_cover_starts and self.quoted_cover_starts != self.cover_starts:
            return _(
                "Paid %(paid_on)s, after the deadline of %(deadline)s: cover from %(starts)s, "
                "not %(quoted)s."
            ) % {**values, "quoted": self.quoted_cover_starts.isoformat()}
        return _("Paid %(paid_on)s, after the deadline of %(deadline)s: cover from %(starts)s.") % (
            values
        )


class CoverYearChange(models.Model):
    """One move of a cover year (made due, paid, lapsed): who made it, when, and why."""

    cover_year = models.ForeignKey(
        CoverYear, on_delete=models.CASCADE, related_name="history", verbose_name=_("cover year")
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=CoverYear.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=CoverYear.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("cover year change")
        verbose_name_plural = _("cover year changes")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.cover_year}: {self.from_status or '–'} → {self.to_status}"


def renewal_proof_upload_to(renewal, filename):
    """A random stored name, beside the child's other private files."""
    extension = file_types.STORED_EXTENSION[renewal.proof_content_type]
    return f"renewals/{renewal.cover_year.child.public_id}/{uuid.uuid4().hex}.{extension}"


class Renewal(models.Model):
    """A parent's yearly confirmation of a child's details before paying for the next year: the
    address and the guardian as they are now, and the subsidy group with its proof."""

    cover_year = models.OneToOneField(
        CoverYear, on_delete=models.CASCADE, related_name="renewal", verbose_name=_("cover year")
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="renewals",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    address = models.CharField(_("address"), max_length=200)
    guardian_full_name = models.CharField(_("guardian's full name"), max_length=50)
    guardian_relationship = models.CharField(
        _("relationship to the child"), max_length=20, choices=Guardian.Relationship.choices
    )
    guardian_id_number = models.CharField(
        _("guardian's resident ID number"),
        max_length=18,
        validators=[validators.validate_resident_id, validators.validate_adult_id_number],
    )
    guardian_phone = models.CharField(
        _("mobile phone number"), max_length=11, validators=[validators.validate_mobile_number]
    )
    details_changed = models.BooleanField(_("details changed since last year"), default=False)
    subsidy_proof = models.FileField(
        _("proof of the subsidy group"), upload_to=renewal_proof_upload_to, blank=True
    )
    proof_original_name = models.CharField(_("file name as uploaded"), max_length=255, blank=True)
    proof_content_type = models.CharField(_("content type"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")

    def __str__(self):
        return str(self.cover_year)


class RenewalReminder(models.Model):
    """One reminder email to pay for a year, kept so that it is never sent twice."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("The enrollment period has opened")
        DAYS_30 = "days_30", _("30 days before the period closes")
        DAYS_7 = "days_7", _("7 days before the period closes")

    child = models.ForeignKey(
        InsuredChild, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("child")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("reminder"), max_length=10, choices=Kind.choices)
    sent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("to")
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "year", "kind"], name="one_reminder_per_child_year_kind"
            )
        ]

    def __str__(self):
        return f"{self.child} {self.year} {self.get_kind_display()}"

"""Fee schedules (a region's year), their subsidy groups, and the history of their changes."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offices import CommunityOffice


class FeeSchedule(models.Model):
    """The individual contribution for one calendar year of cover in a region (or one office)."""

    class CoverAfterPayment(models.TextChoices):
        """When cover starts for someone exempt from the waiting period who pays outside the
        enrollment period (a newborn past 90 days, an exempt group): cities differ."""

        PAYMENT_DATE = "payment_date", _("On the day of payment")
        DAY_AFTER = "day_after_payment", _("On the day after payment")
        NEXT_MONTH = "next_month", _("On the first day of the month after payment")

    class NewbornNextYearDeadline(models.TextChoices):
        """By when a newborn enrolled late in the year pays the next year too (when that year's
        enrollment period is open, or closes before the newborn's 90 days run out): cities
        differ."""

        PERIOD_END = "period_end", _("By the end of the next year's enrollment period")
        NEWBORN_90_DAYS = (
            "newborn_90_days",
            _("Within the newborn's 90 days, as the year of birth"),
        )

    class NeverInsuredBreak(models.TextChoices):
        """How a child never insured since the newborn window counts years of break: the
        national rule (2024 No. 38) leaves it to the city."""

        NONE = "none", _("No years of break: only the fixed waiting period applies")
        YEARS_SINCE_BIRTH = (
            "years_since_birth",
            _("Each year since the year of birth counts as a year of break"),
        )

    year = models.PositiveSmallIntegerField(_("year of cover"))
    # The key that ties a regional schedule to the offices of its region; parents read
    # region_name instead, kept in Chinese and English (enrollment/translation.py).
    region = models.CharField(_("region"), max_length=100)
    region_name = models.CharField(
        _("region's name shown to parents"),
        max_length=100,
        blank=True,
        help_text=_("For example 示例区 / Example District. Empty: the region key is shown."),
    )
    office = models.ForeignKey(
        CommunityOffice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fee_schedules",
        verbose_name=_("only for this office"),
        help_text=_("Leave empty for a schedule that applies to every office of the region."),
    )
    individual_contribution = models.DecimalField(
        _("individual contribution (yuan)"), max_digits=8, decimal_places=2
    )
    government_subsidy = models.DecimalField(
        _("government subsidy per person (yuan)"), max_digits=8, decimal_places=2, default=0
    )
    enrollment_opens = models.DateField(_("enrollment period opens"))
    enrollment_closes = models.DateField(_("enrollment period closes"))
    waiting_period_months = models.PositiveSmallIntegerField(
        _("fixed waiting period (months)"),
        default=3,
        help_text=_(
            "Months between paying outside the enrollment period, or after a break in cover, and "
            "the start of cover (3 in the State Council General Office's 2024 No. 38 opinions)."
        ),
    )
    cover_after_payment = models.CharField(
        _("cover for exempt late enrollers starts"),
        max_length=20,
        choices=CoverAfterPayment.choices,
        default=CoverAfterPayment.DAY_AFTER,
        help_text=_(
            "For a newborn who pays more than 90 days after birth, or a child of a group exempt "
            "from the waiting period, paying outside the enrollment period. A local rule: "
            "Quanzhou starts cover on the day after payment (缴费后次日), Xi'an on the first "
            "day of the next month (缴费次月). The default is the day after payment."
        ),
    )
    newborn_next_year_deadline = models.CharField(
        _("a late-year newborn pays the next year"),
        max_length=20,
        choices=NewbornNextYearDeadline.choices,
        default=NewbornNextYearDeadline.PERIOD_END,
        help_text=_(
            "For a newborn who must pay this year's cover and the next at once. A local rule: "
            "most cities ask for the next year by the end of its enrollment period; some, "
            "Xi'an among them, give it the newborn's 90 days too (须在出生后90天内缴纳出生次年"
            "医疗保险费). The default is the end of the period."
        ),
    )
    never_insured_break = models.CharField(
        _("years of break of a child never insured"),
        max_length=20,
        choices=NeverInsuredBreak.choices,
        default=NeverInsuredBreak.NONE,
        help_text=_(
            "For a child never insured since the newborn window. A local rule; the default (no "
            "years of break) is the portal's reading of the national rule, which speaks of "
            "breaks in cover."
        ),
    )
    continuous_years_before_reward = models.PositiveSmallIntegerField(
        _("continuous years before the limit rises"),
        default=4,
        help_text=_(
            "The State Council General Office's 2024 No. 38 opinions: after 4 continuous years "
            "of cover, each further continuous year raises the serious-illness insurance's "
            "payment limit; a break in cover resets the count."
        ),
    )
    serious_illness_limit_raise = models.DecimalField(
        _("limit raised by each further continuous year (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The city's figure. Empty while the city has not published one."),
    )
    serious_illness_limit_raise_cap = models.DecimalField(
        _("most the limit can rise in all (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "2024 No. 38: in principle no more than 20 per cent of the serious-illness insurance's "
            "original limit. Empty: no cap stated."
        ),
    )
    continuity_source = models.TextField(
        _("source of the continuous-cover figures"),
        blank=True,
        help_text=_("The notice the two figures above come from, shown to parents with them."),
    )
    payment_methods = models.TextField(_("how and where to pay"))
    is_example = models.BooleanField(
        _("example figures"),
        default=False,
        help_text=_("Shown to parents as example figures, not the office's real fee."),
    )
    source = models.TextField(
        _("source of the figures"),
        blank=True,
        help_text=_("The notice or table the figures come from, shown to parents under the fee."),
    )

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region"],
                condition=models.Q(office__isnull=True),
                name="one_regional_fee_schedule_a_year",
            ),
            models.UniqueConstraint(
                fields=["year", "office"], name="one_office_fee_schedule_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(enrollment_closes__gte=models.F("enrollment_opens")),
                name="enrollment_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.year} – {self.office or self.region}"

    @property
    def place_name(self):
        """Where the schedule applies, in the interface's language: its office or its region."""
        if self.office_id:
            return self.office.name
        return self.region_name or self.region

    def is_open_on(self, day):
        return self.enrollment_opens <= day <= self.enrollment_closes


class SubsidyCategory(models.Model):
    """A group of children whose contribution the government pays in full or in part."""

    class Kind(models.TextChoices):
        """The national notices' terms: 全额资助 (the whole contribution) and 定额资助 (a fixed
        amount); some cities subsidise a share instead."""

        FULL = "full", _("Full subsidy (the whole contribution)")
        FIXED = "fixed", _("Fixed-amount subsidy")
        SHARE = "share", _("Percentage subsidy")

    fee_schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.CASCADE,
        related_name="subsidy_categories",
        verbose_name=_("fee schedule"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of subsidy"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (yuan) or percentage"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("Yuan off for a fixed amount, percent off for a percentage; ignored if full."),
    )
    exempt_from_waiting = models.BooleanField(
        _("exempt from the waiting period"),
        default=False,
        help_text=_(
            "The 2024 No. 38 opinions exempt newborns and other groups from the waiting period; "
            "which groups is a local list."
        ),
    )
    proof_required = models.CharField(
        _("proof to upload"),
        max_length=300,
        blank=True,
        help_text=_("The document that proves the child belongs to the group."),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "The notice that names the group, its subsidy and, where it applies, its exemption "
            "from the waiting period; shown to parents with the group."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("subsidy category")
        verbose_name_plural = _("subsidy categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def reduction_of(self, contribution: Decimal) -> Decimal:
        """The yuan the government pays of a contribution, never more than the contribution."""
        if self.kind == self.Kind.FULL:
            reduction = contribution
        elif self.kind == self.Kind.FIXED:
            reduction = self.amount
        else:
            reduction = (contribution * self.amount / 100).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        return min(max(reduction, Decimal("0")), contribution)


class FeeScheduleChange(models.Model):
    """One change a supervisor saved to a fee schedule's figures: what they were and became,
    how many children owed or had paid the old figure, and whether the unpaid dues were
    quoted again. The schedule's history."""

    class Dues(models.TextChoices):
        KEPT = "kept", _("Kept what families owe")
        REQUOTED = "requoted", _("Quoted the unpaid dues again")

    fee_schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("fee schedule"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    figures = models.JSONField(
        _("figures changed"), default=dict, help_text=_("Each figure: [before, after].")
    )
    owing = models.PositiveIntegerField(_("children owing the old figure"), default=0)
    paid = models.PositiveIntegerField(_("children who paid the old figure"), default=0)
    dues = models.CharField(_("dues"), max_length=10, choices=Dues.choices, default=Dues.KEPT)
    requoted = models.PositiveIntegerField(_("dues quoted again"), default=0)

    class Meta:
        verbose_name = _("fee schedule change")
        verbose_name_plural = _("fee schedule changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.fee_schedule} {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}"

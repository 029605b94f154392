"""The application and its parts, the offices that review them and the fees they charge."""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import file_types, rules, statuses, validators


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


class Application(models.Model):
    """One child's enrollment, from the parent's draft to the issued social security card."""

    Status = statuses.Status

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("parent account"),
    )
    office = models.ForeignKey(
        CommunityOffice,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("community office"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    reference_number = models.CharField(
        _("reference number"), max_length=20, unique=True, null=True, blank=True
    )
    subsidy_answered = models.BooleanField(_("subsidy question answered"), default=False)
    repaired_years = models.PositiveSmallIntegerField(
        _("missed years paid for"),
        default=0,
        help_text=_("Years without cover the family pays for now, to shorten the waiting period."),
    )
    subsidy_category = models.ForeignKey(
        SubsidyCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("subsidy claimed"),
    )
    fee_schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("fee schedule"),
    )
    fee_due = models.DecimalField(
        _("fee due (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    insured_child = models.ForeignKey(
        "InsuredChild",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("insured child"),
        help_text=_("Set when the office verifies the application and registers the child."),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # When the status last changed (services._move): what the work queue's "days waiting"
    # counts from, kept on the row so that the queue sorts through an index.
    status_changed_at = models.DateTimeField(_("in this status since"), null=True, blank=True)
    card_batch = models.ForeignKey(
        "CardBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("card batch"),
    )

    class PaymentChannel(models.TextChoices):
        WECHAT = "wechat", _("WeChat")
        ALIPAY = "alipay", _("Alipay")
        BANK = "bank", _("Bank")
        TAX_APP = "tax_app", _("Tax authority's app")
        COUNTER = "counter", _("Tax service counter")
        TAX_LIST = "tax_list", _("Tax authority's payment list")

    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_channel = models.CharField(
        _("paid through"), max_length=20, choices=PaymentChannel.choices, blank=True
    )
    card_number = models.CharField(_("social security card number"), max_length=40, blank=True)
    card_issued_on = models.DateField(_("card issued on"), null=True, blank=True)
    card_collection_place = models.CharField(
        _("where to collect the card"),
        max_length=300,
        blank=True,
        help_text=_("Empty: at the office."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="application_owner_recent"),
            # The staff list: one office's applications, newest submission first.
            models.Index(fields=["office", "-submitted_at"], name="application_office_recent"),
            # The supervisors' list, and its status filter, across every office.
            models.Index(fields=["-submitted_at"], name="application_recent"),
            models.Index(fields=["status", "-submitted_at"], name="application_status_recent"),
            # The work queue: an office's applications in a status, longest waiting first.
            models.Index(
                fields=["office", "status", "status_changed_at"], name="application_office_queue"
            ),
            models.Index(fields=["status", "status_changed_at"], name="application_queue"),
        ]
        permissions = [("review_all_offices", _("Can review the applications of every office"))]

    def __str__(self):
        return self.reference_number or _("Draft %(id)s") % {"id": str(self.public_id)[:8]}

    @property
    def is_editable(self):
        return self.status in statuses.EDITABLE

    @property
    def is_dropped(self):
        """Rejected or withdrawn: it no longer stands for the child."""
        return self.status in statuses.DROPPED

    @property
    def card_collected_at(self):
        """Where the family collects the card, in the interface's language: the place staff
        wrote, or else the office's name and address (kept in both languages)."""
        if self.card_collection_place:
            return self.card_collection_place
        return _("%(office)s, %(address)s") % {
            "office": self.office.name,
            "address": self.office.address,
        }

    @property
    def office_is_fixed(self):
        """After the first submission the application belongs to its office, which has its
        history and notes; a parent who wants another office withdraws and applies there."""
        return self.submitted_at is not None

    def part(self, name):
        """The child, household_register or guardian part, or None while it is not saved."""
        try:
            part = getattr(self, name)
        except models.ObjectDoesNotExist:
            return None
        return part if part.pk else None

    def document(self, kind):
        """The uploaded document of a kind, or None. The application's documents are read in one
        query when the first is asked for (unless prefetched), then come from memory."""
        if "documents" not in getattr(self, "_prefetched_objects_cache", {}):
            models.prefetch_related_objects([self], "documents")
        return next((d for d in self.documents.all() if d.kind == kind), None)

    @property
    def needs_photo(self):
        child = self.part("child")
        if child is None:
            return False
        return rules.photo_required(
            born=child.date_of_birth,
            first_enrollment=child.first_enrollment,
            on=timezone.localdate(),
        )

    @property
    def needs_birth_certificate(self):
        child = self.part("child")
        if child is not None and child.awaits_id_number:
            return True  # the certificate stands in for the household register's child page
        return (
            child is not None
            and self.office.requires_birth_certificate
            and child.category == rules.ChildCategory.NEWBORN
        )


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Child(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="child", verbose_name=_("application")
    )
    full_name = models.CharField(_("child's full name"), max_length=50)
    id_number = models.CharField(
        _("child's resident ID number"),
        max_length=18,
        blank=True,
        db_index=True,
        validators=[validators.validate_resident_id],
        help_text=_(
            "Empty while a newborn applies with the birth medical certificate number; staff add "
            "it once the child's household registration is done."
        ),
    )
    birth_certificate_number = models.CharField(
        _("birth medical certificate number"),
        max_length=10,
        blank=True,
        db_index=True,
        validators=[validators.validate_birth_certificate_number],
    )
    date_of_birth = models.DateField(
        _("date of birth"), validators=[validators.validate_child_birth_date]
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    first_enrollment = models.BooleanField(_("enrolling for the first time"))
    last_covered_year = models.PositiveSmallIntegerField(
        _("last year covered"),
        null=True,
        blank=True,
        help_text=_("For a child insured before: the last calendar year the child was covered."),
    )

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(id_number="") | ~models.Q(birth_certificate_number=""),
                name="child_has_id_or_birth_certificate_number",
                violation_error_message=_(
                    "Enter the child's resident ID number or the birth medical certificate number"
                ),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def awaits_id_number(self) -> bool:
        """A newborn who applied with the birth medical certificate number: staff add the ID
        number once the household registration is done."""
        return not self.id_number

    @property
    def category(self) -> rules.ChildCategory:
        return rules.child_category(self.date_of_birth, timezone.localdate())


class HouseholdRegister(models.Model):
    class RegisterType(models.TextChoices):
        """户别, as the booklet's first page prints it. (The urban and rural types of household
        register were abolished in 2014: State Council, Guofa 2014 No. 25.)"""

        FAMILY = "family", _("Family household")
        COLLECTIVE = "collective", _("Collective household")

    class Relationship(models.TextChoices):
        CHILD = "child", _("Son or daughter")
        GRANDCHILD = "grandchild", _("Grandson or granddaughter")
        SIBLING = "sibling", _("Brother or sister")
        OTHER = "other", _("Other relative")

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="household_register",
        verbose_name=_("application"),
    )
    register_number = models.CharField(_("household register number"), max_length=30)
    register_type = models.CharField(
        _("household type"), max_length=10, choices=RegisterType.choices
    )
    address = models.CharField(_("registered address"), max_length=200)
    head_name = models.CharField(_("head of household"), max_length=50)
    relationship_to_head = models.CharField(
        _("child's relationship to the head of household"),
        max_length=20,
        choices=Relationship.choices,
    )

    class Meta:
        verbose_name = _("household register")
        verbose_name_plural = _("household registers")

    def __str__(self):
        return self.register_number


class Guardian(models.Model):
    class Relationship(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER = "other", _("Other legal guardian")

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="guardian",
        verbose_name=_("application"),
    )
    full_name = models.CharField(_("guardian's full name"), max_length=50)
    relationship = models.CharField(
        _("relationship to the child"), max_length=20, choices=Relationship.choices
    )
    id_number = models.CharField(
        _("guardian's resident ID number"),
        max_length=18,
        validators=[validators.validate_resident_id, validators.validate_adult_id_number],
    )
    phone = models.CharField(
        _("mobile phone number"), max_length=11, validators=[validators.validate_mobile_number]
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self):
        return self.full_name


def document_upload_to(document, filename):
    """A random stored name: nothing of the parent's file name reaches the disk."""
    extension = file_types.STORED_EXTENSION[document.content_type]
    return f"documents/{document.application.public_id}/{uuid.uuid4().hex}.{extension}"


def document_thumbnail_upload_to(document, filename):
    """A random stored name beside the original; a thumbnail is always a JPEG."""
    return f"documents/{document.application.public_id}/{uuid.uuid4().hex}-thumbnail.jpg"


class Document(models.Model):
    """A scan or photo the parent uploaded, stored privately under MEDIA_ROOT."""

    class Kind(models.TextChoices):
        REGISTER_HEAD_PAGE = "register_head_page", _("Household register: head of household page")
        REGISTER_CHILD_PAGE = "register_child_page", _("Household register: child's page")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth medical certificate")
        GUARDIAN_ID = "guardian_id", _("Guardian's ID card")
        PHOTO = "photo", _("Photo for the social security card")
        SUBSIDY_PROOF = "subsidy_proof", _("Proof of the subsidy")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    # A small JPEG made once on upload, so that previews cost a few KB rather than the original's
    # megabytes; empty for PDFs, and for images stored before thumbnails existed until first shown.
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=document_thumbnail_upload_to, max_length=200, blank=True
    )
    original_name = models.CharField(_("file name as uploaded"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width in pixels"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height in pixels"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)
    # When the parent saw the card photo as it will be printed and chose to use it; a new upload
    # clears it. Only the photo is confirmed: the photo step is complete once it is.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_document_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


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
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notice_unsent_due",
            )
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
        """When the year's cover starts (enrollment.cover_years works out which applies)."""

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

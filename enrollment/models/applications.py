"""The application, the parts the parent answers (child, household register, guardian) and its documents."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import file_types, rules, validators
from ..applications import statuses
from .fees import FeeSchedule, SubsidyCategory
from .offices import CommunityOffice


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

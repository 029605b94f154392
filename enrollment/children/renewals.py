"""Paying for the next year: which children a family renews, and the parent's confirmation.

A child covered in one year renews during the next year's enrollment period by paying; the
parent first confirms the details still hold (the address, the guardian) and the subsidy group,
with its proof where the group needs one. No new documents, photo or card (the process's own
rule: a child once insured is renewed each year by paying).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import fees, notices
from ..models import CoverYear, FeeSchedule, InsuredChild, Renewal, SubsidyCategory
from ..uploads import CheckedUpload
from . import contributions

COVERED = (CoverYear.Status.PAID, CoverYear.Status.WAIVED)
DETAIL_FIELDS = (
    "address",
    "guardian_full_name",
    "guardian_relationship",
    "guardian_id_number",
    "guardian_phone",
)


@dataclass(frozen=True)
class RenewalOffer:
    """A year the family can pay for now: the open period's, after a year of cover."""

    child: InsuredChild
    schedule: FeeSchedule
    renewed: CoverYear | None  # the year once the parent has confirmed it, until it is paid

    @property
    def year(self) -> int:
        return self.schedule.year

    @property
    def pay_by(self) -> datetime.date:
        return self.schedule.enrollment_closes

    @property
    def full_amount(self):
        """What the year costs without a subsidy."""
        return self.schedule.individual_contribution


def renewal_offer(child: InsuredChild, *, today: datetime.date) -> RenewalOffer | None:
    """The year the child's family can renew now, or None: no period open at the child's office,
    no cover the year before, or the year already paid, waived or made due by an application.
    Reads the child's cover years as prefetched, with their renewals."""
    schedule = next(
        (s for s in fees.schedules_for_office(child.office) if s.is_open_on(today)), None
    )
    if schedule is None:
        return None
    years = {cover_year.year: cover_year for cover_year in child.cover_years.all()}
    last = years.get(schedule.year - 1)
    if last is None or last.status not in COVERED:
        return None
    this = years.get(schedule.year)
    if this is None:
        return RenewalOffer(child, schedule, None)
    if this.status == CoverYear.Status.DUE and _has_renewal(this):
        return RenewalOffer(child, schedule, this)
    return None


def offers_for(children, *, today: datetime.date) -> dict[int, RenewalOffer]:
    """The offers of several children (a parent's), by child id."""
    offers = {child.pk: renewal_offer(child, today=today) for child in children}
    return {pk: offer for pk, offer in offers.items() if offer is not None}


def current_details(child: InsuredChild) -> dict:
    """The child's details as the family last gave them: the latest renewal's, else those of
    the latest application the office registered."""
    renewal = (
        Renewal.objects.filter(cover_year__child=child).order_by("-confirmed_at", "-pk").first()
    )
    if renewal is not None:
        return {name: getattr(renewal, name) for name in DETAIL_FIELDS}
    application = (
        child.applications.exclude(submitted_at=None)
        .select_related("household_register", "guardian")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if application is None:
        return {}
    register, guardian = application.household_register, application.guardian
    return {
        "address": register.address,
        "guardian_full_name": guardian.full_name,
        "guardian_relationship": guardian.relationship,
        "guardian_id_number": guardian.id_number,
        "guardian_phone": guardian.phone,
    }


@transaction.atomic
def renewal_confirm(
    *,
    child: InsuredChild,
    parent,
    details: dict,
    subsidy: SubsidyCategory | None,
    proof: CheckedUpload | None,
    today: datetime.date | None = None,
) -> CoverYear:
    """Confirm the details and subsidy group for the open period's year and make it due (or
    waived, when the government pays all of it). Confirming again before paying replaces the
    confirmation: the amount follows the group chosen last.

    Raises ValidationError when there is nothing to renew now (no open period, no cover the
    year before, or the year already paid) or a group that needs proof comes without it.
    """
    today = today or timezone.localdate()
    locked = InsuredChild.objects.select_for_update().get(pk=child.pk)
    offer = renewal_offer(locked, today=today)
    if offer is None:
        raise ValidationError(_("There is no year to pay for now."))
    if subsidy is not None and subsidy.fee_schedule_id != offer.schedule.pk:
        raise ValidationError(_("Select one of the groups listed"))
    earlier = offer.renewed.renewal if offer.renewed else None
    if subsidy and subsidy.proof_required and proof is None and not _kept_proof(earlier, subsidy):
        raise ValidationError(
            {"subsidy_proof": _("Upload the proof that the child belongs to the group you chose")}
        )
    quote = fees.renewal_quote(offer.schedule, subsidy)
    status = CoverYear.Status.DUE if quote.amount_due else CoverYear.Status.WAIVED
    values = {
        "application": None,
        "fee_schedule": offer.schedule,
        "subsidy_category": quote.subsidy,
        "subsidy_proof": None,
        "contribution": quote.contribution,
        "reduction": quote.reduction,
        "amount_due": quote.amount_due,
        "pay_by": quote.cover.pay_by,
        "rule": quote.cover.rule,
        "waiting_months": 0,
        "cover_starts": quote.cover.starts_on,
        "cover_ends": quote.cover.ends_on,
        "status": status,
    }
    cover_year, created = CoverYear.objects.update_or_create(
        child=locked, year=offer.year, defaults=values
    )
    before = current_details(locked)
    renewal = earlier or Renewal(cover_year=cover_year)
    renewal.parent = parent
    renewal.confirmed_at = timezone.now()
    for name in DETAIL_FIELDS:
        setattr(renewal, name, details[name])
    renewal.details_changed = any(before.get(name) != details[name] for name in DETAIL_FIELDS)
    if proof is not None:
        renewal.proof_original_name = proof.original_name
        renewal.proof_content_type = proof.content_type  # upload_to names the file after it
        renewal.subsidy_proof.save("proof", proof.content, save=False)
    elif subsidy is None or not subsidy.proof_required:
        renewal.subsidy_proof = None
        renewal.proof_original_name = renewal.proof_content_type = ""
    renewal.full_clean()
    renewal.save()
    contributions.record_change(
        cover_year,
        from_status="" if created else CoverYear.Status.DUE,
        by=parent,
        note=_("Renewed by the family") if created else _("Renewal confirmed again"),
    )
    return cover_year


def _has_renewal(cover_year) -> bool:
    try:
        return cover_year.renewal is not None
    except Renewal.DoesNotExist:
        return False


def _kept_proof(renewal, subsidy) -> bool:
    """A proof uploaded at an earlier confirmation of the same year still counts."""
    return bool(
        renewal and renewal.subsidy_proof and renewal.cover_year.subsidy_category == subsidy
    )


def lapse_unpaid_renewals(*, today: datetime.date) -> int:
    """Close the renewed years whose period ended unpaid: the child has no cover that year
    (paying later is a new enrollment, with the waiting period of a break), and the parent who
    renewed is told by email and SMS. Years made due by an application stay with the office,
    which reviews the application. Returns how many."""
    unpaid = CoverYear.objects.filter(
        status=CoverYear.Status.DUE, application=None, pay_by__lt=today
    ).select_related("child")
    lapsed = 0
    for cover_year in unpaid:
        with transaction.atomic():
            locked = CoverYear.objects.select_for_update().get(pk=cover_year.pk)
            if locked.status != CoverYear.Status.DUE:
                continue
            locked.status = CoverYear.Status.LAPSED
            locked.save(update_fields=["status"])
            change = contributions.record_change(
                locked,
                from_status=CoverYear.Status.DUE,
                by=None,
                note=_("Not paid by %(deadline)s") % {"deadline": locked.pay_by.isoformat()},
            )
            # The family that renewed hears of it: they may still pay, with a waiting period.
            notices.queue_cover_year_notice(change, parent=locked.renewal.parent)
            lapsed += 1
    return lapsed

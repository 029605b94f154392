"""Reads that several views need."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .. import wizard
from ..models import Application, CoverYear, InsuredChild, Renewal

PARTS = wizard.PARTS
# What the office records after submission: an application the parent is still answering has
# none of it, and the wizard's pages leave these columns out of their query.
RECORDED_BY_THE_OFFICE = (
    "fee_schedule",
    "fee_due",
    "insured_child",
    "receipt_number",
    "amount_paid",
    "paid_on",
    "payment_channel",
    "card_number",
    "card_issued_on",
    "card_collection_place",
)


def applications_with_parts(queryset=None, *, parts=PARTS):
    """Applications (of `queryset`, or all) with their office and parts, read in the same query:
    all of them for a summary, a printout or the admin's page; a wizard page asks only for the
    parts its step and the steps before it read (wizard.parts_read_up_to). A part left out is
    read when first used. The printout and the admin add the fee schedule, which only they
    show; the documents come in one more query when a page first asks for one
    (Application.document)."""
    queryset = Application.objects.all() if queryset is None else queryset
    return queryset.select_related(*parts)


def own_application(user, public_id, *, parts=PARTS, leave_out=()) -> Application:
    """The parent's own application, or a 404: another parent's looks the same as none at all.
    `leave_out` names columns the page never shows (read on first use all the same)."""
    applications = applications_with_parts(parts=parts).defer(*leave_out)
    return get_object_or_404(applications, owner=user, public_id=public_id)


def office_request(application) -> str:
    """What the office asked the parent to change, while the application is back with them."""
    if application.status != Application.Status.RETURNED:
        return ""
    latest = (
        # A note staff add without a move (services.child_add_id_number) is not a request.
        application.history.filter(to_status=Application.Status.RETURNED)
        .exclude(from_status=Application.Status.RETURNED)
        .order_by("-changed_at", "-id")
        .first()
    )
    return latest.note if latest else ""


def payment_years(application) -> list:
    """The years an application pays for, each with its amount, deadline and cover: the years
    on the child's record once the office has registered it (with their payments), else those
    quoted when the parent submitted it. The one source of every page's and email's per-year
    amounts and deadlines after submission."""
    if application.insured_child_id:
        years = application.cover_years.select_related("child", "fee_schedule", "subsidy_category")
    else:
        years = application.quoted_years.select_related("fee_schedule", "subsidy_category")
    return list(years.order_by("year"))


def applications_of(user):
    return (
        Application.objects.filter(owner=user)
        .select_related("office", "child")
        .order_by("-created_at")
    )


def insured_children_of(user):
    """The children whose record the parent may see: those of the parent's own applications
    the office has registered, whichever account registered them first."""
    return (
        InsuredChild.objects.filter(applications__owner=user)
        .distinct()
        .select_related("office")
        .prefetch_related(
            Prefetch(
                "cover_years",
                queryset=CoverYear.objects.select_related(
                    "renewal", "subsidy_category", "fee_schedule"
                ).order_by("year"),
            )
        )
        .order_by("full_name", "pk")
    )


def own_insured_child(user, public_id) -> InsuredChild:
    """The child's record, for a parent whose application the office registered it from; a
    404 for anyone else, as for an application."""
    return get_object_or_404(insured_children_of(user), public_id=public_id)


def enrollment_reference(child: InsuredChild) -> Application | None:
    """The application that first registered the child: its reference number is the child's
    at the office."""
    return child.applications.exclude(reference_number=None).order_by("submitted_at", "pk").first()


def family_account(cover_year: CoverYear):
    """The account told about a year: the parent who renewed it, else the owner of the
    application that made it due, else the owner of the child's latest application."""
    renewal = getattr(cover_year, "renewal", None)
    if renewal is not None:
        return renewal.parent
    if cover_year.application_id:
        return cover_year.application.owner
    return family_of_child(cover_year.child)


def family_of_child(child: InsuredChild):
    """The account that last acted for the child: the parent of its latest renewal, else the
    owner of its latest submitted application; None when no account is left."""
    renewal = (
        Renewal.objects.filter(cover_year__child=child)
        .select_related("parent")
        .order_by("-confirmed_at", "-pk")
        .first()
    )
    if renewal is not None:
        return renewal.parent
    latest = (
        child.applications.exclude(submitted_at=None)
        .select_related("owner")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    return latest.owner if latest else None

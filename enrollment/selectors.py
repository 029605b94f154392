"""Reads that several views need."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Application

PARTS = ("office", "child", "household_register", "guardian", "subsidy_category")
# What the office records after submission: an application the parent is still answering has
# none of it, and the wizard's pages leave these columns out of their query.
RECORDED_BY_THE_OFFICE = (
    "fee_schedule",
    "fee_due",
    "cover_starts",
    "pay_by",
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
        application.history.filter(to_status=Application.Status.RETURNED)
        .order_by("-changed_at", "-id")
        .first()
    )
    return latest.note if latest else ""


def applications_of(user):
    return (
        Application.objects.filter(owner=user)
        .select_related("office", "child")
        .order_by("-created_at")
    )


def child_already_applied_for(id_number, *, owner, excluding) -> bool:
    """Whether the child has an application still alive: the parent's own draft, or anyone's
    submitted one. Closed ones (rejected, withdrawn) do not count."""
    alive = Application.objects.filter(child__id_number=id_number).exclude(
        status__in=Application.CLOSED_STATUSES
    )
    alive = alive.filter(Q(owner=owner) | ~Q(status=Application.Status.DRAFT))
    return alive.exclude(pk=excluding.pk).exists()

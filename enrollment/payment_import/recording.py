"""Storing a list for its preview, and confirming it: every matched payment recorded in one
transaction, in bulk, with the history rows and notices the services write for one."""

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from .. import access, bulk_writes
from ..applications import services
from ..children import contributions
from ..models import (
    Application,
    CoverYear,
    CoverYearChange,
    Notice,
    PaymentImport,
    Renewal,
)
from .matching import Check, CheckedRow, check_rows
from .reading import PaymentList, PaymentRow, read_rows

CHANNEL = Application.PaymentChannel.TAX_LIST


class AlreadyConfirmed(Exception):
    """The import was confirmed before: confirming again records nothing."""


# --- Storing, previewing and confirming ------------------------------------------------------


def import_office_id(user) -> int | None:
    """The office whose children an import by this user is matched against; None for all."""
    return access.office_scope(user).office_id


def payment_import_store(*, payment_list: PaymentList, by) -> tuple[PaymentImport, Check]:
    """Keep a checked list privately (a random name under MEDIA_ROOT, served to no one) with its
    counts, for the preview; nothing is recorded on any child's record yet."""
    if not access.office_scope(by).reaches_any:
        raise PermissionDenied
    office_id = import_office_id(by)
    check = check_rows(payment_list.rows, office_id=office_id)
    payment_import = PaymentImport(
        uploaded_by=by,
        office_id=office_id,
        original_name=payment_list.original_name or f"payments.{payment_list.kind}",
        file_kind=payment_list.kind,
        sha256=hashlib.sha256(payment_list.content).hexdigest(),
        row_count=len(payment_list.rows),
        counts=check.counts(),
    )
    payment_import.file.save("upload", ContentFile(payment_list.content), save=False)
    try:
        payment_import.save()
    except Exception:
        payment_import.file.storage.delete(payment_import.file.name)
        raise
    return payment_import, check


def stored_rows(payment_import: PaymentImport) -> list[PaymentRow]:
    if not payment_import.file:
        raise FileNotFoundError("The stored list was removed (PAYMENT_LIST_RETENTION_DAYS).")
    with payment_import.file.open("rb") as stored:
        content = stored.read()
    return read_rows(content, payment_import.file_kind)


def payment_import_preview(payment_import: PaymentImport) -> Check:
    """The stored list matched against the records as they are now."""
    return check_rows(stored_rows(payment_import), office_id=payment_import.office_id)


def earlier_imports_of_the_same_file(payment_import: PaymentImport):
    return PaymentImport.objects.filter(
        sha256=payment_import.sha256,
        office_id=payment_import.office_id,
        uploaded_at__lt=payment_import.uploaded_at,
        status=PaymentImport.Status.CONFIRMED,
    ).order_by("-uploaded_at")


@transaction.atomic
def payment_import_confirm(*, payment_import: PaymentImport, by) -> Check:
    """Record every matched payment of the list, in one transaction: the list is read and
    matched again under lock, so a year paid since the preview is not paid twice, and a list
    confirmed twice (two clicks, two tabs) records nothing the second time.

    Raises AlreadyConfirmed. Returns the check, whose matched rows are now recorded.
    """
    locked = PaymentImport.objects.select_for_update().get(pk=payment_import.pk)
    if locked.status == PaymentImport.Status.CONFIRMED:
        raise AlreadyConfirmed(locked)
    if not access.office_scope(by).reaches(locked.office_id):
        raise PermissionDenied
    check = check_rows(stored_rows(locked), office_id=locked.office_id, for_update=True)
    record_matched(check.matched(), by=by)
    locked.status = PaymentImport.Status.CONFIRMED
    locked.confirmed_at, locked.confirmed_by = timezone.now(), by
    locked.recorded_count = len(check.matched())
    locked.counts = check.counts()
    locked.save(
        update_fields=["status", "confirmed_at", "confirmed_by", "recorded_count", "counts"]
    )
    return check


def record_matched(matched: list[CheckedRow], *, by) -> None:
    """Write, in bulk, what services.cover_year_record_payment writes for each row: the year
    paid and its history row; the application moved to "fee paid" (history row and notice) when
    this was its last due year; otherwise the family's notice of the year, unless the year waits
    for the rest of its application. The moved applications' notices go with the list when
    they are few (notices.SENT_WITH_A_BULK_MOVE); the rest, and the years' notices, go through
    `manage.py send_notices` (cron, every few minutes), so that staff do not wait for the mail
    server."""
    if not matched:
        return
    now = timezone.now()
    years, from_statuses = [], []
    for checked in matched:
        year, row = checked.cover_year, checked.row
        from_statuses.append(year.status)
        contributions.settle_payment(
            year,
            ticket_number=row.ticket_number,
            amount=row.amount,
            paid_on=row.paid_on,
            channel=CHANNEL,
            by=by,
            at=now,
        )
        years.append(year)
    bulk_writes.update_each(CoverYear, years, contributions.PAID_FIELDS)
    changes = CoverYearChange.objects.bulk_create(
        [
            CoverYearChange(
                cover_year=year,
                from_status=from_status,
                to_status=CoverYear.Status.PAID,
                changed_by=by,
                changed_at=now,
                note=contributions.payment_note(year),
            )
            for year, from_status in zip(years, from_statuses, strict=True)
        ],
        batch_size=1000,
    )
    application_ids = {year.application_id for year in years if year.application_id}
    applications = {}
    for chunk in bulk_writes.chunks(application_ids):
        applications.update(
            (application.pk, application)
            for application in Application.objects.select_for_update()
            .filter(pk__in=chunk)
            .only("pk", "owner_id", "office_id", "status")
        )
    waiting = {
        pk
        for pk, application in applications.items()
        if application.status == Application.Status.VERIFIED
    }
    _move_paid_applications(matched, waiting, applications, by=by)
    told = [
        change
        for change, year in zip(changes, years, strict=True)
        if year.application_id not in waiting
    ]
    parents = _family_accounts([change.cover_year for change in told], applications)
    Notice.objects.bulk_create(
        [
            Notice(cover_year_change=change, parent_id=parents[change.cover_year.pk])
            for change in told
            if parents.get(change.cover_year.pk)
        ],
        batch_size=1000,
    )


def _move_paid_applications(matched, waiting: set[int], applications, *, by) -> None:
    """Applications whose last due year this list paid move to "fee paid", with the ticket and
    date of the row that paid it (the list's last for the application), as the service does."""
    still_due = set()
    for chunk in bulk_writes.chunks(waiting):
        still_due.update(
            CoverYear.objects.filter(application_id__in=chunk, status=CoverYear.Status.DUE)
            .values_list("application_id", flat=True)
            .distinct()
        )
    paying_row = {}
    for checked in matched:
        if checked.cover_year.application_id in waiting:
            paying_row[checked.cover_year.application_id] = checked.row
    moving = sorted(set(paying_row) - still_due)
    if not moving:
        return
    paid_sums = {}
    for chunk in bulk_writes.chunks(moving):
        paid_sums.update(
            CoverYear.objects.filter(application_id__in=chunk, status=CoverYear.Status.PAID)
            .values("application_id")
            .annotate(total=Sum("amount_paid"))
            .values_list("application_id", "total")
            .order_by()
        )
    services.move_applications(
        applications=[applications[pk] for pk in moving],
        move="record_payment",
        by=by,
        changes_for=lambda application: {
            "receipt_number": paying_row[application.pk].ticket_number,
            "amount_paid": paid_sums[application.pk],
            "paid_on": paying_row[application.pk].paid_on,
            "payment_channel": CHANNEL,
        },
    )


def _family_accounts(years: list[CoverYear], applications) -> dict[int, int]:
    """selectors.family_account for many years at once: cover year pk -> the account told."""
    parents = {}
    year_ids = [year.pk for year in years]
    for chunk in bulk_writes.chunks(year_ids):
        parents.update(
            Renewal.objects.filter(cover_year_id__in=chunk).values_list(
                "cover_year_id", "parent_id"
            )
        )
    need_latest = set()
    for year in years:
        if year.pk in parents:
            continue
        if year.application_id:
            parents[year.pk] = applications[year.application_id].owner_id
        else:
            need_latest.add(year.child_id)
    latest_owner = {}
    for chunk in bulk_writes.chunks(need_latest):
        for child_id, owner_id in (
            Application.objects.filter(insured_child_id__in=chunk)
            .exclude(submitted_at=None)
            .order_by("insured_child_id", "submitted_at", "pk")
            .values_list("insured_child_id", "owner_id")
        ):
            latest_owner[child_id] = owner_id  # the last in order is the latest
    for year in years:
        if year.pk not in parents and year.child_id in latest_owner:
            parents[year.pk] = latest_owner[year.child_id]
    return parents


def purge_stored_lists(*, uploaded_before: datetime.datetime) -> int:
    """Delete the stored files of lists uploaded before a date: they hold every payer's ID
    number. The import's row stays (who, when, the counts, what was recorded). Returns how many."""
    old = PaymentImport.objects.filter(uploaded_at__lt=uploaded_before).exclude(file="")
    purged = 0
    for payment_import in old:
        payment_import.file.delete(save=False)
        payment_import.save(update_fields=["file"])
        purged += 1
    return purged

"""Card batches: an office sends its paid applications together to the card centre, which makes
the social security cards from the batch's list and photos; when the cards arrive, staff mark
the whole batch issued at once.

The applications move together (services.move_applications), each with exactly what a move
from its own page writes: its history row and its parent's notice.

The export (card_batch_rows, card_batch_csv, card_batch_zip) leaves the portal as a file, so it
carries what the card centre needs to make and hand over the card, and no more (the Personal
Information Protection Law's minimum necessity, Article 6):

- the child's resident ID number IN FULL: under Article 58 of the Social Insurance Law the
  social security number is the citizen ID number, printed on the card;
- the guardian's ID number MASKED (first 6 and last 4 characters, formatting.masked_id_number)
  and the guardian's mobile number MASKED (first 3 and last 4 digits): the card centre does not
  write to the guardian, and the masked forms are enough to match the family's paper form if it
  asks about an application.
"""

import io
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import access, formatting, validators
from .applications import services
from .models import Application, CardBatch, Child, Document, Guardian
from .office_work.exports import csv_bytes

Status = Application.Status
NUMBER_PREFIX = "KP"


def may_handle_batches_of(user, office_id) -> bool:
    """Supervisors handle every office's batches; staff their own office's."""
    return access.office_scope(user).reaches(office_id)


def batches_visible_to(user, queryset=None):
    """The batches a member of staff (their office's) or a supervisor (all) may open."""
    queryset = CardBatch.objects.all() if queryset is None else queryset
    return access.office_scope(user).filter(queryset)


def applications_to_send(office):
    """The office's paid applications not yet in a batch, oldest payment first."""
    return (
        Application.objects.filter(office=office, status=Status.PAID, card_batch__isnull=True)
        .select_related("child")
        .order_by("paid_on", "reference_number")
    )


def _next_number(day) -> str:
    """KP-20261202-0001: the day, then the day's sequence (read from the numbers already
    given; two batches made at once may draw the same one, which the unique number refuses)."""
    prefix = f"{NUMBER_PREFIX}-{day:%Y%m%d}-"
    last = (
        CardBatch.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _new_batch(*, office, by, count) -> CardBatch:
    now = timezone.now()
    attempts = 5
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return CardBatch.objects.create(
                    office=office,
                    number=_next_number(timezone.localdate(now)),
                    created_at=now,
                    created_by=by,
                    application_count=count,
                )
        except IntegrityError:
            if attempt == attempts:
                raise


@transaction.atomic
def card_batch_send(*, office, applications, by) -> CardBatch:
    """Send paid applications of one office to the card centre as a new batch.

    Each application moves to "sent to the card centre" (services.move_applications: its
    history row, noting the batch, and its parent's notice). Raises PermissionDenied for staff of another
    office, and ValidationError, sending nothing, when no application is given, or when one is
    another office's, is not "fee paid" (or already in a batch), or has no resident ID number
    yet (the card is made with it).
    """
    if not may_handle_batches_of(by, office.pk):
        raise PermissionDenied
    pks = sorted({application.pk for application in applications})
    if not pks:
        raise ValidationError(
            _("Tick at least one paid application to send to the card centre."), code="empty"
        )
    locked = list(Application.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    id_numbers = dict(
        Child.objects.filter(application_id__in=pks).values_list("application_id", "id_number")
    )
    problems = []
    if len(locked) != len(pks):
        problems.append(_("An application ticked no longer exists."))
    for application in locked:
        reference = application.reference_number or application.pk
        if application.office_id != office.pk:
            problems.append(
                _(
                    "Application %(ref)s is another office's: a batch holds the applications "
                    "of one office."
                )
                % {"ref": reference}
            )
        elif application.status != Status.PAID or application.card_batch_id:
            problems.append(
                _(
                    "Application %(ref)s is “%(status)s”: only applications whose fee is paid "
                    "can be sent to the card centre."
                )
                % {"ref": reference, "status": application.get_status_display()}
            )
        elif not id_numbers.get(application.pk):
            problems.append(
                _(
                    "Application %(ref)s: add the child's resident ID number first. The card "
                    "is made with it."
                )
                % {"ref": reference}
            )
    if problems:
        raise ValidationError(problems, code="not_sendable")
    batch = _new_batch(office=office, by=by, count=len(locked))
    services.move_applications(
        applications=locked,
        move="send_to_card_centre",
        by=by,
        # The batch's number alone: the history row is read in either language, and the
        # move's own name says what it is.
        note=batch.number,
        changes_for=lambda application: {"card_batch": batch},
    )
    return batch


def check_issued_on(batch: CardBatch, issued_on, today) -> None:
    """The cards arrived today or earlier, and not before the batch was sent."""
    validators.check_card_issued_on(issued_on, today, paid_on=None)
    sent_on = timezone.localdate(batch.created_at)
    if issued_on < sent_on:
        raise ValidationError(
            _("The cards cannot have been issued before the batch was sent on %(date)s")
            % {"date": formats.date_format(sent_on)},
            code="issued_before_batch",
        )


@transaction.atomic
def card_batch_issue(*, batch, by, issued_on, collection_place="") -> int:
    """The cards of a batch have arrived: mark every application of the batch still "sent to
    the card centre" as "card issued" (services.move_applications: a history row and a
    notice each), and the batch as issued. Returns how many applications moved.

    No card number is recorded: the social security number is the child's citizen ID number
    (Social Insurance Law, Article 58). An empty collection place means the office, which
    parents read in their own language (Application.card_collected_at).

    Raises PermissionDenied for staff of another office, and ValidationError for a batch
    already issued, or an issue date in the future or before the batch was sent.
    """
    locked = CardBatch.objects.select_for_update().get(pk=batch.pk)
    if not may_handle_batches_of(by, locked.office_id):
        raise PermissionDenied
    if locked.issued_at is not None:
        raise ValidationError(
            _("The cards of batch %(number)s were already marked issued on %(date)s.")
            % {
                "number": locked.number,
                "date": formats.date_format(timezone.localtime(locked.issued_at)),
            },
            code="already_issued",
        )
    check_issued_on(locked, issued_on, timezone.localdate())
    waiting = list(
        locked.applications.select_for_update()
        .filter(status=Status.SENT_TO_CARD_CENTRE)
        .order_by("pk")
    )
    # Each was paid before it was sent in the batch, so the issue date checked against the
    # batch's is checked against each payment too.
    services.move_applications(
        applications=waiting,
        move="issue_card",
        by=by,
        changes_for=lambda application: {
            "card_number": "",
            "card_issued_on": issued_on,
            "card_collection_place": collection_place.strip(),
        },
    )
    locked.issued_at = timezone.now()
    locked.issued_by = by
    locked.save(update_fields=["issued_at", "issued_by"])
    batch.issued_at, batch.issued_by = locked.issued_at, by
    return len(waiting)


# --- The export ---------------------------------------------------------------------------


def masked_phone(phone: str) -> str:
    """First 3 and last 4 digits of a mobile number: 138****8000."""
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def photo_path(row_number: int, reference: str) -> str:
    """Where a child's photo is in the batch's ZIP, as the CSV's photo column says."""
    return f"photos/{row_number:04d}_{reference}.jpg"


def _applications_of(batch):
    """The batch's applications with everything a row needs, in a fixed number of queries."""
    return (
        batch.applications.select_related("child", "guardian", "office")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.filter(kind=Document.Kind.PHOTO),
                to_attr="photos",
            )
        )
        .order_by("reference_number", "pk")
    )


def _part(application, name):
    try:
        return getattr(application, name)
    except (Child.DoesNotExist, Guardian.DoesNotExist):
        return None


def _rows_with_photos(batch):
    """(row, photo document or None) for each application of the batch."""
    for number, application in enumerate(_applications_of(batch), start=1):
        child = _part(application, "child")
        guardian = _part(application, "guardian")
        photo = application.photos[0] if application.photos else None
        reference = application.reference_number or ""
        row = {
            "row": number,
            "reference_number": reference,
            "child_name": child.full_name if child else "",
            "sex": child.get_sex_display() if child else "",
            "date_of_birth": child.date_of_birth.isoformat() if child else "",
            "child_id_number": child.id_number if child else "",
            "guardian_name": guardian.full_name if guardian else "",
            "guardian_id_number": (
                formatting.masked_id_number(guardian.id_number) if guardian else ""
            ),
            "guardian_phone": masked_phone(guardian.phone) if guardian else "",
            "office": application.office.name,
            "photo": photo_path(number, reference) if photo else "",
        }
        yield row, photo


def card_batch_rows(batch) -> list[dict]:
    """The rows the card centre needs, one per application, keyed as columns() names them."""
    return [row for row, _photo in _rows_with_photos(batch)]


def columns():
    """(key, header in the active language) of each column of the export."""
    return [
        ("row", _("No.")),
        ("reference_number", _("reference number")),
        ("child_name", _("child's full name")),
        ("sex", _("sex")),
        ("date_of_birth", _("date of birth")),
        ("child_id_number", _("child's resident ID number")),
        ("guardian_name", _("guardian's full name")),
        ("guardian_id_number", _("guardian's resident ID number")),
        ("guardian_phone", _("mobile phone number")),
        ("office", _("community office")),
        ("photo", _("photo file")),
    ]


def _csv_bytes(rows) -> bytes:
    header = columns()
    return csv_bytes(
        [
            [label for _key, label in header],
            *([row[key] for key, _label in header] for row in rows),
        ]
    )


def card_batch_csv(batch) -> bytes:
    """The batch's list as CSV: UTF-8 with a byte order mark, headers in the active language."""
    return _csv_bytes(card_batch_rows(batch))


def csv_name(batch) -> str:
    return f"card-batch-{batch.number}.csv"


def card_batch_zip(batch) -> bytes:
    """The batch as the card centre takes it: the CSV, and each child's card photo at the path
    its row names (photos/0001_<reference>.jpg)."""
    pairs = list(_rows_with_photos(batch))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_name(batch), _csv_bytes(row for row, _photo in pairs))
        for row, photo in pairs:
            if photo is None:
                continue
            with photo.file.open("rb") as stored:
                # JPEG is compressed already.
                archive.writestr(row["photo"], stored.read(), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()

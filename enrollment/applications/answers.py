"""The parent's answers: every write the wizard makes to a draft (or to an application returned
for changes), one function each, keyword arguments, one transaction.

Each write locks the application and checks, under the lock, that the parent may still change
it. Files are deleted only once the rows that named them are gone for good.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image

from .. import rules, uploads, validators
from ..models import Application, Child, CommunityOffice, Document, StatusChange
from ..uploads import CheckedUpload
from . import statuses

logger = logging.getLogger(__name__)
Status = Application.Status


class ApplicationNotEditable(Exception):
    """The application has left the parent's hands (submitted, under review or closed)."""


class OfficeFixed(Exception):
    """The application has been submitted once: its office no longer changes."""


def _require_editable(application):
    if not application.is_editable:
        raise ApplicationNotEditable(application.reference_number)


def _lock_editable(application) -> Application:
    """Lock the application's row for the rest of the transaction and check, under the lock,
    that the parent may still change it: a submission in another tab waits or wins, as the
    moves do."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(locked)
    return locked


def child_already_applied_for(number, *, owner, excluding, by="id_number") -> bool:
    """Whether the child has an application still alive: the parent's own draft, or anyone's
    submitted one. Dropped ones (rejected, withdrawn) do not count. The child is known by its
    ID number, or `by` its birth medical certificate number ("birth_certificate_number")."""
    if not number:
        return False  # an empty number names no child
    alive = Application.objects.filter(**{f"child__{by}": number}).exclude(
        status__in=statuses.DROPPED
    )
    alive = alive.filter(Q(owner=owner) | ~Q(status=Application.Status.DRAFT))
    return alive.exclude(pk=excluding.pk).exists()


DUPLICATE_CHILD = _lazy(
    "An application for a child with this ID number has already been made. Find it in your "
    "applications, or contact the community office if it was not you."
)


def check_child_is_new(id_number: str, *, application: Application) -> None:
    """One application alive per child: the parent's own draft, or anyone's submitted one
    (rejected and withdrawn ones do not count). The form asks at once; answers_save makes sure."""
    if child_already_applied_for(id_number, owner=application.owner, excluding=application):
        raise ValidationError({"id_number": DUPLICATE_CHILD}, code="duplicate_child")


DUPLICATE_BIRTH_CERTIFICATE = _lazy(
    "An application for a child with this birth medical certificate number has already been "
    "made. Find it in your applications, or contact the community office if it was not you."
)


def check_birth_certificate_is_new(number: str, *, application: Application) -> None:
    """The same rule as check_child_is_new, for a newborn known by the birth medical
    certificate number until staff add the ID number."""
    if child_already_applied_for(
        number, owner=application.owner, excluding=application, by="birth_certificate_number"
    ):
        raise ValidationError(
            {"birth_certificate_number": DUPLICATE_BIRTH_CERTIFICATE},
            code="duplicate_child",
        )


@transaction.atomic
def application_start(*, owner, office: CommunityOffice) -> Application:
    """Open a new draft for a parent at a community office and record its creation."""
    application = Application(owner=owner, office=office, status_changed_at=timezone.now())
    application.full_clean()
    application.save()
    StatusChange.objects.create(
        application=application, from_status="", to_status=Status.DRAFT, changed_by=owner
    )
    return application


def application_delete_draft(*, application: Application, by) -> None:
    """A parent deletes a draft they no longer want, with every file uploaded for it."""
    if application.owner_id != by.pk:
        raise PermissionDenied
    if application.status != Status.DRAFT:
        raise ApplicationNotEditable(application.reference_number)
    drafts_delete(Application.objects.filter(pk=application.pk, status=Status.DRAFT))


def delete_drafts_of_taken_back_account(*, user, **kwargs) -> int:
    """The owner of an address took back an account someone else may have made with it
    (portal.signals.account_taken_back): the drafts in it, and their files, go."""
    return drafts_delete(Application.objects.filter(owner=user))


def drafts_delete(drafts) -> int:
    """Delete drafts and their files; the files go once the rows are gone for good."""
    with transaction.atomic():
        drafts = drafts.filter(status=Status.DRAFT).select_for_update()
        files = [
            name
            for pair in Document.objects.filter(application__in=drafts).values_list(
                "file", "thumbnail"
            )
            for name in pair
            if name
        ]
        count = len(drafts)
        drafts.delete()
    storage = Document._meta.get_field("file").storage
    for name in files:
        storage.delete(name)
    return count


@transaction.atomic
def application_change_office(*, application: Application, office: CommunityOffice) -> Application:
    """Send a draft to another office. A subsidy chosen under the old office's fees no longer
    applies, so the fee question is asked again. Once submitted, the office is fixed: the
    parent withdraws and applies at the other office."""
    locked = _lock_editable(application)
    if locked.office_is_fixed:
        raise OfficeFixed(locked.reference_number)
    if application.office_id != office.pk:
        application.office = office
        application.subsidy_answered = False
        application.subsidy_category = None
        application.save(
            update_fields=["office", "subsidy_answered", "subsidy_category", "updated_at"]
        )
    return application


@transaction.atomic
def answers_save(*, application: Application, part) -> None:
    """Save one step's answers (a Child, HouseholdRegister or Guardian tied to the application).

    Raises ValidationError, by field, for what the forms refuse too: the fields' own validators
    (ID numbers, a minor child, an adult guardian, a mobile number), a child's date of birth or
    sex that disagrees with the ID number, and a child who already has an application.
    """
    _lock_editable(application)
    part.application = application
    part.full_clean(exclude=["application"])
    if isinstance(part, Child):
        mismatches = validators.child_id_mismatches(part.id_number, part.date_of_birth, part.sex)
        if mismatches:
            raise ValidationError(mismatches)
        if part.id_number:
            check_child_is_new(part.id_number, application=application)
        else:
            _check_birth_certificate_route(part, application=application)
        if part.birth_certificate_number:
            check_birth_certificate_is_new(part.birth_certificate_number, application=application)
    part.save()
    application.save(update_fields=["updated_at"])


def _check_birth_certificate_route(child: Child, *, application: Application) -> None:
    """A child without an ID number: a newborn, at an office that takes newborns by the birth
    medical certificate number (rules.py)."""
    if not application.office.takes_newborns_by_birth_certificate:
        raise ValidationError(
            {"id_number": _("This office needs the child's resident ID number")},
            code="birth_certificate_not_taken",
        )
    if not rules.may_apply_by_birth_certificate(child.date_of_birth, timezone.localdate()):
        raise ValidationError(
            {
                "birth_certificate_number": _(
                    "Only a child under 1 can apply with the birth medical certificate number: "
                    "enter the child's resident ID number"
                )
            },
            code="birth_certificate_not_newborn",
        )


@transaction.atomic
def subsidy_choose(
    *, application: Application, subsidy_category, repaired_years: int = 0
) -> Application:
    """Record the parent's answers on the fee page: the subsidy group (None: the child claims
    none) and how many missed years the family pays for now."""
    _lock_editable(application)
    application.subsidy_answered = True
    application.subsidy_category = subsidy_category
    application.repaired_years = repaired_years
    application.save(
        update_fields=["subsidy_answered", "subsidy_category", "repaired_years", "updated_at"]
    )
    return application


def document_store(*, application: Application, kind: str, upload: CheckedUpload) -> Document:
    """Store a checked upload as the application's document of that kind, replacing any earlier
    one. The old file is deleted only once the new row is committed."""
    with transaction.atomic():
        _lock_editable(application)
        document = (
            Document.objects.select_for_update().filter(application=application, kind=kind).first()
        )
        old_files = [document.file.name, document.thumbnail.name] if document else []
        document = document or Document(application=application, kind=kind)
        document.original_name = upload.original_name
        document.content_type = upload.content_type
        document.size = upload.content.size
        document.width, document.height = upload.width, upload.height
        document.confirmed_at = None  # a new card photo is shown to the parent to confirm
        document.file.save("upload", upload.content, save=False)
        document.thumbnail = None
        if upload.thumbnail is not None:
            document.thumbnail.save("thumbnail", upload.thumbnail, save=False)
        try:
            document.save()
        except Exception:
            for name in (document.file.name, document.thumbnail.name):
                if name:
                    document.file.storage.delete(name)
            raise
        application.save(update_fields=["updated_at"])
    for old_file in filter(None, old_files):
        transaction.on_commit(lambda name=old_file: document.file.storage.delete(name))
    return document


@transaction.atomic
def photo_confirm(*, application: Application) -> Document:
    """The parent has seen the card photo as it will be printed and chose to use it: the photo
    step is complete. Confirming again keeps the first time."""
    _lock_editable(application)
    photo = Document.objects.select_for_update().get(
        application=application, kind=Document.Kind.PHOTO
    )
    if photo.confirmed_at is None:
        photo.confirmed_at = timezone.now()
        photo.save(update_fields=["confirmed_at"])
    return photo


def document_thumbnail(*, document: Document):
    """The document's preview, made now for an image stored before thumbnails existed; None for
    a PDF. Only an empty thumbnail is filled in, so two requests at once keep one file."""
    if document.thumbnail or not document.is_image:
        return document.thumbnail or None
    with document.file.open("rb") as original:
        image = Image.open(original)
        image.load()
    document.thumbnail.save("thumbnail", uploads.make_thumbnail(image), save=False)
    filled = Document.objects.filter(pk=document.pk, thumbnail="").update(
        thumbnail=document.thumbnail.name
    )
    if not filled:
        document.thumbnail.storage.delete(document.thumbnail.name)
        document.refresh_from_db(fields=["thumbnail"])
    return document.thumbnail

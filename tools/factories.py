"""Small factory functions for tests: valid data by default, override what a test is about."""

import datetime
import itertools
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enrollment import card_batches, uploads, wizard
from enrollment.applications import answers, services, statuses
from enrollment.models import (
    Application,
    Child,
    CommunityOffice,
    Document,
    FeeSchedule,
    Guardian,
    HouseholdRegister,
    SubsidyCategory,
)
from portal.models import User
from tools.fake import PDF_BYTES, image_bytes, resident_id

PASSWORD = "correct horse battery 42"
_sequence = itertools.count(1)


def years_ago(years, *, days=0):
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - datetime.timedelta(days=days)


def make_user(email=None, **fields):
    email = email or f"parent{next(_sequence)}@example.com"
    fields.setdefault("language", "en")
    fields.setdefault("email_confirmed_at", timezone.now())
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


TRANSLATED_FIELDS = {
    "name",
    "address",
    "opening_hours",
    "payment_methods",
    "source",
    "proof_required",
}


def _in_chinese(fields):
    """A plain text field given to a factory is the Chinese text (field_zh_hans): django-
    modeltranslation would otherwise store it in the active language's field."""
    return {
        (f"{key}_zh_hans" if key in TRANSLATED_FIELDS else key): value
        for key, value in fields.items()
    }


def make_office(name=None, region="Example District", **fields):
    """A plain name, address or opening hours is the Chinese text (MODELTRANSLATION_AUTO_POPULATE);
    give name_en=... and so on for the English one, which otherwise falls back to it."""
    defaults = {
        "address": "88 Xingfu Road",
        "opening_hours": "Monday to Friday 9:00–17:00",
        "phone": "010-8888 6666",
        "requires_birth_certificate": True,
    }
    defaults.update(fields)
    defaults.setdefault("name_zh_hans", name or f"Community office {next(_sequence)}")
    return CommunityOffice.objects.create(region=region, **_in_chinese(defaults))


def make_fee_schedule(region="Example District", year=None, contribution="400.00", **fields):
    """By default the schedule whose enrollment period is open today."""
    today = timezone.localdate()
    year = year or today.year + 1
    defaults = {
        "individual_contribution": Decimal(contribution),
        "government_subsidy": Decimal("670.00"),
        "enrollment_opens": datetime.date(year - 1, 1, 1),
        "enrollment_closes": datetime.date(year - 1, 12, 31),
        "payment_methods": "WeChat, Alipay, bank, tax app or counter.",
        "is_example": True,
    }
    defaults.update(fields)
    return FeeSchedule.objects.create(year=year, region=region, **_in_chinese(defaults))


def make_recent_schedules(region="Example District", **fields):
    """Last year's, this year's and next year's schedules, next year's period open today: what
    an office has after a few years online, and what any child's years are quoted from (a
    newborn's birth year may be last year, in January). Returns next year's."""
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        make_fee_schedule(region=region, year=year, **fields)
    return make_fee_schedule(region=region, **fields)


def make_subsidy(
    schedule,
    name="Minimum-living-guarantee family",
    kind="share",
    amount="80",
    proof="Minimum-living-guarantee certificate",
):
    return SubsidyCategory.objects.create(
        fee_schedule=schedule,
        name_zh_hans=name,
        kind=kind,
        amount=Decimal(amount),
        proof_required_zh_hans=proof,
    )


def upload(name="scan.png", content=None, content_type="application/octet-stream"):
    if content is None:
        content = image_bytes(800, 600, "PNG")
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo_upload(name="photo.jpg", width=400, height=500):
    return upload(name, image_bytes(width, height), "image/jpeg")


def store_document(application, kind, file=None):
    checker = uploads.check_photo if kind == Document.Kind.PHOTO else uploads.check_document
    return answers.document_store(
        application=application, kind=kind, upload=checker(file or upload())
    )


def _answer_child(
    application,
    *,
    born,
    first_enrollment,
    child_id,
    last_covered_year,
    birth_certificate_number=None,
    **_,
):
    """A child insured before was, unless a test says otherwise, covered this year."""
    if not first_enrollment and last_covered_year is None:
        last_covered_year = timezone.localdate().year
    Child.objects.create(
        application=application,
        full_name="王小明",
        id_number="" if birth_certificate_number else child_id or resident_id(born, male=True),
        birth_certificate_number=birth_certificate_number or "",
        date_of_birth=born,
        sex="M",
        first_enrollment=first_enrollment,
        last_covered_year=None if first_enrollment else last_covered_year,
    )


def _answer_household_register(application, **_):
    HouseholdRegister.objects.create(
        application=application,
        register_number="110001234",
        register_type="family",
        address="北京市东城区幸福路 8 号",
        head_name="王大明",
        relationship_to_head="child",
    )
    store_document(application, Document.Kind.REGISTER_HEAD_PAGE)
    if not application.child.awaits_id_number:
        store_document(application, Document.Kind.REGISTER_CHILD_PAGE)
    if application.needs_birth_certificate:
        store_document(application, Document.Kind.BIRTH_CERTIFICATE, upload("cert.pdf", PDF_BYTES))


def _answer_guardian(application, **_):
    Guardian.objects.create(
        application=application,
        full_name="王大明",
        relationship="father",
        id_number=resident_id(years_ago(35), male=True),
        phone="13800138000",
    )


def _answer_photo(application, **_):
    store_document(application, Document.Kind.PHOTO, photo_upload())
    answers.photo_confirm(application=application)


def _answer_fee(application, *, subsidy, **_):
    answers.subsidy_choose(application=application, subsidy_category=subsidy)
    if subsidy and subsidy.proof_required:
        store_document(application, Document.Kind.SUBSIDY_PROOF, upload("proof.pdf", PDF_BYTES))


# How each step of the wizard is answered; the office is chosen when the draft is made.
ANSWERS = {
    "office": lambda application, **_: None,
    "child": _answer_child,
    "household-register": _answer_household_register,
    "guardian": _answer_guardian,
    "photo": _answer_photo,
    "fee": _answer_fee,
}
SUBMITTED = "submitted"


def make_application(
    owner=None,
    office=None,
    *,
    upto=None,
    before=None,
    born=None,
    first_enrollment=False,
    child_id=None,
    subsidy=None,
    last_covered_year=None,
    birth_certificate_number=None,
):
    """A draft with every step that applies answered, in the wizard's order: all of them (a
    complete draft), or those `before` a step class of enrollment.wizard (the parent is at that
    step, whatever comes before it), or up to and including the step `upto`; with
    upto="submitted", the complete application submitted. With `birth_certificate_number`, a
    newborn known by it and not yet by an ID number (the office must take newborns by it)."""
    owner = owner or make_user()
    if office is None:
        office = make_office()
        if not FeeSchedule.objects.filter(region=office.region).exists():
            make_recent_schedules(region=office.region)
    application = answers.application_start(owner=owner, office=office)
    kinds = [type(step) for step in wizard.STEPS]
    if before is not None:
        last = kinds.index(before)
    elif upto is None or upto == SUBMITTED:
        last = len(kinds)
    else:
        last = kinds.index(upto) + 1
    for step in wizard.STEPS[:last]:
        application = Application.objects.get(pk=application.pk)
        if step.is_applicable(application):
            ANSWERS[step.identifier](
                application,
                born=born or years_ago(8),
                first_enrollment=first_enrollment,
                child_id=child_id,
                subsidy=subsidy,
                last_covered_year=last_covered_year,
                birth_certificate_number=birth_certificate_number,
            )
    application = Application.objects.get(pk=application.pk)
    if upto == SUBMITTED:
        services.application_submit(application=application, by=owner)
        application = Application.objects.get(pk=application.pk)
    return application


def make_covered_child(owner, office, *, staff, **answers):
    """A child enrolled last autumn and covered this year (its application submitted in last
    year's enrollment period, then verified, paid and its card issued): the child a family
    renews in this year's period. Returns the application."""
    today = timezone.localdate()
    answers.setdefault("last_covered_year", today.year - 1)
    last_autumn = timezone.make_aware(datetime.datetime(today.year - 1, 10, 1, 10))
    with time_machine.travel(last_autumn, tick=False):
        application = make_application(owner, office, upto=SUBMITTED, **answers)
        move_to(application, "card_issued", staff=staff)
    return Application.objects.get(pk=application.pk)


def make_staff(office, email=None):
    """A member of staff of one community office, in the Office staff group."""
    from django.contrib.auth.models import Group

    from enrollment.models import StaffMembership
    from enrollment.roles import OFFICE_STAFF

    user = make_user(email or f"staff{next(_sequence)}@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=OFFICE_STAFF))
    StaffMembership.objects.create(user=user, office=office)
    return user


def make_supervisor(email=None):
    """A supervisor through the Supervisors group, not a superuser."""
    from django.contrib.auth.models import Group

    from enrollment.roles import SUPERVISORS

    user = make_user(email or f"supervisor{next(_sequence)}@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=SUPERVISORS))
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached per instance


def _perform(move, application, staff):
    """Make one move as the people of the portal would, with plausible answers."""
    today = datetime.date.today()
    if move == "return":
        services.application_return(
            application=application, by=staff, changes_needed="Upload a clearer child's page."
        )
    elif move == "verify":
        services.application_verify(application=application, by=staff)
    elif move == "record_payment":
        services.application_record_payment(
            application=application,
            by=staff,
            receipt_number="R-0001",
            amount=application.fee_due,
            paid_on=today,
            channel="wechat",
        )
    elif move == "send_to_card_centre":
        card_batches.card_batch_send(
            office=application.office, applications=[application], by=staff
        )
    elif move == "issue_card":
        services.application_issue_card(
            application=application,
            by=staff,
            card_number="A12345678",
            issued_on=today,
            collection_place="The office counter",
        )
    elif move == "reject":
        services.application_reject(application=application, by=staff, reason="Not resident here.")
    elif move == "withdraw":
        services.application_withdraw(application=application, by=application.owner)
    else:  # a move that asks for nothing but the actor
        by = application.owner if statuses.MOVES[move].by == statuses.Actor.PARENT else staff
        services.move_application(application=application, move=move, by=by)


def move_to(application, status, *, staff):
    """Take a submitted application along the usual path to `status` (statuses.usual_path)."""
    for move in statuses.usual_path(status):
        _perform(move.name, application, staff)
    return Application.objects.get(pk=application.pk)

"""Many applications in seconds, by bulk creation: parents, children, registers, guardians,
documents and history rows, spread over offices, statuses, ages and months.

Used by `make bench` (100,000 by default) and by the query-count regression test (10 and 1,000).
Every row is valid data the portal could have made itself; the files the document rows point to
are a handful of real files shared by all.
"""

import datetime
import random
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from enrollment.applications import statuses
from enrollment.models import (
    Application,
    Child,
    CommunityOffice,
    CoverYear,
    Document,
    FeeSchedule,
    Guardian,
    HouseholdRegister,
    InsuredChild,
    QuotedYear,
    StatusChange,
)
from portal.models import User
from tools.fake import PDF_BYTES, image_bytes, resident_id

BATCH = 5000
Status = Application.Status
# Where the applications stand, roughly as in a busy enrollment period.
STATUS_WEIGHTS = {
    Status.DRAFT: 15,
    Status.SUBMITTED: 30,
    Status.RETURNED: 5,
    Status.VERIFIED: 15,
    Status.PAID: 10,
    Status.SENT_TO_CARD_CENTRE: 5,
    Status.CARD_ISSUED: 15,
    Status.REJECTED: 2,
    Status.WITHDRAWN: 3,
}
# The statuses each application passes through after its draft, from the table of moves.
PATH_TO = {
    status: (
        []
        if status == Status.DRAFT
        else [Status.SUBMITTED, *(move.to for move in statuses.usual_path(status))]
    )
    for status in Status
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文"


@contextmanager
def dates_as_given():
    """Let bulk_create keep the spread-out dates: auto_now(_add) would stamp them all "now"."""
    created, updated = (Application._meta.get_field(name) for name in ("created_at", "updated_at"))
    created.auto_now_add = updated.auto_now = False
    try:
        yield
    finally:
        created.auto_now_add = updated.auto_now = True


def _shared_files():
    """A scan, a PDF and a photo on the storage, which every seeded document row points to."""
    storage = storages["default"]
    names = {}
    for kind, (name, content) in {
        "png": ("bench/scan.png", image_bytes(800, 600, "PNG")),
        "pdf": ("bench/scan.pdf", PDF_BYTES),
        "jpg": ("bench/photo.jpg", image_bytes(400, 500)),
    }.items():
        if not storage.exists(name):
            name = storage.save(name, ContentFile(content))
        names[kind] = (name, len(content))
    return names


def ensure_offices(count=20):
    offices = []
    for number in range(1, count + 1):
        office, _ = CommunityOffice.objects.get_or_create(
            name_zh_hans=f"第{number}社区服务中心",
            defaults={
                "name_en": f"Community office {number}",
                "region": "示例区",
                "address_zh_hans": f"幸福路 {number} 号",
                "address_en": f"{number} Xingfu Road",
                "opening_hours_zh_hans": "周一至周五 9:00–17:00",
                "opening_hours_en": "Monday to Friday 9:00–17:00",
                "phone": "010-8888 6666",
            },
        )
        offices.append(office)
    year = timezone.localdate().year
    for cover_year in (year - 1, year, year + 1):
        FeeSchedule.objects.get_or_create(
            year=cover_year,
            region="示例区",
            office=None,
            defaults={
                "region_name_zh_hans": "示例区",
                "region_name_en": "Example District",
                "individual_contribution": Decimal("400.00"),
                "government_subsidy": Decimal("670.00"),
                "enrollment_opens": datetime.date(cover_year - 1, 1, 1),
                "enrollment_closes": datetime.date(cover_year - 1, 12, 31),
                "payment_methods_zh_hans": "微信、支付宝、银行、税务App或办税服务厅。",
                "payment_methods_en": "WeChat, Alipay, bank, tax app or counter.",
                "is_example": True,
            },
        )
    return offices


def seed(count: int, *, seed_value: int = 20261125, offices=None) -> int:
    """Add `count` applications (and their parents) to the database; returns how many."""
    rng = random.Random(seed_value + Application.objects.count())
    offices = offices or ensure_offices()
    schedule = FeeSchedule.objects.order_by("-year").first()
    schedules = {s.year: s for s in FeeSchedule.objects.filter(region=schedule.region)}
    files = _shared_files()
    password = make_password(None)  # seeded parents never sign in with a password
    now = timezone.now()
    today = timezone.localdate()
    chosen, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    start = User.objects.count()
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"bench{start + created + i}@example.com",
                    password=password,
                    language="zh-hans",
                    email_confirmed_at=now,
                )
                for i in range(size)
            )
            applications, moments = [], []
            for i, user in enumerate(users):
                status = rng.choices(chosen, weights)[0]
                started = now - datetime.timedelta(
                    days=rng.randint(0, 400), minutes=rng.randint(0, 1440)
                )
                submitted = (
                    started + datetime.timedelta(hours=rng.randint(1, 72))
                    if status != Status.DRAFT
                    else None
                )
                # When each move of its path was made: a few days apart, none still to come.
                steps, moment = [], submitted
                for _step in PATH_TO[status]:
                    steps.append(min(moment, now))
                    moment = moment + datetime.timedelta(days=rng.randint(1, 10))
                moments.append(steps)
                applications.append(
                    Application(
                        owner=user,
                        office=offices[(start + created + i) % len(offices)],
                        status=status,
                        reference_number=(
                            f"{submitted:%Y}-{(start + created + i) // 10000 % 10000:04d}-{(start + created + i) % 10000:04d}"
                            if submitted
                            else None
                        ),
                        subsidy_answered=True,
                        fee_schedule=schedule if submitted else None,
                        fee_due=schedule.individual_contribution if submitted else None,
                        submitted_at=submitted,
                        created_at=started,
                        updated_at=submitted or started,
                        status_changed_at=steps[-1] if steps else started,
                    )
                )
            with dates_as_given():
                applications = Application.objects.bulk_create(applications)
            children, registers, guardians, documents, history = [], [], [], [], []
            for offset, application in enumerate(applications):
                serial = start + created + offset
                born = today - datetime.timedelta(days=rng.randint(10, 17 * 365))
                male = serial % 2 == 1
                children.append(
                    Child(
                        application=application,
                        full_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                        id_number=resident_id(
                            born, male=male, serial=serial, region=_region_of(serial)
                        ),
                        date_of_birth=born,
                        sex="M" if male else "F",
                        first_enrollment=rng.random() < 0.3,
                    )
                )
                registers.append(
                    HouseholdRegister(
                        application=application,
                        register_number=f"{110000000 + serial}",
                        register_type="family",
                        address=f"示例区幸福路 {serial % 500} 号",
                        head_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                        relationship_to_head="child",
                    )
                )
                guardians.append(
                    Guardian(
                        application=application,
                        full_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                        relationship="mother",
                        id_number=resident_id(datetime.date(1988, 3, 1), male=False, serial=serial),
                        phone=f"138{serial % 100000000:08d}",
                    )
                )
                for kind, (name, size_in_bytes), content_type in [
                    (Document.Kind.REGISTER_HEAD_PAGE, files["png"], "image/png"),
                    (Document.Kind.REGISTER_CHILD_PAGE, files["pdf"], "application/pdf"),
                    (Document.Kind.PHOTO, files["jpg"], "image/jpeg"),
                ]:
                    documents.append(
                        Document(
                            application=application,
                            kind=kind,
                            file=name,
                            original_name=name.rsplit("/", 1)[-1],
                            content_type=content_type,
                            size=size_in_bytes,
                            confirmed_at=(
                                application.created_at if kind == Document.Kind.PHOTO else None
                            ),
                        )
                    )
                history.append(
                    StatusChange(
                        application=application,
                        from_status="",
                        to_status=Status.DRAFT,
                        changed_at=application.created_at,
                    )
                )
                previous = Status.DRAFT
                for step, moment in zip(PATH_TO[application.status], moments[offset], strict=True):
                    history.append(
                        StatusChange(
                            application=application,
                            from_status=previous,
                            to_status=step,
                            changed_at=moment,
                        )
                    )
                    previous = step
            Child.objects.bulk_create(children)
            _quote(applications, schedule)
            _register(applications, children, schedules, rng)
            HouseholdRegister.objects.bulk_create(registers)
            Guardian.objects.bulk_create(guardians)
            Document.objects.bulk_create(documents)
            StatusChange.objects.bulk_create(history)
        created += size
    return created


# The statuses whose way passes through verification, which registers the child.
REGISTERED = {status for status, path in PATH_TO.items() if Status.VERIFIED in path}


def _region_of(serial: int) -> str:
    """A region code per 998 children: an ID number has 998 order codes a day, and two seeded
    children born on the same day would otherwise share one (a child's record is one per ID
    number). Tianjin's prefix keeps them apart from the factories' Beijing children."""
    return f"12{serial // 998 % 10000:04d}"


def _quote(applications, schedule):
    """The year a submitted application pays for, as its submission froze it; a registered
    one's is on the child's record instead (_register)."""
    QuotedYear.objects.bulk_create(
        QuotedYear(
            application=application,
            year=schedule.year,
            fee_schedule=schedule,
            contribution=schedule.individual_contribution,
            amount_due=schedule.individual_contribution,
            pay_by=schedule.enrollment_closes,
            rule=QuotedYear.Rule.FROM_JANUARY,
            cover_starts=datetime.date(schedule.year, 1, 1),
            cover_ends=datetime.date(schedule.year, 12, 31),
        )
        for application in applications
        if application.submitted_at and application.status not in REGISTERED
    )


def _register(applications, children, schedules, rng):
    """The records of the registered children: the year their application pays for, due or
    paid as the application stands, and for most of them the earlier years the office keeps,
    paid (or, now and then, missed), as after a few years online."""
    registered = [
        (application, child)
        for application, child in zip(applications, children, strict=True)
        if application.status in REGISTERED
    ]
    insured = InsuredChild.objects.bulk_create(
        InsuredChild(
            id_number=child.id_number,
            full_name=child.full_name,
            date_of_birth=child.date_of_birth,
            sex=child.sex,
            office=application.office,
            registered_on=application.submitted_at.date(),
        )
        for application, child in registered
    )
    years = []
    newest = max(schedules)
    for (application, child), record in zip(registered, insured, strict=True):
        application.insured_child = record
        for year in range(max(newest - 2, child.date_of_birth.year), newest + 1):
            schedule = schedules.get(year)
            if schedule is None:
                continue
            current = year == newest
            paid = application.status != Status.VERIFIED if current else rng.random() < 0.9
            status = CoverYear.Status.PAID if paid else CoverYear.Status.LAPSED
            if current and not paid:
                status = CoverYear.Status.DUE
            paid_on = (
                application.submitted_at.date() if current else datetime.date(year - 1, 11, 20)
            )
            years.append(
                CoverYear(
                    child=record,
                    year=year,
                    application=application if current else None,
                    fee_schedule=schedule,
                    contribution=schedule.individual_contribution,
                    amount_due=schedule.individual_contribution,
                    pay_by=schedule.enrollment_closes,
                    rule=CoverYear.Rule.FROM_JANUARY,
                    cover_starts=datetime.date(year, 1, 1),
                    cover_ends=datetime.date(year, 12, 31),
                    status=status,
                    amount_paid=schedule.individual_contribution if paid else None,
                    paid_on=paid_on if paid else None,
                    ticket_number=f"T{year}{record.id_number[-8:]}" if paid else "",
                    payment_channel="wechat" if paid else "",
                )
            )
    Application.objects.bulk_update([a for a, _ in registered], ["insured_child"], batch_size=1000)
    CoverYear.objects.bulk_create(years)

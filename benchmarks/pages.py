"""The pages a parent or a member of staff uses, as (name, who, url) for one seeded database.

`make bench` times them; the regression test counts their queries with 10 and 1,000 applications.
"""

from dataclasses import dataclass

from django.urls import reverse

from enrollment import services
from enrollment.models import Application, CommunityOffice
from legal import loader
from legal.models import Article
from tests import factories

STEPS = ["office", "child", "household-register", "guardian", "photo", "fee"]


@dataclass(frozen=True)
class BenchPage:
    name: str
    who: str  # "anonymous", "parent", "staff" or "supervisor"
    url: str
    parent_page: bool = False  # counted against the 150 KB budget


@dataclass
class Actors:
    parent: object
    staff: object
    supervisor: object
    draft: Application
    submitted: Application


def make_actors() -> Actors:
    """The people the pages are measured as, with their own applications, among the seeded ones."""
    if not Article.objects.exists():
        loader.load_files()
    office = CommunityOffice.objects.order_by("pk").first()
    parent = factories.make_user("bench-parent@example.com")
    staff = factories.make_staff(office, "bench-staff@example.com")
    supervisor = factories.make_supervisor("bench-supervisor@example.com")
    for _ in range(2):
        factories.make_application(parent, office, upto="submitted")
    submitted = factories.make_application(parent, office, upto="submitted")
    services.application_verify(application=submitted, by=staff)
    draft = factories.make_application(parent, office, upto="fee")
    return Actors(parent, staff, supervisor, draft, Application.objects.get(pk=submitted.pk))


def pages(actors: Actors) -> list[BenchPage]:
    draft, submitted = actors.draft, actors.submitted
    some_child = (
        Application.objects.filter(office=submitted.office)
        .exclude(status="draft")
        .select_related("child")
        .last()
    )
    changelist = reverse("admin:enrollment_application_changelist")
    return [
        *[
            BenchPage(
                f"wizard: {step}",
                "parent",
                reverse("enrollment:step", args=[draft.public_id, step]),
                True,
            )
            for step in STEPS
        ],
        BenchPage(
            "check answers", "parent", reverse("enrollment:check", args=[draft.public_id]), True
        ),
        BenchPage(
            "declaration", "parent", reverse("enrollment:declaration", args=[draft.public_id]), True
        ),
        BenchPage("my applications", "parent", reverse("enrollment:my_applications"), True),
        BenchPage(
            "status", "parent", reverse("enrollment:application", args=[submitted.public_id]), True
        ),
        BenchPage(
            "confirmation",
            "parent",
            reverse("enrollment:confirmation", args=[submitted.public_id]),
            True,
        ),
        BenchPage("checklist (public)", "anonymous", reverse("enrollment:public_checklist"), True),
        BenchPage(
            "print: checklist",
            "parent",
            reverse("enrollment:print_checklist", args=[submitted.public_id]),
            True,
        ),
        BenchPage(
            "print: form",
            "parent",
            reverse("enrollment:print_form", args=[submitted.public_id]),
            True,
        ),
        BenchPage("start page", "anonymous", reverse("enrollment:start"), True),
        BenchPage("legal index", "anonymous", reverse("legal:index"), True),
        BenchPage(
            "legal article", "anonymous", Article.objects.get(number=4).get_absolute_url(), True
        ),
        BenchPage("admin list (staff)", "staff", changelist),
        BenchPage("admin list (supervisor)", "supervisor", changelist),
        BenchPage(
            "admin list filtered",
            "staff",
            changelist + "?status__exact=submitted&category=preschool",
        ),
        BenchPage(
            "admin search: ID number", "staff", changelist + f"?q={some_child.child.id_number}"
        ),
        BenchPage(
            "admin search: reference", "staff", changelist + f"?q={some_child.reference_number}"
        ),
        BenchPage("admin search: name", "staff", changelist + f"?q={some_child.child.full_name}"),
        BenchPage(
            "admin change page",
            "staff",
            reverse("admin:enrollment_application_change", args=[submitted.pk]),
        ),
    ]

"""Who gets what, for every URL that shows or changes an application or its files: anonymous,
another parent, the owner, staff of another office, staff of the office, a supervisor.

The URLs come from the URLconf: a new URL that takes an application fails
`test_every_application_url_has_expectations` until its row is written here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from enrollment import card_batches, payment_import, uploads, wizard
from enrollment.children import renewals
from enrollment.models import Application, CardBatch, FeeSchedule, PaymentImport
from tools import factories
from tools.factories import make_application, make_staff, make_supervisor, years_ago
from tools.fake import PDF_BYTES, resident_id

from ..answers import STEP_ORDER
from ..pages import sign_in_url

NEXT_YEAR = timezone.localdate().year + 1
ROLES = ["anonymous", "other_parent", "owner", "other_staff", "office_staff", "supervisor"]
OK, NOT_FOUND, SIGN_IN, ADMIN_SIGN_IN, AWAY = (
    "ok",
    "not found",
    "sign in",
    "admin sign in",
    "sent away",
)

PARENT_PAGE = dict(
    anonymous=SIGN_IN,
    other_parent=NOT_FOUND,
    owner=OK,
    other_staff=NOT_FOUND,
    office_staff=NOT_FOUND,
    supervisor=NOT_FOUND,
)
SHARED_WITH_REVIEWERS = dict(
    anonymous=SIGN_IN,
    other_parent=NOT_FOUND,
    owner=OK,
    other_staff=NOT_FOUND,
    office_staff=OK,
    supervisor=OK,
)
ADMIN_PAGE = dict(
    anonymous=ADMIN_SIGN_IN,
    other_parent=ADMIN_SIGN_IN,
    owner=ADMIN_SIGN_IN,
    other_staff=AWAY,
    office_staff=OK,
    supervisor=OK,
)
ADMIN_MOVE = dict(ADMIN_PAGE, other_staff=NOT_FOUND)

EXPECTED = {
    "enrollment:application": PARENT_PAGE,
    "enrollment:check": PARENT_PAGE,
    "enrollment:declaration": PARENT_PAGE,
    "enrollment:confirmation": PARENT_PAGE,
    "enrollment:withdraw": PARENT_PAGE,
    "enrollment:delete_draft": PARENT_PAGE,
    "enrollment:step": PARENT_PAGE,
    "enrollment:print_checklist": SHARED_WITH_REVIEWERS,
    "enrollment:print_form": SHARED_WITH_REVIEWERS,
    "enrollment:document": SHARED_WITH_REVIEWERS,
    "admin:enrollment_application_change": ADMIN_PAGE,
    "admin:enrollment_application_move": ADMIN_MOVE,
    "admin:enrollment_application_by_reference": dict(ADMIN_PAGE, other_staff=AWAY),
    # The child's record of contributions: the parent's pages, and the office's in the admin.
    "enrollment:child_record": PARENT_PAGE,
    "enrollment:child_record_print": PARENT_PAGE,
    "enrollment:renew": PARENT_PAGE,
    "enrollment:renewal_proof": SHARED_WITH_REVIEWERS,
    "admin:enrollment_insuredchild_change": ADMIN_PAGE,
    "admin:enrollment_insuredchild_record_payment": ADMIN_MOVE,
    # Payment lists: any reviewer uploads one for their own office; an import is seen by its
    # office's staff and the supervisors (its confirm URL is POST only: CHANGES below).
    "admin:enrollment_paymentimport_add": dict(ADMIN_PAGE, other_staff=OK),
    "admin:enrollment_paymentimport_change": ADMIN_PAGE,
    # Card batches: any reviewer sends their own office's (the page lists only theirs); a batch,
    # and its ZIP of full ID numbers and photos, only for its office's staff and supervisors
    # (marking it issued is POST only: CHANGES below).
    "admin:enrollment_cardbatch_add": dict(ADMIN_PAGE, other_staff=OK),
    "admin:enrollment_cardbatch_change": ADMIN_MOVE,
    "admin:enrollment_cardbatch_download": ADMIN_MOVE,
}


def urls(name, application):
    if name.startswith("enrollment:child_record") or name == "enrollment:renew":
        return [reverse(name, args=[application.insured_child.public_id])]
    if name == "enrollment:renewal_proof":
        return [reverse(name, args=[application.insured_child.public_id, NEXT_YEAR])]
    if name == "admin:enrollment_insuredchild_change":
        return [reverse(name, args=[application.insured_child.pk])]
    if name == "admin:enrollment_insuredchild_record_payment":
        return [reverse(name, args=[application.insured_child.pk, NEXT_YEAR])]
    if name == "admin:enrollment_paymentimport_add":
        return [reverse(name)]
    if name.startswith("admin:enrollment_paymentimport_"):
        return [reverse(name, args=[PaymentImport.objects.get().pk])]
    if name == "admin:enrollment_cardbatch_add":
        return [reverse(name)]
    if name.startswith("admin:enrollment_cardbatch_"):
        return [reverse(name, args=[CardBatch.objects.get().pk])]
    if name == "enrollment:step":
        return [
            reverse(name, args=[application.public_id, step.identifier]) for step in wizard.STEPS
        ]
    if name == "enrollment:document":
        return [reverse(name, args=[application.public_id, "register_head_page"])]
    if name == "admin:enrollment_application_move":
        return [
            reverse(name, args=[application.pk, move]) for move in ("return", "verify", "reject")
        ]
    if name == "admin:enrollment_application_by_reference":
        return [reverse(name, args=[application.reference_number])]
    if name.startswith("admin:"):
        return [reverse(name, args=[application.pk])]
    return [reverse(name, args=[application.public_id])]


def outcome(response, application):
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return SIGN_IN
        if location.startswith(reverse("admin:login")):
            return ADMIN_SIGN_IN
        if location in (reverse("admin:index"), reverse("admin:enrollment_application_changelist")):
            return AWAY
        # The owner's pages move a submitted application to the page that fits its status, and
        # the QR code's address opens the application for its reviewers: these pages exactly.
        if location in (
            reverse("enrollment:application", args=[application.public_id]),
            reverse("enrollment:confirmation", args=[application.public_id]),
            reverse("admin:enrollment_application_change", args=[application.pk]),
        ):
            return OK
    return f"HTTP {response.status_code}"


@pytest.fixture
def people(db):
    office = factories.make_office("The office")
    factories.make_recent_schedules(region=office.region)
    owner = factories.make_user("owner@example.com")
    application = make_application(owner, office, upto="submitted")
    office_staff = make_staff(office, "office-staff@example.com")
    # The record of another of the owner's children, covered this year and renewed for the
    # next with a subsidy group's proof: what the child URLs show.
    sibling = factories.make_covered_child(
        owner, office, staff=office_staff, child_id=resident_id(years_ago(4))
    )
    child = sibling.insured_child
    group = factories.make_subsidy(FeeSchedule.objects.get(region=office.region, year=NEXT_YEAR))
    renewals.renewal_confirm(
        child=child,
        parent=owner,
        details=renewals.current_details(child),
        subsidy=group,
        proof=uploads.check_document(factories.upload("proof.pdf", PDF_BYTES)),
    )
    application.insured_child = child
    payment_list = f"ID number,Name,Year,Amount,Date paid,Ticket number\r\n{child.id_number},"
    payment_list += f"{child.full_name},{NEXT_YEAR},400.00,{timezone.localdate()},T1\r\n"
    payment_import.payment_import_store(
        payment_list=payment_import.read_upload(
            SimpleUploadedFile("list.csv", payment_list.encode())
        ),
        by=office_staff,
    )
    paid = factories.move_to(
        make_application(owner, office, upto="submitted", child_id=resident_id(years_ago(2))),
        "paid",
        staff=office_staff,
    )
    card_batches.card_batch_send(office=office, applications=[paid], by=office_staff)
    return application, {
        "anonymous": None,
        "other_parent": factories.make_user("other@example.com"),
        "owner": owner,
        "other_staff": make_staff(
            factories.make_office("Another office"), "other-staff@example.com"
        ),
        "office_staff": office_staff,
        "supervisor": make_supervisor("supervisor@example.com"),
    }


def test_every_application_url_has_expectations():
    resolver = get_resolver()
    enrollment = {
        f"enrollment:{p.name}"
        for p in resolver.namespace_dict["enrollment"][1].url_patterns
        if isinstance(p, URLPattern) and "public_id" in p.pattern.converters
    }
    admin_application = {
        name
        for name in resolver.reverse_dict.keys()
        if isinstance(name, str)
        and name.startswith("enrollment_application_")
        and "changelist" not in name
    }
    admin_application = (
        {f"admin:{name}" for name in admin_application}
        - {
            "admin:enrollment_application_add",  # no one adds applications in the admin
            "admin:enrollment_application_delete",  # nor deletes them
            "admin:enrollment_application_history",  # Django's log, read-only; covered by the change page's rules
        }
    )
    admin_child = {
        f"admin:{name}"
        for name in resolver.reverse_dict.keys()
        if isinstance(name, str)
        and name.startswith("enrollment_insuredchild_")
        # The list is the office's own (test_insured_children); no one adds or deletes a
        # record, and Django's log follows the change page's rules.
        and name.rsplit("_", 1)[1] not in ("changelist", "add", "delete", "history")
    }
    admin_import = {
        f"admin:{name}"
        for name in resolver.reverse_dict.keys()
        if isinstance(name, str)
        and name.startswith("enrollment_paymentimport_")
        # The list is the office's own (test_payment_import), confirming is POST only (CHANGES),
        # no one deletes an import, and Django's log follows the change page's rules.
        and name.rsplit("_", 1)[1] not in ("changelist", "confirm", "delete", "history")
    }
    admin_batch = {
        f"admin:{name}"
        for name in resolver.reverse_dict.keys()
        if isinstance(name, str)
        and name.startswith("enrollment_cardbatch_")
        # The list is the office's own (test_card_batches), marking a batch issued is POST only
        # (CHANGES), no one deletes a batch, and Django's log follows the change page's rules.
        and name.rsplit("_", 1)[1] not in ("changelist", "issue", "delete", "history")
    }
    missing = (enrollment | admin_application | admin_child | admin_import | admin_batch) - set(
        EXPECTED
    )
    assert not missing, f"write the expected answers for {missing}"


def test_each_role_gets_the_expected_answer_on_every_url(client, people):
    application, users = people
    checked, wrong = 0, []
    for name, expected_by_role in EXPECTED.items():
        for role in ROLES:
            client.logout()
            if users[role]:
                client.force_login(users[role])
            for url in urls(name, application):
                got = outcome(client.get(url), application)
                checked += 1
                if got != expected_by_role[role]:
                    wrong.append(f"{role} GET {url}: {got}, expected {expected_by_role[role]}")
    assert not wrong, "\n".join(wrong)
    # 25 URLs besides one per step of the wizard.
    expected_count = len(ROLES) * (25 + len(STEP_ORDER))
    assert checked == len(ROLES) * sum(len(urls(name, application)) for name in EXPECTED)
    assert checked == expected_count


CHANGES = [
    ("enrollment:withdraw", {"reason": "not mine"}),
    ("enrollment:declaration", {"confirmed": "on"}),
    ("enrollment:step", {"full_name": "Intruder", "office": "1"}),
    (
        "admin:enrollment_application_move",
        {"changes_needed": "x", "originals_seen": "on", "reason": "x"},
    ),
    ("admin:enrollment_paymentimport_confirm", {}),
    ("admin:enrollment_cardbatch_issue", {"issued_on": timezone.localdate().isoformat()}),
]


@pytest.mark.parametrize("role", ["anonymous", "other_parent", "other_staff"])
def test_no_one_else_can_change_the_application(client, people, role):
    application, users = people
    if users[role]:
        client.force_login(users[role])
    before = Application.objects.get(pk=application.pk)
    for name, data in CHANGES:
        sign_in = "admin:login" if name.startswith("admin:") else "login"
        for url in urls(name, application):
            response = client.post(url, data)
            assert response.status_code in (302, 404), url
            if response.status_code == 302:
                # Only to sign in, and back to this address; never on to the application.
                assert response["Location"] == sign_in_url(url, sign_in), url
    assert CardBatch.objects.get().issued_at is None
    after = Application.objects.get(pk=application.pk)
    assert (after.status, after.child.full_name, after.history.count()) == (
        before.status,
        before.child.full_name,
        before.history.count(),
    )


def test_the_dashboard_and_the_card_batches_stay_within_the_office(client, people):
    """The admin's first page and the list of card batches: parents are sent to the admin's
    sign-in; another office's staff see neither this office's applications nor its batches."""
    application, users = people
    batch = CardBatch.objects.get()
    pages = [reverse("admin:index"), reverse("admin:enrollment_cardbatch_changelist")]
    for role in ("owner", "other_parent"):
        client.force_login(users[role])
        for url in pages:
            assert outcome(client.get(url), application) == ADMIN_SIGN_IN, (role, url)
    client.force_login(users["other_staff"])
    for url in pages:
        shown = client.get(url).content.decode()
        assert application.reference_number not in shown, url
        assert batch.number not in shown, url
    client.force_login(users["office_staff"])
    assert application.reference_number in client.get(pages[0]).content.decode()
    assert batch.number in client.get(pages[1]).content.decode()

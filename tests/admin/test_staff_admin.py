"""Staff review in the Django admin: each member of staff sees and acts on their own office's
applications only; supervisors on every office's."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enrollment import wizard
from enrollment.applications import services, statuses
from enrollment.models import Application, CommunityOffice, FeeSchedule
from enrollment.roles import OFFICE_STAFF, SUPERVISORS
from tools import factories
from tools.factories import make_application, make_supervisor, move_to, years_ago

from ..expected_statuses import staff_moves_from
from ..pages import assert_redirects_to, sign_in_url, soup, text

CHANGELIST = "admin:enrollment_application_changelist"


def change_url(application):
    return reverse("admin:enrollment_application_change", args=[application.pk])


def move_url(application, move):
    return reverse("admin:enrollment_application_move", args=[application.pk, move])


@pytest.fixture
def other_office(db):
    office = factories.make_office(
        name_zh_hans="另一个社区", name_en="Another office", region="Example District"
    )
    return office


@pytest.fixture
def ours(parent, office):
    return make_application(parent, office, upto="submitted")


@pytest.fixture
def theirs(other_parent, other_office):
    return make_application(other_parent, other_office, upto="submitted")


# --- The list -----------------------------------------------------------------------------


def test_staff_see_only_their_offices_submitted_applications(
    staff_client, ours, theirs, parent, office
):
    draft = make_application(parent, office)
    content = text(staff_client.get(reverse(CHANGELIST)))
    assert ours.reference_number in content
    assert theirs.reference_number not in content
    assert str(draft) not in content


def test_a_supervisor_sees_every_office(client, ours, theirs):
    client.force_login(make_supervisor())
    content = text(client.get(reverse(CHANGELIST)))
    assert ours.reference_number in content and theirs.reference_number in content


def test_the_list_masks_id_numbers_and_shows_the_useful_columns(staff_client, ours):
    response = staff_client.get(reverse(CHANGELIST))
    content = text(response)
    full_id = ours.child.id_number
    assert full_id not in content
    assert f"{full_id[:6]}********{full_id[-4:]}" in content
    for column in [
        "Reference number",
        "Child",
        "Category",
        "Status",
        "Submitted",
        "Working days waiting",
    ]:
        assert column.lower() in content.lower()


@pytest.mark.parametrize("field", ["reference", "name", "id_number"])
def test_staff_search_by_reference_name_or_full_id_number(
    staff_client, parent, office, ours, field
):
    other = make_application(parent, office, upto="submitted")
    other.child.full_name = "李四"
    other.child.save()
    query = {
        "reference": ours.reference_number,
        "name": "王小明",
        "id_number": ours.child.id_number,
    }[field]
    content = text(staff_client.get(reverse(CHANGELIST), {"q": query}))
    assert ours.reference_number in content
    assert other.reference_number not in content


def test_staff_filter_by_status_category_and_date(staff_client, parent, office, staff):
    school_child = make_application(parent, office, upto="submitted", born=years_ago(9))
    verified = move_to(
        make_application(parent, office, upto="submitted", born=years_ago(4)),
        "verified",
        staff=staff,
    )
    by_status = text(staff_client.get(reverse(CHANGELIST), {"status__exact": "verified"}))
    assert verified.reference_number in by_status and school_child.reference_number not in by_status
    preschool = text(staff_client.get(reverse(CHANGELIST), {"category": "preschool"}))
    assert verified.reference_number in preschool and school_child.reference_number not in preschool
    school_age = text(staff_client.get(reverse(CHANGELIST), {"category": "school_age"}))
    assert (
        school_child.reference_number in school_age and verified.reference_number not in school_age
    )
    page = soup(staff_client.get(reverse(CHANGELIST)))
    today_link = page.find("a", string="Today")["href"]
    dated = text(staff_client.get(reverse(CHANGELIST) + today_link))
    assert school_child.reference_number in dated


def test_the_status_filter_offers_every_status_staff_meet_and_not_draft(staff_client, ours):
    page = soup(staff_client.get(reverse(CHANGELIST)))
    status_filter = page.find("details", {"data-filter-title": "status"})
    offered = [link.get_text(strip=True) for link in status_filter.find_all("a")]
    assert offered == ["All"] + [
        status.label for status in Application.Status if status != Application.Status.DRAFT
    ]


def test_the_submission_date_filter_offers_no_undated_choice(staff_client, ours):
    page = soup(staff_client.get(reverse(CHANGELIST)))
    date_filter = page.find("details", {"data-filter-title": "submitted"})
    offered = [link.get_text(strip=True) for link in date_filter.find_all("a")]
    assert offered == ["Any date", "Today", "Past 7 days", "This month", "This year"]


def test_only_supervisors_are_offered_the_office_filter(client, staff_client, ours, theirs):
    assert "By community office" not in text(staff_client.get(reverse(CHANGELIST)))
    client.force_login(make_supervisor())
    assert "By community office" in text(client.get(reverse(CHANGELIST)))


def test_the_csv_export_holds_the_offices_applications_without_full_id_numbers(
    staff_client, ours, theirs
):
    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "export_csv", "_selected_action": [ours.pk, theirs.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "reference number"
    assert [row[0] for row in rows[1:]] == [ours.reference_number]
    assert ours.child.id_number not in response.content.decode("utf-8-sig")
    assert rows[1][2].count("*") == 8


def test_the_csv_export_defuses_spreadsheet_formulas(staff_client, ours):
    ours.child.full_name = "=HYPERLINK(evil)"
    ours.child.save()
    response = staff_client.post(
        reverse(CHANGELIST), {"action": "export_csv", "_selected_action": [ours.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(evil)"


def test_staff_without_an_office_and_parents_cannot_use_the_review_admin(client, ours):
    client.force_login(factories.make_user("loose@example.com", is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403
    client.force_login(factories.make_user("just-a-parent@example.com"))
    assert_redirects_to(
        client.get(reverse(CHANGELIST)), sign_in_url(reverse(CHANGELIST), "admin:login")
    )


# --- The change page ----------------------------------------------------------------------


def test_the_change_page_shows_the_answers_documents_history_and_moves(staff_client, ours):
    response = staff_client.get(change_url(ours))
    assert response.status_code == 200
    page = soup(response)
    content = text(response)
    assert (
        ours.child.full_name in content
        and ours.guardian.phone in content
        and ours.household_register.address in content
    )
    document_url = reverse("enrollment:document", args=[ours.public_id, "register_head_page"])
    assert page.select_one(f'a[href="{document_url}"]')
    assert "Draft" in content and "Submitted" in content  # the history
    moves = {a["href"] for a in page.select("a.button")}
    assert moves == {move_url(ours, m) for m in staff_moves_from("submitted")}
    assert not page.select('input[name="_save"]')  # read-only


def test_staff_cannot_open_another_offices_application(staff_client, theirs):
    response = staff_client.get(change_url(theirs))
    assert_redirects_to(response, reverse("admin:index"))
    assert theirs.child.full_name not in text(staff_client.get(response["Location"]))


def test_staff_cannot_move_another_offices_application(staff_client, theirs):
    for move in ["return", "verify", "reject"]:
        assert staff_client.get(move_url(theirs, move)).status_code == 404
        staff_client.post(
            move_url(theirs, move), {"changes_needed": "x", "originals_seen": "on", "reason": "x"}
        )
    assert Application.objects.get(pk=theirs.pk).status == Application.Status.SUBMITTED


def test_staff_open_their_offices_files_and_not_another_offices(staff_client, ours, theirs):
    mine = staff_client.get(
        reverse("enrollment:document", args=[ours.public_id, "register_head_page"])
    )
    assert mine.status_code == 200
    assert (
        staff_client.get(
            reverse("enrollment:document", args=[theirs.public_id, "register_head_page"])
        ).status_code
        == 404
    )


def test_staff_cannot_open_the_files_of_a_draft(staff_client, parent, office):
    draft = make_application(parent, office, before=wizard.GuardianStep)
    url = reverse("enrollment:document", args=[draft.public_id, "register_head_page"])
    assert staff_client.get(url).status_code == 404


# --- Moves through the admin --------------------------------------------------------------


def test_staff_return_an_application_with_what_to_change(staff_client, ours):
    response = staff_client.post(
        move_url(ours, "return"), {"changes_needed": "The child's page is blurred."}
    )
    assert response["Location"] == change_url(ours)
    ours.refresh_from_db()
    assert ours.status == Application.Status.RETURNED
    assert ours.history.last().note == "The child's page is blurred."


def test_a_move_form_with_errors_comes_back_and_changes_nothing(staff_client, ours, staff):
    response = staff_client.post(move_url(ours, "return"), {"changes_needed": ""})
    assert response.status_code == 200
    assert "Say what the parent must change" in text(response)
    verified = move_to(ours, "verified", staff=staff)
    response = staff_client.post(
        move_url(verified, "record_payment"),
        {"receipt_number": "", "amount": "abc", "paid_on": "2999-01-01", "channel": "cash"},
    )
    content = text(response)
    for message in [
        "Enter the receipt number",
        "Enter the amount in yuan",
        "cannot be in the future",
        "Select how the family paid",
    ]:
        assert message in content
    assert Application.objects.get(pk=ours.pk).status == Application.Status.VERIFIED


def test_the_payment_form_starts_with_the_fee_due_and_today(staff_client, ours, staff):
    verified = move_to(ours, "verified", staff=staff)
    page = soup(staff_client.get(move_url(verified, "record_payment")))
    assert page.find(id="id_amount")["value"] == str(verified.fee_due)
    assert page.find(id="id_paid_on")["value"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("move", "date_field", "status"),
    [("record_payment", "id_paid_on", "verified"), ("issue_card", "id_issued_on", "paid")],
)
def test_the_date_pickers_start_at_today_written_yyyy_mm_dd_in_every_language(
    staff_client, ours, staff, language, move, date_field, status
):
    application = move_to(ours, status, staff=staff)
    response = staff_client.get(move_url(application, move), headers={"Accept-Language": language})
    assert response["Content-Language"] == language
    date_picker = soup(response).find(id=date_field)
    assert date_picker["type"] == "date"
    assert date_picker["value"] == timezone.localdate().isoformat()


def test_dates_sent_by_the_date_pickers_are_taken_in_chinese(staff_client, ours, staff):
    verified = move_to(ours, "verified", staff=staff)
    paid_on = timezone.localdate() - datetime.timedelta(days=3)
    in_chinese = {"Accept-Language": "zh-hans"}
    response = staff_client.post(
        move_url(verified, "record_payment"),
        {
            "receipt_number": "R-77",
            "amount": "400.00",
            "paid_on": paid_on.isoformat(),
            "channel": "alipay",
        },
        headers=in_chinese,
    )
    assert_redirects_to(response, change_url(verified))
    response = staff_client.post(
        move_url(verified, "issue_card"),
        {
            "card_number": "A12345678",
            "issued_on": paid_on.isoformat(),
            "collection_place": "The office counter",
        },
        headers=in_chinese,
    )
    assert_redirects_to(response, change_url(verified))
    issued = Application.objects.get(pk=ours.pk)
    assert issued.status == Application.Status.CARD_ISSUED
    assert (issued.paid_on, issued.card_issued_on) == (paid_on, paid_on)


def paid_days_ago(application, staff, days):
    """The application verified and paid `days` days ago (Beijing time)."""
    verified = move_to(application, "verified", staff=staff)
    return services.application_record_payment(
        application=verified,
        by=staff,
        receipt_number="R-0001",
        amount=verified.fee_due,
        paid_on=timezone.localdate() - datetime.timedelta(days=days),
        channel="wechat",
    )


def english_date(day):
    return f"{day.day} {day:%B} {day.year}"


@pytest.mark.parametrize("when", ["tomorrow", "far_future", "before_payment"])
def test_the_card_form_refuses_a_future_date_or_one_before_the_payment(
    staff_client, ours, staff, when
):
    paid = paid_days_ago(ours, staff, 5)
    issued_on, message = {
        "tomorrow": (
            timezone.localdate() + datetime.timedelta(days=1),
            "The date the card was issued cannot be in the future",
        ),
        "far_future": (
            datetime.date(2099, 12, 31),
            "The date the card was issued cannot be in the future",
        ),
        "before_payment": (
            paid.paid_on - datetime.timedelta(days=1),
            f"The card cannot be issued before the fee was paid on {english_date(paid.paid_on)}",
        ),
    }[when]
    history_before = paid.history.count()
    mail.outbox.clear()
    response = staff_client.post(
        move_url(paid, "issue_card"),
        {
            "card_number": "A12345678",
            "issued_on": issued_on.isoformat(),
            "collection_place": "The office counter",
        },
    )
    assert response.status_code == 200
    page = soup(response)
    beside = page.find(id="id_issued_on_error")
    assert beside is not None and message in " ".join(beside.get_text().split())
    assert "id_issued_on_error" in page.find(id="id_issued_on")["aria-describedby"].split()
    after = Application.objects.get(pk=paid.pk)
    assert after.status == Application.Status.PAID
    assert (after.card_number, after.card_issued_on) == ("", None)
    assert after.history.count() == history_before
    assert mail.outbox == []


@pytest.mark.parametrize("when", ["the_payment_day", "today"])
def test_the_card_may_be_issued_on_the_payment_day_or_today(staff_client, ours, staff, when):
    paid = paid_days_ago(ours, staff, 5)
    issued_on = {"the_payment_day": paid.paid_on, "today": timezone.localdate()}[when]
    response = staff_client.post(
        move_url(paid, "issue_card"),
        {
            "card_number": "A12345678",
            "issued_on": issued_on.isoformat(),
            "collection_place": "The office counter",
        },
    )
    assert response["Location"] == change_url(paid)
    issued = Application.objects.get(pk=paid.pk)
    assert (issued.status, issued.card_issued_on) == (Application.Status.CARD_ISSUED, issued_on)


def test_the_verify_form_says_the_note_goes_to_the_parent(staff_client, ours):
    page = soup(staff_client.get(move_url(ours, "verify")))
    described_by = page.find(id="id_note")["aria-describedby"].split()
    help_texts = [" ".join(page.find(id=ref).get_text().split()) for ref in described_by]
    assert "The parent reads this in the email and on the application's page." in help_texts


def test_the_note_given_with_the_verification_reaches_the_parent(
    staff_client, ours, parent, django_capture_on_commit_callbacks
):
    note = "Bring the vaccination booklet when you collect the card."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(move_url(ours, "verify"), {"originals_seen": "on", "note": note})
    assert Application.objects.get(pk=ours.pk).status == Application.Status.VERIFIED
    (notice,) = mail.outbox
    assert notice.to == [parent.email]
    assert note in notice.body and note in notice.alternatives[0][0]
    parent_browser = Client(headers={"Accept-Language": "en"})
    parent_browser.force_login(parent)
    page = parent_browser.get(reverse("enrollment:application", args=[ours.public_id]))
    assert note in text(page)


def test_a_move_not_allowed_from_the_status_is_refused_with_a_message(staff_client, ours):
    response = staff_client.post(
        move_url(ours, "issue_card"),
        {"card_number": "X1", "issued_on": "2026-01-01", "collection_place": "x"},
        follow=True,
    )
    assert "is not possible for an application that is" in text(response)
    assert Application.objects.get(pk=ours.pk).status == Application.Status.SUBMITTED


def test_an_unknown_move_is_not_found(staff_client, ours):
    assert staff_client.get(move_url(ours, "approve-everything")).status_code == 404


# --- Offices, staff and fees are the supervisors' ----------------------------------------


def test_the_roles_exist_with_their_permissions(db):
    supervisors = set(
        Group.objects.get(name=SUPERVISORS).permissions.values_list("codename", flat=True)
    )
    staff = set(Group.objects.get(name=OFFICE_STAFF).permissions.values_list("codename", flat=True))
    assert {
        "change_communityoffice",
        "change_feeschedule",
        "add_staffmembership",
        "review_all_offices",
        "change_article",
        "view_feeschedulechange",
    } <= supervisors
    assert "change_feeschedulechange" not in supervisors  # the history is never edited
    assert staff == {
        "view_communityoffice",
        "view_feeschedule",
        "view_subsidycategory",
        "view_feeschedulechange",
    }


def test_supervisors_manage_offices_and_fee_schedules(client, office):
    client.force_login(make_supervisor())
    url = reverse("admin:enrollment_communityoffice_change", args=[office.pk])
    data = {
        "name_zh_hans": office.name,
        "region": office.region,
        "address_zh_hans": "1 New Street",
        "opening_hours_zh_hans": "Mon–Fri 8:30–17:30",
        "phone": "010-1234 5678",
        "email": "",
        "requires_birth_certificate": "on",
        "is_active": "on",
        "waiting_limit_working_days": "5",
    }
    assert_redirects_to(
        client.post(url, data), reverse("admin:enrollment_communityoffice_changelist")
    )
    assert CommunityOffice.objects.get(pk=office.pk).address == "1 New Street"
    assert client.get(reverse("admin:enrollment_feeschedule_add")).status_code == 200
    assert client.get(reverse("admin:enrollment_staffmembership_add")).status_code == 200


def test_staff_read_offices_and_fees_but_cannot_change_them(staff_client, office):
    url = reverse("admin:enrollment_communityoffice_change", args=[office.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "name_zh_hans": "Renamed",
            "region": "x",
            "address_zh_hans": "x",
            "opening_hours_zh_hans": "x",
            "phone": "x",
        },
    )
    assert response.status_code == 403
    assert CommunityOffice.objects.get(pk=office.pk).name == office.name
    schedule = FeeSchedule.objects.first()
    assert (
        staff_client.post(
            reverse("admin:enrollment_feeschedule_change", args=[schedule.pk]), {}
        ).status_code
        == 403
    )
    assert (
        staff_client.get(reverse("admin:enrollment_staffmembership_changelist")).status_code == 403
    )


def test_a_staff_move_that_asks_only_a_note_gets_a_page_of_its_own(staff_client, ours, monkeypatch):
    """A move added to the table of statuses with no form of its own (admin/forms.MOVE_FORMS)
    gets the note-only form: its button on the application's page, its page, the move made."""
    counter = statuses.Move(
        "send_back_at_the_counter",
        frozenset({statuses.Status.SUBMITTED}),
        statuses.Status.RETURNED,
        statuses.Actor.STAFF,
        "Send back at the counter",
    )
    monkeypatch.setitem(statuses.MOVES, counter.name, counter)
    page = soup(staff_client.get(change_url(ours)))
    assert page.select_one(f'a.button[href="{move_url(ours, counter.name)}"]')
    form_page = staff_client.get(move_url(ours, counter.name))
    assert "Send back at the counter" in text(form_page)
    response = staff_client.post(move_url(ours, counter.name), {"note": "Bring the register."})
    assert_redirects_to(response, change_url(ours))
    moved = Application.objects.get(pk=ours.pk)
    assert moved.status == "returned"
    assert moved.history.latest("id").note == "Bring the register."

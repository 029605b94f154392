"""When a returned application comes back, staff see what the parent changed since the return,
answer by answer and document by document, beside the office's request."""

import pytest
from django.test import Client
from django.urls import reverse

from enrollment.applications import answers, resubmission, services
from enrollment.models import Application, Document
from tools.factories import make_application, move_to, store_document, upload
from tools.fake import image_bytes

from ..pages import soup, text

REQUEST = "The child's page is blurred: scan it again. Check the guardian's phone number."


@pytest.fixture
def returned(parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    return services.application_return(application=application, by=staff, changes_needed=REQUEST)


def change_page(client, application):
    return client.get(reverse("admin:enrollment_application_change", args=[application.pk]))


def resubmit(application):
    return services.application_submit(
        application=Application.objects.get(pk=application.pk), by=application.owner
    )


def test_the_return_keeps_the_answers_as_the_office_saw_them(returned):
    kept = returned.history.get(to_status="returned").answers_at_return
    assert kept["answers"]["child"]["full_name"] == returned.child.full_name
    assert kept["answers"]["guardian"]["phone"] == returned.guardian.phone
    assert set(kept["documents"]) == set(returned.documents.values_list("kind", flat=True))


def test_staff_see_each_changed_answer_and_replaced_document_beside_the_request(
    staff_client, returned
):
    guardian = returned.guardian
    old_phone = guardian.phone
    guardian.phone = "13912345678"
    answers.answers_save(application=returned, part=guardian)
    store_document(
        returned,
        Document.Kind.REGISTER_CHILD_PAGE,
        upload("sharper.png", image_bytes(900, 700, "PNG"), "image/png"),
    )
    resubmit(returned)

    page = soup(change_page(staff_client, returned))
    section = page.select_one("#what-changed")
    assert section is not None
    shown = section.get_text(" ", strip=True)
    assert REQUEST in shown
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in section.select("tbody tr")
    ]
    assert ["Guardian", "Mobile phone number", old_phone, "13912345678"] in rows or any(
        row[2:] == [old_phone, "13912345678"] for row in rows
    )
    assert len(rows) == 1, rows
    assert "Household register: child's page: replaced with a new file" in shown


def test_a_resubmission_without_changes_says_so(staff_client, returned):
    resubmit(returned)
    shown = text(change_page(staff_client, returned))
    assert "without changing any answer or document" in shown


def test_an_added_document_is_listed_as_added(staff_client, parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    Document.objects.filter(application=application, kind=Document.Kind.GUARDIAN_ID).delete()
    returned = services.application_return(
        application=application, by=staff, changes_needed="Add the guardian's ID card."
    )
    store_document(returned, Document.Kind.GUARDIAN_ID)
    resubmit(returned)
    assert "Guardian's ID card: added" in text(change_page(staff_client, returned))


def test_the_changes_read_in_the_staff_members_language(staff, returned):
    child = returned.child
    child.full_name = "王新名"
    answers.answers_save(application=returned, part=child)
    resubmit(returned)
    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(staff)
    section = soup(change_page(client, returned)).select_one("#what-changed")
    row = [cell.get_text(strip=True) for cell in section.select_one("tbody tr").select("th, td")]
    assert row[2:] == ["王小明", "王新名"]
    assert row[:2] == ["孩子", "孩子姓名"]


def test_nothing_is_shown_before_a_return_or_once_the_application_moves_on(
    staff_client, parent, office, staff, returned
):
    fresh = make_application(parent, office, upto="submitted")
    assert resubmission.changes_since_return(fresh) is None
    assert soup(change_page(staff_client, fresh)).select_one("#what-changed") is None
    resubmit(returned)
    verified = move_to(Application.objects.get(pk=returned.pk), "verified", staff=staff)
    assert resubmission.changes_since_return(verified) is None


def test_a_second_return_compares_with_the_latest_one(staff_client, staff, returned):
    guardian = returned.guardian
    guardian.phone = "13912345678"
    answers.answers_save(application=returned, part=guardian)
    again = services.application_return(
        application=resubmit(returned), by=staff, changes_needed="Now the photo, please."
    )
    resubmit(again)
    shown = text(change_page(staff_client, again))
    assert "Now the photo, please." in shown
    assert "without changing any answer or document" in shown

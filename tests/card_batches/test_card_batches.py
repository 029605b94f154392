"""Card batches: an office sends its paid applications to the card centre together, downloads
the batch (list and photos), and marks the whole batch issued when the cards arrive."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrollment import card_batches
from enrollment.models import AccessLog, Application, CardBatch, Child, Document, StatusChange
from tools import factories
from tools.factories import make_application, make_staff, make_supervisor, move_to

from ..pages import assert_redirects_to, sign_in_url, soup, text

Status = Application.Status


def paid_application(office, staff, **answers):
    """A paid application of the office, each for a parent of its own."""
    return move_to(make_application(None, office, upto="submitted", **answers), "paid", staff=staff)


def fresh(application):
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def other_office(office):
    return factories.make_office(name_zh_hans="另一个社区", name_en="Another office")


@pytest.fixture
def paid(office, staff):
    return [paid_application(office, staff) for _ in range(2)]


@pytest.fixture
def batch(office, staff, paid):
    return card_batches.card_batch_send(office=office, applications=paid, by=staff)


def batch_url(batch, view="change"):
    return reverse(f"admin:enrollment_cardbatch_{view}", args=[batch.pk])


# --- Sending ------------------------------------------------------------------------------


def test_sending_moves_the_paid_applications_records_the_batch_in_history_and_tells_parents(
    office, staff, paid, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        batch = card_batches.card_batch_send(office=office, applications=paid, by=staff)
    assert batch.application_count == 2 and batch.office == office and batch.created_by == staff
    for application in paid:
        moved = fresh(application)
        assert moved.status == Status.SENT_TO_CARD_CENTRE
        assert moved.card_batch == batch
        change = moved.history.order_by("-id").first()
        assert (change.from_status, change.to_status) == (Status.PAID, Status.SENT_TO_CARD_CENTRE)
        assert change.changed_by == staff
        assert change.note == batch.number
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        application.owner.email for application in paid
    )
    assert all("card centre" in message.body for message in mail.outbox)


def test_batch_numbers_are_the_day_and_the_days_sequence(office, staff):
    first = card_batches.card_batch_send(
        office=office, applications=[paid_application(office, staff)], by=staff
    )
    second = card_batches.card_batch_send(
        office=office, applications=[paid_application(office, staff)], by=staff
    )
    day = timezone.localdate().strftime("%Y%m%d")
    assert (first.number, second.number) == (f"KP-{day}-0001", f"KP-{day}-0002")


@pytest.mark.parametrize("status", ["submitted", "verified", "card_issued"])
def test_sending_refuses_an_application_that_is_not_paid_and_sends_nothing(
    office, staff, paid, status
):
    not_paid = move_to(make_application(None, office, upto="submitted"), status, staff=staff)
    with pytest.raises(ValidationError) as refused:
        card_batches.card_batch_send(office=office, applications=[*paid, not_paid], by=staff)
    assert not_paid.reference_number in refused.value.messages[0]
    assert "only applications whose fee is paid" in refused.value.messages[0]
    assert not CardBatch.objects.exists()
    assert {fresh(a).status for a in paid} == {Status.PAID}


def test_sending_refuses_another_offices_application(office, staff, paid, other_office):
    supervisor = make_supervisor()
    theirs = paid_application(other_office, make_staff(other_office))
    with pytest.raises(ValidationError) as refused:
        card_batches.card_batch_send(office=office, applications=[*paid, theirs], by=supervisor)
    assert "another office's" in refused.value.messages[0]
    assert not CardBatch.objects.exists()


def test_sending_refuses_an_empty_batch(office, staff):
    with pytest.raises(ValidationError, match="Tick at least one"):
        card_batches.card_batch_send(office=office, applications=[], by=staff)


def test_staff_cannot_send_another_offices_applications(office, paid, other_office):
    with pytest.raises(PermissionDenied):
        card_batches.card_batch_send(office=office, applications=paid, by=make_staff(other_office))
    assert not CardBatch.objects.exists()


# --- The export ---------------------------------------------------------------------------


def read_csv(content: bytes):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_has_the_childs_full_id_number_and_masks_the_guardians(batch, paid):
    rows = read_csv(card_batches.card_batch_csv(batch))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["No.", "reference number", "child's full name"]
    assert len(body) == 2
    application = fresh(paid[0])
    row = next(r for r in body if r[1] == application.reference_number)
    child, guardian = application.child, application.guardian
    assert child.id_number in row
    assert guardian.id_number not in row
    assert f"{guardian.id_number[:6]}********{guardian.id_number[-4:]}" in row
    assert guardian.phone not in row and "138****8000" in row
    assert child.date_of_birth.isoformat() in row and "Male" in row


def test_the_csv_headers_follow_the_active_language(batch):
    from django.utils import translation

    with translation.override("zh-hans"):
        header = read_csv(card_batches.card_batch_csv(batch))[0]
    assert header[1:3] == ["受理编号", "孩子姓名"]


def test_the_csv_defuses_spreadsheet_formulas(batch, paid):
    Child.objects.filter(application=paid[0]).update(full_name="=HYPERLINK(1)")  # as typed
    rows = read_csv(card_batches.card_batch_csv(batch))
    assert "'=HYPERLINK(1)" in [cell for row in rows for cell in row]


def test_the_zips_photos_are_the_ones_its_csv_rows_name(batch, paid, office, staff):
    with zipfile.ZipFile(io.BytesIO(card_batches.card_batch_zip(batch))) as archive:
        names = set(archive.namelist())
        rows = read_csv(archive.read(f"card-batch-{batch.number}.csv"))
        photo_column = rows[0].index("photo file")
        for row in rows[1:]:
            application = Application.objects.get(reference_number=row[1])
            expected = f"photos/{int(row[0]):04d}_{application.reference_number}.jpg"
            assert row[photo_column] == expected
            photo = application.documents.get(kind=Document.Kind.PHOTO)
            with photo.file.open("rb") as stored:
                assert archive.read(expected) == stored.read()
        assert names == {f"card-batch-{batch.number}.csv"} | {row[photo_column] for row in rows[1:]}


def test_a_child_without_a_photo_has_an_empty_photo_cell_and_no_file(office, staff, paid):
    Document.objects.filter(application=paid[0], kind=Document.Kind.PHOTO).delete()
    batch = card_batches.card_batch_send(office=office, applications=paid, by=staff)
    rows = {row["reference_number"]: row for row in card_batches.card_batch_rows(batch)}
    assert rows[paid[0].reference_number]["photo"] == ""
    with zipfile.ZipFile(io.BytesIO(card_batches.card_batch_zip(batch))) as archive:
        assert len([n for n in archive.namelist() if n.startswith("photos/")]) == 1


def test_the_exports_queries_do_not_grow_with_the_rows(office, staff):
    def queries_for(count):
        applications = [paid_application(office, staff) for _ in range(count)]
        batch = card_batches.card_batch_send(office=office, applications=applications, by=staff)
        with CaptureQueriesContext(connection) as queries:
            card_batches.card_batch_zip(batch)
        return len(queries)

    assert queries_for(1) == queries_for(3)


# --- Issuing ------------------------------------------------------------------------------


def test_issuing_the_batch_moves_every_application_to_card_issued_with_a_history_row_each(
    batch, paid, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        moved = card_batches.card_batch_issue(batch=batch, by=staff, issued_on=today)
    assert moved == 2
    for application in paid:
        issued = fresh(application)
        assert issued.status == Status.CARD_ISSUED
        assert issued.card_issued_on == today and issued.card_number == ""
        assert (
            issued.history.filter(
                from_status=Status.SENT_TO_CARD_CENTRE, to_status=Status.CARD_ISSUED
            ).count()
            == 1
        )
    batch.refresh_from_db()
    assert batch.issued_at is not None and batch.issued_by == staff
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "The social security card is issued. Collect it at:" in body
    assert "number ," not in body and "issued, number" not in body


def test_a_batch_issued_twice_is_refused(batch, staff):
    card_batches.card_batch_issue(batch=batch, by=staff, issued_on=timezone.localdate())
    history = StatusChange.objects.count()
    with pytest.raises(ValidationError, match="already marked issued"):
        card_batches.card_batch_issue(batch=batch, by=staff, issued_on=timezone.localdate())
    assert StatusChange.objects.count() == history


def test_an_application_issued_on_its_own_page_is_left_alone_by_the_batch(batch, paid, staff):
    from enrollment.applications import services

    services.application_issue_card(
        application=fresh(paid[0]),
        by=staff,
        card_number="A1",
        issued_on=timezone.localdate(),
        collection_place="",
    )
    assert card_batches.card_batch_issue(batch=batch, by=staff, issued_on=timezone.localdate()) == 1
    assert fresh(paid[0]).card_number == "A1"


def test_the_issue_date_cannot_be_in_the_future_or_before_the_batch(batch, staff):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        card_batches.card_batch_issue(batch=batch, by=staff, issued_on=tomorrow)
    with pytest.raises(ValidationError, match="before the batch was sent"):
        card_batches.card_batch_issue(
            batch=batch, by=staff, issued_on=timezone.localdate() - datetime.timedelta(days=1)
        )


# --- The admin ----------------------------------------------------------------------------


def test_the_admin_add_page_sends_the_ticked_applications(staff_client, office, staff, paid):
    page = staff_client.get(reverse("admin:enrollment_cardbatch_add"))
    boxes = soup(page).select("input[name=applications]")
    assert {box["value"] for box in boxes} == {str(a.pk) for a in paid}
    assert all(box.has_attr("checked") for box in boxes)
    for box in boxes:  # every checkbox has its label
        assert soup(page).select_one(f"label[for={box['id']}]") is not None
    response = staff_client.post(
        reverse("admin:enrollment_cardbatch_add"), {"applications": [paid[0].pk]}
    )
    batch = CardBatch.objects.get()
    assert_redirects_to(response, batch_url(batch))
    assert fresh(paid[0]).status == Status.SENT_TO_CARD_CENTRE
    assert fresh(paid[1]).status == Status.PAID
    shown = text(staff_client.get(batch_url(batch)))
    assert f"Batch {batch.number} is sent" in shown
    assert paid[0].reference_number in shown and paid[1].reference_number not in shown


def test_the_add_page_with_nothing_ticked_comes_back_with_a_message(staff_client, paid):
    response = staff_client.post(reverse("admin:enrollment_cardbatch_add"), {})
    assert response.status_code == 200
    assert "Tick at least one paid application" in text(response)
    assert not CardBatch.objects.exists()


def test_a_supervisor_chooses_the_office_first(client, office, staff, paid, other_office):
    client.force_login(make_supervisor())
    add = reverse("admin:enrollment_cardbatch_add")
    page = soup(client.get(add))
    assert [o["value"] for o in page.select("select[name=office] option")] == [str(office.pk)]
    assert not page.select("input[name=applications]")
    chosen = soup(client.get(add, {"office": office.pk}))
    assert len(chosen.select("input[name=applications]")) == 2
    response = client.post(add, {"office": office.pk, "applications": [a.pk for a in paid]})
    assert CardBatch.objects.get().office == office
    assert response.status_code == 302


def test_staff_of_another_office_get_not_found_on_the_batch_page_and_download(
    client, batch, other_office
):
    client.force_login(make_staff(other_office))
    for view in ("change", "download", "issue"):
        assert client.get(batch_url(batch, view)).status_code == 404
    assert client.post(batch_url(batch, "issue"), {"issued_on": "2026-01-01"}).status_code == 404
    assert batch.applications.filter(status=Status.SENT_TO_CARD_CENTRE).count() == 2


def test_parents_are_sent_to_the_admin_login(parent_client, batch):
    for url in (
        reverse("admin:enrollment_cardbatch_changelist"),
        reverse("admin:enrollment_cardbatch_add"),
        batch_url(batch),
        batch_url(batch, "download"),
    ):
        assert_redirects_to(parent_client.get(url), sign_in_url(url, "admin:login"))


def test_staff_see_their_offices_batches_and_supervisors_every_offices(
    client, staff_client, batch, other_office
):
    other_staff = make_staff(other_office)
    theirs = card_batches.card_batch_send(
        office=other_office,
        applications=[paid_application(other_office, other_staff)],
        by=other_staff,
    )
    changelist = reverse("admin:enrollment_cardbatch_changelist")
    own = text(staff_client.get(changelist))
    assert batch.number in own and theirs.number not in own
    client.force_login(make_supervisor())
    every = text(client.get(changelist))
    assert batch.number in every and theirs.number in every


def test_the_batch_page_lists_its_applications_and_links_the_download(staff_client, batch, paid):
    page = soup(staff_client.get(batch_url(batch)))
    links = {a["href"] for a in page.select("a")}
    assert batch_url(batch, "download") in links
    for application in paid:
        assert reverse("admin:enrollment_application_change", args=[application.pk]) in links
    assert page.select_one("input[name=issued_on]")["value"] == timezone.localdate().isoformat()


def test_the_download_is_the_zip_and_is_recorded_in_each_applications_access_log(
    staff_client, staff, batch, paid
):
    response = staff_client.get(batch_url(batch, "download"))
    assert response["Content-Type"] == "application/zip"
    assert f'filename="card-batch-{batch.number}.zip"' in response["Content-Disposition"]
    zipfile.ZipFile(io.BytesIO(response.content)).testzip()
    assert AccessLog.objects.filter(user=staff, action=AccessLog.Action.DOWNLOADED).count() == 2


def test_the_issue_form_marks_the_batch_issued(staff_client, batch, paid):
    response = staff_client.post(
        batch_url(batch, "issue"),
        {"issued_on": timezone.localdate().isoformat(), "collection_place": ""},
    )
    assert_redirects_to(response, batch_url(batch))
    assert {fresh(a).status for a in paid} == {Status.CARD_ISSUED}
    page = text(staff_client.get(batch_url(batch)))
    assert "2 applications are now “Card issued”" in page
    assert "Mark the cards issued" not in page


def test_the_issue_form_rejects_a_future_date_with_a_message_next_to_the_field(
    staff_client, batch, paid
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = staff_client.post(batch_url(batch, "issue"), {"issued_on": tomorrow.isoformat()})
    assert response.status_code == 200
    beside = soup(response).select_one("#id_issued_on_error")
    assert beside is not None
    assert "cannot be in the future" in beside.get_text()
    assert {fresh(a).status for a in paid} == {Status.SENT_TO_CARD_CENTRE}


# --- The parent's side --------------------------------------------------------------------


def test_the_parent_reads_that_the_card_centre_makes_the_card(client, batch, paid):
    client.force_login(paid[0].owner)
    page = text(client.get(reverse("enrollment:application", args=[paid[0].public_id])))
    assert "Sent to the card centre" in page
    assert "which makes the social security card" in page


def test_the_issued_panel_has_no_card_number_row_without_a_number(client, batch, paid, staff):
    card_batches.card_batch_issue(batch=batch, by=staff, issued_on=timezone.localdate())
    client.force_login(paid[0].owner)
    response = client.get(reverse("enrollment:application", args=[paid[0].public_id]))
    assert soup(response).select_one("#card-number") is None
    assert "Card number" not in text(response)
    assert "Collect it at" in text(response)

"""A clerk's morning at the community office, in the admin: the dashboard first, then the work
queue in the order the work waits, a resubmitted application with what the parent changed, a
card batch sent (its ZIP opened, each photo matched to its row) and, when the cards come back,
the whole batch marked issued in one step."""

import csv
import datetime
import io
import zipfile
import zoneinfo

from django.utils import timezone
from playwright.sync_api import expect

from enrollment.applications import answers, services
from enrollment.models import Application
from tools.factories import make_application, make_staff, make_user, move_to
from tools.fake import resident_id

from .helpers import assert_accessible, shot, sign_in

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
Status = Application.Status


def waiting_since(application, days_ago):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Application.objects.filter(pk=application.pk).update(status_changed_at=moment)


def the_offices_morning(office):
    """What waits for the office this morning: new, resubmitted, verified and paid applications,
    some waiting for days, and a closed one that the queue leaves out."""
    parent = make_user("families@example.com")
    clerk = make_staff(office, "clerk@example.com")

    def application(years, serial, status):
        born = timezone.localdate() - datetime.timedelta(days=365 * years + 30)
        submitted = make_application(
            parent, office, upto="submitted", child_id=resident_id(born, serial=serial)
        )
        return move_to(submitted, status, staff=clerk)

    oldest = application(4, 11, "submitted")
    waiting_since(oldest, 20)  # past the office's limit of 5 working days
    verified = application(5, 12, "verified")
    waiting_since(verified, 3)
    paid = [application(7, 13 + n, "paid") for n in range(2)]
    for days, paid_one in zip((2, 1), paid, strict=True):
        waiting_since(paid_one, days)
    closed = application(8, 20, "card_issued")

    returned = services.application_return(
        application=application(6, 21, "submitted"),
        by=clerk,
        changes_needed="Check the guardian's mobile phone number.",
    )
    guardian = returned.guardian
    guardian.phone = "13912345678"
    answers.answers_save(application=returned, part=guardian)
    resubmitted = services.application_submit(application=returned, by=parent)
    return {
        "oldest": oldest,
        "verified": verified,
        "paid": paid,
        "resubmitted": resubmitted,
        "closed": closed,
    }


def test_a_clerks_morning(chromium, live_server, office, tmp_path):
    morning = the_offices_morning(office)
    page = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-US",
        accept_downloads=True,
    ).new_page()
    page.set_default_timeout(10_000)

    # The dashboard: the office's figures, each chart with its table.
    sign_in(page, "/admin/", "clerk@example.com")
    shot(page, "morning-1-dashboard")
    dashboard = page.locator("section.office-dashboard")
    expect(dashboard).to_be_visible()
    charts = dashboard.locator("svg[role=img]")
    assert charts.count() >= 2
    for index in range(charts.count()):
        assert charts.nth(index).locator("title").count() == 1
    expect(dashboard.locator("table").first).to_be_visible()
    expect(dashboard).to_contain_text(morning["oldest"].reference_number)
    assert_accessible(page)

    # The queue: what waits for the office, longest waiting first; the closed one left out.
    page.goto("/admin/enrollment/application/")
    shot(page, "morning-2-queue")
    listed = page.locator("#result_list th.field-reference_number a").all_inner_texts()
    assert listed == [
        morning["oldest"].reference_number,
        morning["verified"].reference_number,
        morning["paid"][0].reference_number,
        morning["paid"][1].reference_number,
        morning["resubmitted"].reference_number,
    ]
    assert morning["closed"].reference_number not in page.locator("#result_list").inner_text()
    resubmitted_row = page.locator(
        "#result_list tr",
        has=page.get_by_role("link", name=morning["resubmitted"].reference_number),
    )
    expect(resubmitted_row).to_contain_text("Resubmitted after changes")
    overdue_row = page.locator("#result_list tr", has=page.locator(".overdue"))
    expect(overdue_row).to_contain_text(morning["oldest"].reference_number)
    width = page.evaluate("document.querySelector('#changelist .results').scrollWidth")
    visible = page.evaluate("document.querySelector('#changelist .results').clientWidth")
    assert width <= visible, "every column of the queue fits at 1280 px"
    assert_accessible(page)

    # The resubmitted application: the office's request beside what the parent changed.
    page.get_by_role("link", name=morning["resubmitted"].reference_number).click()
    changed = page.locator("#what-changed")
    expect(changed).to_contain_text("Check the guardian's mobile phone number.")
    expect(changed.locator("tbody tr")).to_have_count(1)
    expect(changed.locator("tbody tr")).to_contain_text("13912345678")
    shot(page, "morning-3-what-changed")
    assert_accessible(page)

    # The card batch: every paid application, ticked already, sent at once.
    page.goto("/admin/enrollment/cardbatch/add/")
    boxes = page.locator("input[name=applications]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Send the ticked applications").click()
    expect(page.locator(".messagelist")).to_contain_text("2 applications are now with the card")
    shot(page, "morning-4-batch")
    sent = Application.objects.filter(pk__in=[a.pk for a in morning["paid"]])
    assert set(sent.values_list("status", flat=True)) == {Status.SENT_TO_CARD_CENTRE}

    # The batch's ZIP: the list and a photo for each row, named as the row says.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the batch (ZIP)").click()
    path = tmp_path / "batch.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        listing = next(name for name in names if name.endswith(".csv"))
        rows = list(csv.DictReader(io.StringIO(archive.read(listing).decode("utf-8-sig"))))
        assert len(rows) == 2
        for row in rows:
            application = sent.get(reference_number=row["reference number"])
            assert row["child's resident ID number"] == application.child.id_number
            photo = application.documents.get(kind="photo")
            with photo.file.open("rb") as stored:
                assert archive.read(row["photo file"]) == stored.read()

    # The cards come back: the whole batch issued in one step, each family told.
    page.get_by_role("button", name="Mark the cards issued").click()
    expect(page.locator(".messagelist")).to_contain_text("2 applications are now")
    shot(page, "morning-5-issued")
    assert set(sent.values_list("status", flat=True)) == {Status.CARD_ISSUED}
    for application in sent:
        assert application.history.filter(to_status=Status.CARD_ISSUED).count() == 1

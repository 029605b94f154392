"""The application list as a clerk's work queue: what waits for the office, longest waiting
first, in working days against the office's own limit; closed ones behind a filter; columns that
fit; one history; exports that open in a spreadsheet."""

import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.applications import services
from enrollment.models import Application
from enrollment.office_work import work_queue
from tools import factories
from tools.factories import make_application, make_supervisor, move_to

from ..pages import assert_redirects_to, soup, text

CHANGELIST = reverse("admin:enrollment_application_changelist")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
Status = Application.Status


def waiting_since(application, day: datetime.date):
    """The application came into its status on `day`, at ten in the morning, Beijing time."""
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
    Application.objects.filter(pk=application.pk).update(status_changed_at=moment)


def references_listed(response):
    return [
        link.get_text()
        for link in soup(response).select("#result_list th.field-reference_number a")
    ]


# --- Working days ---------------------------------------------------------------------------


def test_a_weekend_does_not_count_as_waiting():
    friday, monday = datetime.date(2026, 11, 27), datetime.date(2026, 11, 30)
    assert work_queue.working_days_between(friday, monday) == 1


def test_national_day_holidays_do_not_count_and_the_saturday_worked_in_their_place_does():
    # 2026: 1 to 7 October off; Saturday 10 October a working day (State Council notice).
    assert (
        work_queue.working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 10, 12))
        == 4
    )


def test_a_year_without_a_holiday_notice_yet_counts_monday_to_friday():
    assert (
        work_queue.working_days_between(datetime.date(2099, 1, 2), datetime.date(2099, 1, 9)) == 5
    )


# --- The queue ------------------------------------------------------------------------------


@pytest.fixture
def queue(parent, office, staff):
    """One application in each status the office meets, each waiting since another day."""
    applications = {
        status: move_to(make_application(parent, office, upto="submitted"), status, staff=staff)
        for status in ("submitted", "verified", "paid", "returned", "card_issued", "rejected")
    }
    today = timezone.localdate()
    for age, status in enumerate(["paid", "submitted", "verified"], start=1):
        waiting_since(applications[status], today - datetime.timedelta(days=age))
    return {status: Application.objects.get(pk=a.pk) for status, a in applications.items()}


def test_the_list_opens_on_what_waits_for_the_office_longest_waiting_first(staff_client, queue):
    listed = references_listed(staff_client.get(CHANGELIST))
    assert listed == [
        queue["verified"].reference_number,
        queue["submitted"].reference_number,
        queue["paid"].reference_number,
    ]


def test_closed_applications_sit_behind_their_filter(staff_client, queue):
    listed = references_listed(staff_client.get(CHANGELIST, {"queue": "closed"}))
    assert sorted(listed) == sorted(
        [queue["card_issued"].reference_number, queue["rejected"].reference_number]
    )
    elsewhere = references_listed(staff_client.get(CHANGELIST, {"queue": "elsewhere"}))
    assert elsewhere == [queue["returned"].reference_number]


def test_a_search_finds_a_closed_application_without_choosing_the_filter(staff_client, queue):
    reference = queue["card_issued"].reference_number
    assert references_listed(staff_client.get(CHANGELIST, {"q": reference})) == [reference]


def test_an_application_past_the_offices_limit_is_highlighted_in_words(staff_client, queue, office):
    office.waiting_limit_working_days = 3
    office.save()
    waiting_since(queue["submitted"], timezone.localdate() - datetime.timedelta(days=30))
    page = soup(staff_client.get(CHANGELIST))
    overdue = page.select("#result_list .overdue")
    assert len(overdue) == 1
    assert "(over 3)" in overdue[0].get_text()
    row = overdue[0].find_parent("tr")
    assert queue["submitted"].reference_number in row.get_text()


def test_days_waiting_sorts_both_ways(staff_client, queue):
    header = soup(staff_client.get(CHANGELIST)).select_one("#result_list th.column-days_waiting a")
    assert header is not None, "the column can be sorted"
    fewest_first = references_listed(staff_client.get(CHANGELIST + header["href"]))
    assert fewest_first == [
        queue[status].reference_number for status in ("paid", "submitted", "verified")
    ]
    column = re.search(r"o=(\d+)", header["href"]).group(1)
    most_first = references_listed(staff_client.get(CHANGELIST, {"o": f"-{column}"}))
    assert most_first == fewest_first[::-1]


def test_staff_of_one_office_have_no_office_column_and_short_categories(
    client, staff_client, queue
):
    page = soup(staff_client.get(CHANGELIST))
    assert page.select_one("#result_list th.column-office") is None
    categories = {cell.get_text() for cell in page.select("#result_list td.field-category")}
    assert categories <= {"Newborn", "Preschool", "School age"}
    client.force_login(make_supervisor())
    assert soup(client.get(CHANGELIST)).select_one("#result_list th.column-office") is not None


def test_the_queue_never_shows_another_offices_applications(staff_client, queue, other_parent):
    elsewhere = factories.make_office(name_zh_hans="别的社区", region="Example District")
    theirs = make_application(other_parent, elsewhere, upto="submitted")
    for choice in ("office", "elsewhere", "closed", "all"):
        assert theirs.reference_number not in text(staff_client.get(CHANGELIST, {"queue": choice}))


def test_a_move_restarts_the_wait(parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    waiting_since(application, timezone.localdate() - datetime.timedelta(days=20))
    verified = move_to(Application.objects.get(pk=application.pk), "verified", staff=staff)
    assert work_queue.working_days_waiting(verified) == 0


# --- One history ----------------------------------------------------------------------------


def test_the_change_page_has_one_history_reached_from_the_top(staff_client, queue):
    application = queue["returned"]
    change = reverse("admin:enrollment_application_change", args=[application.pk])
    page = soup(staff_client.get(change))
    top_links = [a["href"] for a in page.select(".object-tools a")]
    assert "#history" in top_links
    assert not any(href.endswith("/history/") for href in top_links)
    assert page.select_one("#history table caption").get_text() == "History"
    history_url = reverse("admin:enrollment_application_history", args=[application.pk])
    assert_redirects_to(staff_client.get(history_url), f"{change}#history")


def test_another_offices_staff_cannot_reach_the_history(client, queue):
    other = factories.make_office(name_zh_hans="第三社区", region="Example District")
    client.force_login(factories.make_staff(other, "third@example.com"))
    history_url = reverse("admin:enrollment_application_history", args=[queue["paid"].pk])
    assert client.get(history_url).status_code == 404


# --- Exports --------------------------------------------------------------------------------


def test_the_xlsx_export_opens_with_the_chinese_intact_and_id_numbers_masked(staff_client, queue):
    application = queue["submitted"]
    response = staff_client.post(
        CHANGELIST, {"action": "export_xlsx", "_selected_action": [application.pk]}
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "reference number"
    assert rows[1][0] == application.reference_number
    assert rows[1][1] == application.child.full_name  # Chinese, as typed
    assert application.child.id_number not in str(rows)
    assert rows[1][2].count("*") == 8


def test_the_xlsx_export_defuses_formulas_and_keeps_to_the_office(
    staff_client, queue, other_parent
):
    elsewhere = factories.make_office(name_zh_hans="别的社区", region="Example District")
    theirs = make_application(other_parent, elsewhere, upto="submitted")
    ours = queue["submitted"]
    ours.child.full_name = "=HYPERLINK(evil)"
    ours.child.save()
    response = staff_client.post(
        CHANGELIST, {"action": "export_xlsx", "_selected_action": [ours.pk, theirs.pk]}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[0] for row in rows[1:]] == [ours.reference_number]
    assert rows[1][1] == "'=HYPERLINK(evil)"


def test_a_resubmitted_application_says_so_in_the_queue(staff_client, parent, office, staff):
    returned = services.application_return(
        application=make_application(parent, office, upto="submitted"),
        by=staff,
        changes_needed="Rescan the child's page.",
    )
    services.application_submit(application=returned, by=parent)
    row = soup(staff_client.get(CHANGELIST)).select_one("#result_list tbody tr")
    assert returned.reference_number in row.get_text()
    assert row.select_one("td.field-status_shown").get_text() == "Resubmitted after changes"

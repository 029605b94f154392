"""The office dashboard on the admin's first page: a member of staff sees their office's figures,
a supervisor every office's (or one office's, chosen) and a table of each office; the charts are
drawn on the server and their figures are in tables too."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from enrollment.models import Application, StatusChange
from enrollment.office_work import dashboard
from tools import factories
from tools.factories import make_application, make_supervisor, move_to

from ..expected_statuses import STATUSES
from ..pages import soup, text

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# A Wednesday: this week began on Monday 10 March.
NOW = datetime.datetime(2025, 3, 12, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()
INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def other_office(db):
    office = factories.make_office(name_zh_hans="另一个社区", name_en="Another office")
    return office


@pytest.fixture
def supervisor_client(client, db):
    client.force_login(make_supervisor())
    return client


def at(day, hour=10, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def submitted_at(application, moment):
    Application.objects.filter(pk=application.pk).update(submitted_at=moment)


def waiting_since(application, moment):
    Application.objects.filter(pk=application.pk).update(status_changed_at=moment)


def card_issued(application, *, staff, submitted, issued=None):
    """Take the application to its card; it was submitted (and the card issued) then."""
    application = move_to(application, "card_issued", staff=staff)
    submitted_at(application, submitted)
    if issued:
        StatusChange.objects.filter(application=application, to_status="card_issued").update(
            changed_at=issued
        )
        waiting_since(application, issued)
    return application


def dashboard_page(client, **query):
    client.get(INDEX)  # the first request after signing in stamps the session; count the next
    response = client.get(INDEX, query)
    assert response.status_code == 200
    return response


def section(response, heading_id):
    found = soup(response).select_one(f"[aria-labelledby={heading_id}]")
    assert found is not None, f"no section {heading_id}"
    return found


def table_rows(response, heading_id):
    """The body rows of the section's (last) table, each as its cells' text."""
    table = section(response, heading_id).select("table")[-1]
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def status_figures(response):
    return {row[0]: int(row[1]) for row in table_rows(response, "dashboard-statuses-heading")}


# --- The figures, on known data --------------------------------------------------------------


def test_counts_by_status_leave_out_drafts_and_count_every_other_status(office, parent, staff):
    make_application(parent, office, upto="submitted")
    make_application(parent, office, upto="submitted")
    move_to(make_application(parent, office, upto="submitted"), "verified", staff=staff)
    make_application(parent, office)  # a draft

    counts = {count.status: count.count for count in dashboard.status_counts(office)}

    assert "draft" not in counts
    assert counts == {
        **{status: 0 for status in STATUSES if status != "draft"},
        "submitted": 2,
        "verified": 1,
    }


def test_submissions_are_counted_in_weeks_from_monday_in_beijing_time(office, parent):
    this_monday = datetime.date(2025, 3, 10)
    submissions = [
        at(this_monday, 0, 30),  # Sunday evening in UTC, Monday in Beijing: this week
        at(this_monday - datetime.timedelta(days=1), 23, 30),  # Sunday: last week
        at(TODAY, 9),
        at(datetime.date(2024, 12, 23), 8),  # the Monday 11 weeks ago: the first week shown
        at(datetime.date(2024, 12, 22), 20),  # the Sunday before: not shown
    ]
    for moment in submissions:
        submitted_at(make_application(parent, office, upto="submitted"), moment)

    weeks = dashboard.weekly_submissions(office, today=TODAY)

    assert len(weeks) == 12
    assert all(week.starts.weekday() == 0 for week in weeks)
    assert weeks[0].starts == datetime.date(2024, 12, 23)
    assert weeks[-1].starts == this_monday
    assert [week.count for week in weeks] == [1] + [0] * 9 + [1, 2]


def test_the_median_counts_the_cards_of_the_last_12_months_from_submission(office, parent, staff):
    for days in (10, 20, 40):
        card_issued(
            make_application(parent, office, upto="submitted"),
            staff=staff,
            submitted=timezone.now() - datetime.timedelta(days=days),
        )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    card_issued(
        make_application(parent, office, upto="submitted"),
        staff=staff,
        submitted=long_ago - datetime.timedelta(days=90),
        issued=long_ago,
    )

    figures = dashboard.time_to_card(office, today=TODAY)

    assert figures.cards == 3
    assert figures.median_days == pytest.approx(20, abs=0.01)


def test_renewal_payments_count_this_years_and_next_years_cover(office, parent, staff):
    factories.make_covered_child(parent, office, staff=staff)  # this year's cover, paid
    move_to(  # a new child registered: next year's cover, due
        make_application(parent, office, upto="submitted", born=factories.years_ago(5)),
        "verified",
        staff=staff,
    )

    this_year, next_year = dashboard.renewal_payments(office, today=TODAY)

    assert (this_year.year, this_year.paid, this_year.due) == (2025, 1, 0)
    assert this_year.paid_amount == 400
    assert (next_year.year, next_year.paid, next_year.due) == (2026, 0, 1)
    assert next_year.due_amount == 400


def test_the_page_shows_the_figures_in_tables(staff_client, office, parent, staff):
    make_application(parent, office, upto="submitted")
    move_to(make_application(parent, office, upto="submitted"), "paid", staff=staff)
    card_issued(
        make_application(parent, office, upto="submitted"),
        staff=staff,
        submitted=timezone.now() - datetime.timedelta(days=12, hours=12),
    )

    response = dashboard_page(staff_client)

    statuses = status_figures(response)
    assert statuses["Submitted"] == 1 and statuses["Fee paid"] == 1
    assert statuses["Card issued"] == 1 and statuses["Returned for changes"] == 0
    weeks = table_rows(response, "dashboard-weeks-heading")
    assert weeks[-1] == ["10 March 2025", "2"]
    assert weeks[-3] == ["24 February 2025", "1"]  # the card's application, 12.5 days ago
    assert weeks[0][0] == "23 December 2024"
    card = " ".join(section(response, "dashboard-card-heading").get_text(" ").split())
    assert "12.5 days" in card and "over the 1 card issued in the last 12 months" in card


# --- Who sees what ---------------------------------------------------------------------------


def test_staff_see_only_their_own_office(staff_client, office, other_office, parent, other_parent):
    ours = make_application(parent, office, upto="submitted")
    theirs = make_application(other_parent, other_office, upto="submitted")
    # Theirs has waited longer: it would come first in a list of every office.
    waiting_since(theirs, NOW - datetime.timedelta(days=30))

    response = dashboard_page(staff_client)

    heading = section(response, "office-dashboard-heading").find("h2").get_text()
    assert office.name in heading
    assert status_figures(response)["Submitted"] == 1
    assert table_rows(response, "dashboard-weeks-heading")[-1][1] == "1"
    oldest = text(response)
    assert ours.reference_number in oldest
    assert theirs.reference_number not in oldest
    assert "Another office" not in oldest
    # Neither the choice of office nor the table of offices is a member of staff's.
    assert soup(response).find("select", attrs={"name": "office"}) is None
    assert soup(response).select_one("[aria-labelledby=dashboard-offices-heading]") is None


def test_a_member_of_staff_cannot_choose_another_office(
    staff_client, office, other_office, parent, other_parent
):
    make_application(parent, office, upto="submitted")
    theirs = make_application(other_parent, other_office, upto="submitted")
    make_application(other_parent, other_office, upto="submitted")

    for value in [str(other_office.pk), "abc", ""]:
        response = dashboard_page(staff_client, office=value)
        assert office.name in section(response, "office-dashboard-heading").find("h2").get_text()
        assert status_figures(response)["Submitted"] == 1
        assert theirs.reference_number not in text(response)


def test_a_supervisor_sees_every_office_together_and_then_each(
    supervisor_client, office, other_office, parent, other_parent
):
    ours = make_application(parent, office, upto="submitted")
    theirs = make_application(other_parent, other_office, upto="submitted")
    make_application(other_parent, other_office, upto="submitted")

    everyone = dashboard_page(supervisor_client)
    assert "Figures of every office" in text(everyone)
    assert status_figures(everyone)["Submitted"] == 3
    assert ours.reference_number in text(everyone) and theirs.reference_number in text(everyone)
    page = soup(everyone)
    choice = page.find("select", attrs={"name": "office"})
    assert page.find("label", attrs={"for": choice["id"]}).get_text(strip=True)
    values = [option.get("value") for option in choice.find_all("option")]
    assert values[0] == "" and sorted(values[1:]) == sorted([str(office.pk), str(other_office.pk)])
    assert choice.find_parent("form").find("button", attrs={"type": "submit"})
    offices = {row[0]: row for row in table_rows(everyone, "dashboard-offices-heading")}
    assert set(offices) == {office.name, "Another office"}
    assert offices["Another office"][1] == "2"  # waiting for the office
    assert offices[office.name][1] == "1"

    theirs_only = dashboard_page(supervisor_client, office=str(other_office.pk))
    assert "Figures of Another office" in text(theirs_only)
    assert status_figures(theirs_only)["Submitted"] == 2
    assert ours.reference_number not in " ".join(
        section(theirs_only, "dashboard-oldest-heading").get_text(" ").split()
    )
    selected = soup(theirs_only).select_one("select[name=office] option[selected]")
    assert selected["value"] == str(other_office.pk)
    # The table of every office stays, one row per office.
    assert len(table_rows(theirs_only, "dashboard-offices-heading")) == 2


def test_a_supervisor_asking_for_no_such_office_sees_every_office(supervisor_client, office):
    for value in ["999999", "1; DROP TABLE", "-1", "١"]:
        response = dashboard_page(supervisor_client, office=value)
        assert "Figures of every office" in text(response)


def test_staff_who_review_no_office_see_the_usual_first_page(client, db):
    client.force_login(factories.make_user("helpdesk@example.com", is_staff=True))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert soup(response).select_one(".office-dashboard") is None


# --- The oldest waiting ----------------------------------------------------------------------


def test_the_applications_waiting_longest_come_first_with_their_working_days(
    staff_client, office, parent, staff
):
    office.waiting_limit_working_days = 5
    office.save()
    recent = make_application(parent, office, upto="submitted")
    old = move_to(make_application(parent, office, upto="submitted"), "verified", staff=staff)
    waiting_since(old, NOW - datetime.timedelta(days=21))
    move_to(make_application(parent, office, upto="submitted"), "rejected", staff=staff)

    response = dashboard_page(staff_client)

    rows = table_rows(response, "dashboard-oldest-heading")
    assert [row[0] for row in rows] == [old.reference_number, recent.reference_number]
    # Wednesday 19 February to Wednesday 12 March 2025: three weeks without a holiday.
    assert rows[0][3].startswith("15 Overdue: the limit is 5 working days")
    assert rows[1][3] == "0"
    links = section(response, "dashboard-oldest-heading").select("tbody a")
    assert links[0]["href"] == reverse("admin:enrollment_application_change", args=[old.pk])
    overdue_row = links[0].find_parent("tr")
    assert "dashboard-overdue" in overdue_row["class"]
    assert "dashboard-overdue" not in (links[1].find_parent("tr").get("class") or [])


def test_only_five_are_listed(staff_client, office, parent):
    for _ in range(6):
        make_application(parent, office, upto="submitted")
    response = dashboard_page(staff_client)
    assert len(table_rows(response, "dashboard-oldest-heading")) == 5


# --- The charts ----------------------------------------------------------------------------------


def test_each_chart_is_an_image_with_a_title_and_its_table_holds_the_same_numbers(
    staff_client, office, parent, staff
):
    make_application(parent, office, upto="submitted")
    move_to(make_application(parent, office, upto="submitted"), "verified", staff=staff)

    response = dashboard_page(staff_client)

    charts = soup(response).select(".office-dashboard svg")
    assert len(charts) == 3
    for chart in charts:
        assert chart["role"] == "img"
        assert chart["viewbox"].startswith("0 0 ") and chart["width"] == "100%"
        title = chart.find(id=chart["aria-labelledby"])
        assert title.name == "title" and title.get_text(strip=True)
    statuses = section(response, "dashboard-statuses-heading")
    drawn = [int(value.get_text()) for value in statuses.select("svg .chart-value")]
    figures = status_figures(response)
    assert drawn == list(figures.values())
    assert (figures["Submitted"], figures["Documents verified"], figures["Rejected"]) == (1, 1, 0)
    weeks = section(response, "dashboard-weeks-heading")
    drawn = [int(value.get_text()) for value in weeks.select("svg .chart-value")]
    assert drawn == [int(row[1]) for row in table_rows(response, "dashboard-weeks-heading")]


def test_the_page_keeps_to_the_content_security_policy(staff_client, office, parent):
    make_application(parent, office, upto="submitted")
    page = soup(dashboard_page(staff_client))
    dashboard_section = page.select_one(".office-dashboard")
    assert not dashboard_section.select("script, style, [style]")


def test_the_dashboard_speaks_chinese(client, staff, office, parent):
    make_application(parent, office, upto="submitted")
    client.force_login(staff)
    client.get(INDEX, headers={"Accept-Language": "zh-hans"})
    response = client.get(INDEX, headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 200
    weeks = table_rows(response, "dashboard-weeks-heading")
    assert weeks[-1][0] == "2025年3月10日"
    with translation.override("zh-hans"):
        submitted = str(Application.Status.SUBMITTED.label)
    assert submitted != "Submitted" and status_figures(response)[submitted] == 1


# --- Queries -----------------------------------------------------------------------------------


def _some_of_everything(office, other_office, parent, other_parent, staff):
    for each in (office, other_office):
        for _ in range(3):
            make_application(parent if each == office else other_parent, each, upto="submitted")
    move_to(make_application(parent, office, upto="submitted"), "verified", staff=staff)
    card_issued(
        make_application(parent, office, upto="submitted"),
        staff=staff,
        submitted=timezone.now() - datetime.timedelta(days=9),
    )
    factories.make_covered_child(parent, office, staff=staff)


def test_the_first_page_of_a_member_of_staff_takes_at_most_12_queries(
    staff_client, office, other_office, parent, other_parent, staff, django_assert_max_num_queries
):
    _some_of_everything(office, other_office, parent, other_parent, staff)
    staff_client.get(INDEX)
    with django_assert_max_num_queries(12):
        response = staff_client.get(INDEX)
    assert soup(response).select_one(".office-dashboard")


@pytest.mark.parametrize("chosen", [False, True])
def test_the_first_page_of_a_supervisor_takes_at_most_12_queries(
    supervisor_client,
    office,
    other_office,
    parent,
    other_parent,
    staff,
    chosen,
    django_assert_max_num_queries,
):
    _some_of_everything(office, other_office, parent, other_parent, staff)
    for extra in range(3):  # more offices: still the same queries
        factories.make_office(name_zh_hans=f"第{extra}社区")
    query = {"office": str(office.pk)} if chosen else {}
    supervisor_client.get(reverse("admin:password_change"))  # sign-in stamped, cache still cold
    with django_assert_max_num_queries(12):
        response = supervisor_client.get(INDEX, query)
    assert len(table_rows(response, "dashboard-offices-heading")) == 5

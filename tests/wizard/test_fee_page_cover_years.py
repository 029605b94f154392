"""The fee page, the submission and the printouts for the years a child pays for: a newborn's
two years, and the missed years a family may pay for after a break (the rules themselves are
tested in test_rules_and_fees.py)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from enrollment import wizard
from enrollment.models import Application, FeeSchedule, SubsidyCategory
from tools.factories import make_application, make_subsidy

from ..answers import step_url
from ..pages import assert_field_error, assert_redirects_to, checked_value, soup, text

# 20 November 2026 in Beijing: the 2027 enrollment period is open (the factories' schedules run
# it through the calendar year 2026), and the test office has 2025's, 2026's and 2027's fees.
THIS_YEAR, NEXT_YEAR = 2026, 2027


@pytest.fixture(autouse=True)
def on_a_day_of_the_enrollment_period():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 2, tzinfo=datetime.UTC), tick=False):
        yield


def submit(client, application):
    client.post(
        reverse("enrollment:declaration", args=[application.public_id]), {"confirmed": "on"}
    )
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def newborn(parent, office):
    """Ten days old: covered from birth if enrolled within 90 days; the next year's period is
    open, so the next year is paid now too."""
    born = datetime.date(2026, 11, 10)
    return make_application(parent, office, born=born, first_enrollment=True)


def test_a_newborn_is_quoted_both_years_with_the_cover_of_each(parent_client, newborn):
    content = text(parent_client.get(step_url(newborn, "fee")))
    assert "¥800.00 to pay once the office has registered the child" in content
    assert "Individual contribution for 2026 ¥400.00" in content
    assert "Individual contribution for 2027 ¥400.00" in content
    assert "Amount you pay ¥800.00" in content
    assert "covered from the day of birth" in content
    assert "cover from 1 January to 31 December 2027" in content


def test_a_newborns_submission_records_both_years(parent_client, newborn):
    submitted = submit(parent_client, newborn)
    assert submitted.status == Application.Status.SUBMITTED
    assert str(submitted.fee_due) == "800.00"
    assert submitted.fee_schedule.year == 2026
    # The year of birth by the 90th day of life; the next by the close of its period.
    assert [(y.year, y.rule, y.cover_starts, y.pay_by) for y in submitted.quoted_years.all()] == [
        (2026, "from_birth", datetime.date(2026, 11, 10), datetime.date(2027, 2, 8)),
        (2027, "from_january", datetime.date(2027, 1, 1), datetime.date(2026, 12, 31)),
    ]
    first = "2026: ¥400.00, pay by 8 February 2027."
    second = "2027: ¥400.00, pay by 31 December 2026."
    pages = [
        reverse("enrollment:print_form", args=[newborn.public_id]),
        reverse("enrollment:print_checklist", args=[newborn.public_id]),
        reverse("enrollment:confirmation", args=[newborn.public_id]),
        reverse("enrollment:application", args=[newborn.public_id]),
    ]
    for page in pages:
        content = text(parent_client.get(page))
        assert first in content and second in content, page


@pytest.fixture
def after_a_break(parent, office):
    """Last covered three years before next year's cover: a break of three years (the fixed 3
    months and 2 added), of which paying for 2 missed years takes the 2 added months off."""
    return make_application(parent, office, before=wizard.FeeStep, last_covered_year=NEXT_YEAR - 4)


def test_the_fee_page_offers_to_pay_for_the_missed_years_that_shorten_the_wait(
    parent_client, after_a_break
):
    response = parent_client.get(step_url(after_a_break, "fee"))
    content = text(response)
    assert f"waits 5 months from 1 January: cover starts on 1 June {NEXT_YEAR}" in content
    assert "Pay for missed years now, to start cover sooner?" in content
    assert f"No: cover starts on 1 June {NEXT_YEAR}" in content
    assert (
        f"1 missed year ({THIS_YEAR}), ¥400.00 more: cover starts on 1 May {NEXT_YEAR}" in content
    )
    assert (
        f"2 missed years ({THIS_YEAR - 1}, {THIS_YEAR}), ¥800.00 more: cover starts on 1 April "
        f"{NEXT_YEAR}" in content
    )
    assert "3 missed years" not in content  # a third shortens nothing


def test_paying_for_missed_years_is_saved_priced_and_submitted(parent_client, after_a_break):
    response = parent_client.post(
        step_url(after_a_break, "fee"), {"subsidy": "none", "repaired_years": "2"}
    )
    assert_redirects_to(response, reverse("enrollment:check", args=[after_a_break.public_id]))
    assert Application.objects.get(pk=after_a_break.pk).repaired_years == 2
    content = text(parent_client.get(step_url(after_a_break, "fee")))
    assert "2 missed years paid for (¥400.00 each) ¥800.00" in content
    assert "Amount you pay ¥1200.00" in content
    submitted = submit(parent_client, after_a_break)
    assert str(submitted.fee_due) == "1200.00"
    (year,) = submitted.quoted_years.all()
    assert (year.cover_starts, year.missed_years_paid, year.amount_due) == (
        datetime.date(NEXT_YEAR, 4, 1),
        2,
        Decimal("1200.00"),
    )
    form = text(parent_client.get(reverse("enrollment:print_form", args=[submitted.public_id])))
    assert f"Last year covered {NEXT_YEAR - 4}" in form
    assert "Missed years paid for 2" in form


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Select how many missed years you pay for now"),
        ("3", "Select one of the choices listed"),
        ("two", "Select one of the choices listed"),
    ],
)
def test_a_bad_missed_years_answer_is_refused_and_the_subsidy_answer_kept(
    parent_client, after_a_break, value, message
):
    response = parent_client.post(
        step_url(after_a_break, "fee"), {"subsidy": "none", "repaired_years": value}
    )
    assert_field_error(response, "id_repaired_years_0", message)
    assert checked_value(response, "subsidy") == "none"
    application = Application.objects.get(pk=after_a_break.pk)
    assert not application.subsidy_answered and application.repaired_years == 0


def test_no_missed_years_question_without_a_break(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.FeeStep)
    content = text(parent_client.get(step_url(application, "fee")))
    assert "Pay for missed years now" not in content
    assert f"cover from 1 January to 31 December {NEXT_YEAR}" in content


def test_the_fee_page_says_what_is_due_and_when_and_which_groups_wait_no_waiting_period(
    parent_client, parent, office
):
    """The heading states the amount and when it is paid; the groups a
    city exempts from the waiting period (38号; Zhuhai: 医疗救助对象) say so, with the source."""
    schedule = FeeSchedule.objects.filter(region=office.region).latest("year")
    group = make_subsidy(schedule, name="特困人员", kind="full", amount="0")
    SubsidyCategory.objects.filter(pk=group.pk).update(
        exempt_from_waiting=True, source_zh_hans="国办发〔2024〕38号；国办发〔2021〕42号"
    )
    application = make_application(parent, office, before=wizard.FeeStep)
    page = soup(parent_client.get(step_url(application, "fee")))
    heading = " ".join(page.find(id="fee-amount-title").get_text().split())
    assert heading == "¥400.00 to pay once the office has registered the child"
    content = " ".join(page.get_text(" ").split())
    assert "No waiting period for: 特困人员." in content
    sources = " ".join(page.select_one("details").get_text(" ").split())
    assert sources.startswith("Where the groups and their subsidies come from")
    assert "特困人员 国办发〔2024〕38号；国办发〔2021〕42号" in sources
    assert (
        "特困人员: full subsidy, the government pays the whole contribution; no waiting period."
        in content
    )

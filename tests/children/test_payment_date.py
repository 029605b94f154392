"""The payment date decides the cover: the day the tax authority received the money,
not the day the fee was quoted or the clerk recorded it. Paid by the year's deadline, the
cover quoted; paid later, what the rules give a late payer. Each row names its public source.

Sources:
- CHILDREN_2024: the 2024 national notice on children's enrollment in basic medical insurance
  (儿童参加基本医疗保险专项行动): a newborn enrolled and paid for within 90 days of birth is
  covered from birth (新生儿出生90天内参保缴费的，自出生之日起享受待遇).
- NO_38: State Council General Office, 国办发〔2024〕38号, from 2025: outside the enrollment
  period or after a break (未在集中参保期内参保或未连续参保), a fixed waiting period of 3 months
  (固定待遇等待期) after paying, a month more for each further year of break (变动待遇等待期);
  newborns and exempt groups wait none.
- QUANZHOU: a newborn paid for after 90 days is covered from the day after payment
  (在出生90天(不含)后办理参保缴费手续的，从缴费后次日起享受当年基本医保待遇).
- XIAN: cover from the month after payment (缴费次月); the next year of a late-year newborn
  paid within the same 90 days (须在出生后90天内缴纳出生次年医疗保险费).
- ZHUHAI: newborns and medical assistance recipients (医疗救助对象) have no waiting period.
- QINGDAO: 2025 and 2026 missed, paid in the period for 2027: 3 + 1 = 4 months, cover from
  1 May 2027.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from enrollment import fees, payment_import
from enrollment.applications import services
from enrollment.children import cover_years, renewals
from enrollment.models import (
    CoverYear,
    FeeSchedule,
    InsuredChild,
    Notice,
    SubsidyCategory,
)
from tools import factories
from tools.factories import make_application, move_to

from ..pages import soup, text

D = datetime.date
R = CoverYear.Rule
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=10):
    """A moment of a day in Beijing time, for time_machine."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def a_year(
    *,
    rule,
    starts,
    pay_by,
    waiting=0,
    born=None,
    year=2027,
    exempt=False,
    after_payment="day_after_payment",
    fixed=3,
):
    """A due cover year as registered, not saved: only what settling reads. The child is
    school-aged unless `born` says otherwise."""
    born = born or D(2019, 5, 1)
    schedule = FeeSchedule(
        year=year, cover_after_payment=after_payment, waiting_period_months=fixed
    )
    return CoverYear(
        child=InsuredChild(date_of_birth=born),
        fee_schedule=schedule,
        subsidy_category=SubsidyCategory(exempt_from_waiting=True) if exempt else None,
        year=year,
        rule=rule,
        cover_starts=starts,
        pay_by=pay_by,
        waiting_months=waiting,
        cover_ends=D(year, 12, 31),
    )


BORN = D(2026, 3, 1)  # the 90th day is 30 May 2026
SETTLEMENTS = [
    # (source, the year as quoted, paid on, (rule, cover starts, paid after the deadline))
    (
        "CHILDREN_2024: paid on the 90th day, covered from birth",
        dict(rule=R.FROM_BIRTH, starts=BORN, pay_by=D(2026, 5, 30), born=BORN, year=2026),
        D(2026, 5, 30),
        (R.FROM_BIRTH, BORN, False),
    ),
    (
        "CHILDREN_2024 + QUANZHOU: applied on day 61, paid on day 106: the day after payment",
        dict(rule=R.FROM_BIRTH, starts=BORN, pay_by=D(2026, 5, 30), born=BORN, year=2026),
        D(2026, 6, 15),
        (R.AFTER_PAYMENT, D(2026, 6, 16), True),
    ),
    (
        "CHILDREN_2024 + XIAN: a city whose late newborns are covered from the next month",
        dict(
            rule=R.FROM_BIRTH,
            starts=BORN,
            pay_by=D(2026, 5, 30),
            born=BORN,
            year=2026,
            after_payment="next_month",
        ),
        D(2026, 6, 15),
        (R.AFTER_PAYMENT, D(2026, 7, 1), True),
    ),
    (
        "NO_38: paid on the period's last day, from 1 January",
        dict(rule=R.FROM_JANUARY, starts=D(2027, 1, 1), pay_by=D(2026, 12, 31)),
        D(2026, 12, 31),
        (R.FROM_JANUARY, D(2027, 1, 1), False),
    ),
    (
        "NO_38: applied in the period, paid on 20 January: 3 months from the payment",
        dict(rule=R.FROM_JANUARY, starts=D(2027, 1, 1), pay_by=D(2026, 12, 31)),
        D(2027, 1, 20),
        (R.WAITING, D(2027, 4, 20), True),
    ),
    (
        "NO_38: a renewal paid on 5 January: 3 months from the payment",
        dict(rule=R.FROM_JANUARY, starts=D(2027, 1, 1), pay_by=D(2026, 12, 31)),
        D(2027, 1, 5),
        (R.WAITING, D(2027, 4, 5), True),
    ),
    (
        "QINGDAO: two missed years, paid in the period: 4 months from 1 January",
        dict(rule=R.WAITING, starts=D(2027, 5, 1), pay_by=D(2026, 12, 31), waiting=4),
        D(2026, 11, 30),
        (R.WAITING, D(2027, 5, 1), False),
    ),
    (
        "QINGDAO + NO_38: the same, paid after the period: 4 months from the payment",
        dict(rule=R.WAITING, starts=D(2027, 5, 1), pay_by=D(2026, 12, 31), waiting=4),
        D(2027, 2, 10),
        (R.WAITING, D(2027, 6, 10), True),
    ),
    (
        "NO_38 + ZHUHAI: an exempt group paying late waits none: the day after payment",
        dict(rule=R.FROM_JANUARY, starts=D(2027, 1, 1), pay_by=D(2026, 12, 31), exempt=True),
        D(2027, 1, 20),
        (R.AFTER_PAYMENT, D(2027, 1, 21), True),
    ),
    (
        "NO_38: a newborn's next year paid after the period, still under 1: no waiting period",
        dict(
            rule=R.FROM_JANUARY,
            starts=D(2027, 1, 1),
            pay_by=D(2026, 12, 31),
            born=D(2026, 12, 10),
        ),
        D(2027, 1, 5),
        (R.AFTER_PAYMENT, D(2027, 1, 6), True),
    ),
    (
        "XIAN: the next year given the newborn's 90 days, paid on day 26: from 1 January",
        dict(
            rule=R.FROM_JANUARY,
            starts=D(2027, 1, 1),
            pay_by=D(2027, 3, 10),
            born=D(2026, 12, 10),
        ),
        D(2027, 1, 5),
        (R.FROM_JANUARY, D(2027, 1, 1), False),
    ),
    (
        "NO_38: outside the period, in time: 3 months from the payment, as quoted",
        dict(rule=R.WAITING, starts=None, pay_by=D(2027, 12, 31), waiting=3),
        D(2027, 3, 10),
        (R.WAITING, D(2027, 6, 10), False),
    ),
    (
        "NO_38: outside the period in October: the 3 months run past the year, no cover in it",
        dict(rule=R.WAITING, starts=None, pay_by=D(2027, 12, 31), waiting=3),
        D(2027, 10, 15),
        (R.WAITING, D(2028, 1, 15), False),
    ),
]


@pytest.mark.parametrize(
    ("source", "quoted", "paid_on", "expected"),
    SETTLEMENTS,
    ids=[row[0].split(":")[0] + f" {index}" for index, row in enumerate(SETTLEMENTS)],
)
def test_the_day_of_payment_decides_the_cover(source, quoted, paid_on, expected):
    settlement = cover_years.settle(a_year(**quoted), paid_on)
    assert (settlement.rule, settlement.starts_on, settlement.after_deadline) == expected


def test_a_year_whose_wait_runs_past_its_end_gives_no_cover():
    year = a_year(rule=R.WAITING, starts=None, pay_by=D(2027, 12, 31), waiting=3)
    year.cover_starts = cover_years.settle(year, D(2027, 10, 15)).starts_on
    assert not year.gives_cover


# --- The newborn's next year: a labelled setting of the fee schedule -------------------------


@pytest.fixture
def december_newborns_office(db):
    """2026's and 2027's schedules, each period 1 September to 31 December of the year before."""
    office = factories.make_office(region="Late District")
    for year in (2026, 2027):
        factories.make_fee_schedule(
            region="Late District",
            year=year,
            enrollment_opens=D(year - 1, 9, 1),
            enrollment_closes=D(year - 1, 12, 31),
        )
    return office


@pytest.mark.parametrize(
    ("setting", "next_year_by"),
    [
        # Most cities: the next year by the end of its enrollment period (the default).
        ("period_end", D(2026, 12, 31)),
        # XIAN: the next year within the newborn's 90 days too.
        ("newborn_90_days", D(2027, 3, 10)),
    ],
)
def test_a_december_newborns_next_year_is_due_as_the_schedule_says(
    december_newborns_office, setting, next_year_by
):
    FeeSchedule.objects.filter(year=2027).update(newborn_next_year_deadline=setting)
    quote = fees.quote(
        december_newborns_office,
        history=cover_years.History(D(2026, 12, 10), True),
        today=D(2026, 12, 20),
    )
    assert [(y.cover.year, y.cover.rule, y.cover.pay_by) for y in quote.years] == [
        (2026, R.FROM_BIRTH, D(2027, 3, 10)),
        (2027, R.FROM_JANUARY, next_year_by),
    ]


def test_every_page_and_email_states_the_same_deadline_for_each_year(
    december_newborns_office, client, django_capture_on_commit_callbacks
):
    """The issue's newborn: born 13 November 2026, 2026 paid by 11 February 2027 (the 90th day),
    2027 by 31 December 2026 (the end of its period)."""
    parent = factories.make_user()
    client.force_login(parent)
    staff = factories.make_staff(december_newborns_office)
    first = "2026: ¥400.00, pay by 11 February 2027."
    second = "2027: ¥400.00, pay by 31 December 2026."
    with time_machine.travel(at(D(2026, 11, 20)), tick=False):
        application = make_application(
            parent,
            december_newborns_office,
            born=D(2026, 11, 13),
            first_enrollment=True,
        )
        for step in ("fee",):
            page = text(client.get(reverse("enrollment:step", args=[application.public_id, step])))
            assert first in page and second in page, step
        page = text(client.get(reverse("enrollment:check", args=[application.public_id])))
        assert first in page and second in page, "check"
        with django_capture_on_commit_callbacks(execute=True):
            services.application_submit(application=application, by=parent)
        email = " ".join(mail.outbox[-1].body.split())
        assert first in email and second in email, "submission email"
        for name in ("confirmation", "application", "print_checklist", "print_form"):
            page = text(client.get(reverse(f"enrollment:{name}", args=[application.public_id])))
            assert first in page and second in page, name
        with django_capture_on_commit_callbacks(execute=True):
            services.application_verify(application=application, by=staff)
        email = " ".join(mail.outbox[-1].body.split())
        assert first in email and second in email, "verification email"
        child = InsuredChild.objects.get()
        record = text(client.get(reverse("enrollment:child_record", args=[child.public_id])))
        assert "pay by 11 February 2027" in record and "pay by 31 December 2026" in record


# --- The three cases reproduced in the issue -------------------------------------------------


def status_page(client, application):
    """The parent's status page, signed in now (a session from before a time travel ends)."""
    client.force_login(application.owner)
    return text(client.get(reverse("enrollment:application", args=[application.public_id])))


def test_a_newborn_applied_on_day_61_and_paid_on_day_106_is_covered_from_the_day_after(
    december_newborns_office, client, django_capture_on_commit_callbacks
):
    """CHILDREN_2024 + QUANZHOU. Born 1 March 2026: the 90th day is 30 May."""
    parent = factories.make_user()
    client.force_login(parent)
    staff = factories.make_staff(december_newborns_office)
    with time_machine.travel(at(D(2026, 5, 1)), tick=False):  # day 61
        application = make_application(
            parent, december_newborns_office, upto="submitted", born=BORN, first_enrollment=True
        )
        application = move_to(application, "verified", staff=staff)
    with time_machine.travel(at(D(2026, 6, 20)), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.application_record_payment(
                application=application,
                by=staff,
                receipt_number="R-106",
                amount=application.fee_due,
                paid_on=D(2026, 6, 15),  # day 106
                channel="wechat",
            )
        year = CoverYear.objects.get()
        assert (year.cover_starts, year.rule) == (D(2026, 6, 16), R.AFTER_PAYMENT)
        assert year.paid_after_deadline
        assert year.quoted_cover_starts == BORN
        page = status_page(client, application)
        assert "2026: ¥400.00 paid on 15 June 2026. Covered from 16 June 2026" in page
        assert (
            "Paid after the deadline of 30 May 2026; the child has no waiting period, so cover "
            "starts on the day after payment. Paid by the deadline, cover would have started "
            "on 1 March 2026." in page
        )
        email = " ".join(mail.outbox[-1].body.split())
        assert "Covered from 16 June 2026 to 31 December 2026." in email  # the move to "paid"
        assert "the child has no waiting period" in email


def test_an_application_made_in_the_period_and_paid_on_20_january_is_covered_from_20_april(
    december_newborns_office, client, django_capture_on_commit_callbacks
):
    """NO_38: paid outside the period, 3 months from the payment. Recorded from the tax
    authority's list, which shows the late row before the clerk confirms."""
    parent = factories.make_user()
    client.force_login(parent)
    staff = factories.make_staff(december_newborns_office)
    with time_machine.travel(at(D(2026, 11, 10)), tick=False):
        application = make_application(
            parent, december_newborns_office, upto="submitted", born=D(2019, 5, 1)
        )
        application = move_to(application, "verified", staff=staff)
    with time_machine.travel(at(D(2027, 1, 25)), tick=False):
        child = application.child
        content = (
            "ID number,Name,Year,Amount,Date paid,Ticket number\r\n"
            f"{child.id_number},{child.full_name},2027,400.00,2027-01-20,320270000000120\r\n"
        ).encode()
        payment_list = payment_import.read_upload(factories.upload("list.csv", content, "text/csv"))
        imported, check = payment_import.payment_import_store(payment_list=payment_list, by=staff)
        (row,) = check.rows
        assert row.outcome == "matched_late"  # Outcome.MATCHED_LATE
        assert row.reason == (
            "Paid 2027-01-20, after the deadline of 2026-12-31: cover from 2027-04-20, "
            "not 2027-01-01."
        )
        with django_capture_on_commit_callbacks(execute=True):
            payment_import.payment_import_confirm(payment_import=imported, by=staff)
            call_command("send_notices")
        year = CoverYear.objects.get()
        assert (year.status, year.cover_starts, year.paid_on) == (
            "paid",
            D(2027, 4, 20),
            D(2027, 1, 20),
        )
        page = status_page(client, application)
        assert "2027: ¥400.00 paid on 20 January 2027. Covered from 20 April 2027" in page
        assert "Paid after the deadline of 31 December 2026, the child waits 3 months" in page
        assert "Paid by the deadline, cover would have started on 1 January 2027." in page
        sent = " ".join(mail.outbox[-1].body.split())
        assert "Covered from 20 April 2027 to 31 December 2027" in sent  # the move to "paid"


def renewed_for_2027(office, parent, staff):
    """A child covered in 2026 (enrolled in the 2026 period), renewed in December 2026."""
    with time_machine.travel(at(D(2026, 12, 10)), tick=False):
        child = factories.make_covered_child(parent, office, staff=staff).insured_child
        return renewals.renewal_confirm(
            child=child,
            parent=parent,
            details=renewals.current_details(child),
            subsidy=None,
            proof=None,
        )


@pytest.mark.parametrize("lapse_job_first", [False, True])
def test_a_renewal_paid_on_5_january_is_covered_from_5_april_whichever_runs_first(
    december_newborns_office, client, lapse_job_first, django_capture_on_commit_callbacks
):
    """NO_38: the renewal's deadline is the period's end; paid on 5 January, the fixed 3
    months run from the payment, whether the nightly lapse job ran before the recording."""
    parent = factories.make_user()
    client.force_login(parent)
    staff = factories.make_staff(december_newborns_office)
    renewed = renewed_for_2027(december_newborns_office, parent, staff)
    assert (renewed.year, renewed.pay_by) == (2027, D(2026, 12, 31))
    if lapse_job_first:
        with time_machine.travel(at(D(2027, 1, 6), hour=1), tick=False):
            call_command("lapse_unpaid_years")
        assert CoverYear.objects.get(pk=renewed.pk).status == "lapsed"
    with time_machine.travel(at(D(2027, 1, 6)), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.cover_year_record_payment(
                cover_year=renewed,
                by=staff,
                ticket_number="T-0105",
                amount=renewed.amount_due,
                paid_on=D(2027, 1, 5),
                channel="bank",
            )
        year = CoverYear.objects.get(pk=renewed.pk)
        assert (year.status, year.rule, year.cover_starts) == ("paid", R.WAITING, D(2027, 4, 5))
        client.force_login(parent)
        record = text(client.get(reverse("enrollment:child_record", args=[year.child.public_id])))
        assert "5 April 2027 to 31 December 2027" in record
        notice = Notice.objects.filter(cover_year_change__cover_year=year).latest("pk")
        assert notice.sent_at is not None
        sent = " ".join(mail.outbox[-1].body.split())
        assert "The child is covered from 5 April 2027 to 31 December 2027." in sent
        assert "Paid after the deadline of 31 December 2026, the child waits 3 months" in sent
    if not lapse_job_first:
        with time_machine.travel(at(D(2027, 1, 7), hour=1), tick=False):
            call_command("lapse_unpaid_years")
        assert CoverYear.objects.get(pk=renewed.pk).status == "paid"


# --- Nobody is surprised: the clerk sees a late receipt before recording it ------------------


def test_a_late_receipt_typed_by_the_clerk_is_shown_before_it_is_recorded(
    december_newborns_office, client
):
    parent = factories.make_user()
    staff = factories.make_staff(december_newborns_office)
    client.force_login(staff)
    with time_machine.travel(at(D(2026, 11, 10)), tick=False):
        application = move_to(
            make_application(parent, december_newborns_office, upto="submitted"),
            "verified",
            staff=staff,
        )
    url = reverse("admin:enrollment_application_move", args=[application.pk, "record_payment"])
    answers = {
        "receipt_number": "R-0120",
        "amount": "400.00",
        "paid_on": "2027-01-20",
        "channel": "bank",
    }
    with time_machine.travel(at(D(2027, 1, 25)), tick=False):
        client.force_login(staff)
        page = soup(client.post(url, answers))
        message = " ".join(page.select_one(".errors").get_text().split())
        assert (
            "Paid 2027-01-20, after the deadline of 2026-12-31: cover from 2027-04-20, "
            "not 2027-01-01." in message
        )
        assert page.find("input", {"name": "late_confirmed", "type": "checkbox"}) is not None
        assert CoverYear.objects.get().status == "due"
        response = client.post(url, {**answers, "late_confirmed": "on"})
        assert response.status_code == 302
    assert CoverYear.objects.get().cover_starts == D(2027, 4, 20)

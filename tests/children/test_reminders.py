"""`manage.py send_renewal_reminders`: when the next year's period opens, and 30 and 7 days
before it closes, one email per child covered this year and not yet paid for, in the parent's
language; never twice, and an email the mail server refuses is tried again at the next run."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from enrollment.applications import services
from enrollment.children import reminders, renewals
from enrollment.models import FeeSchedule, RenewalReminder
from tools import factories

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1
DAY = datetime.timedelta(days=1)


@pytest.fixture
def schedule(office):
    return FeeSchedule.objects.get(region=office.region, year=NEXT_YEAR)


@pytest.fixture
def covered(parent, office, staff):
    return factories.make_covered_child(parent, office, staff=staff).insured_child


def run(day):
    mail.outbox.clear()
    return reminders.send_renewal_reminders(today=day)


@pytest.mark.parametrize(
    "days_before_closing, kind",
    [
        (364, "opened"),
        (31, "opened"),
        (30, "days_30"),
        (8, "days_30"),
        (7, "days_7"),
        (0, "days_7"),
    ],
)
def test_the_reminder_due_follows_the_days_left(schedule, days_before_closing, kind):
    day = schedule.enrollment_closes - datetime.timedelta(days=days_before_closing)
    assert reminders.reminder_due(schedule, day) == kind


def test_no_reminder_outside_the_period(schedule):
    assert reminders.reminder_due(schedule, schedule.enrollment_closes + DAY) is None
    assert reminders.reminder_due(schedule, schedule.enrollment_opens - DAY) is None


def test_each_reminder_goes_once(covered, parent, schedule):
    assert run(schedule.enrollment_opens) == (1, 0)
    (email,) = mail.outbox
    assert email.to == [parent.email]
    assert f"pay for {NEXT_YEAR} now" in email.subject
    assert "/renew/" in email.body and schedule.payment_methods in email.body
    assert run(schedule.enrollment_opens) == (0, 0) and not mail.outbox
    assert run(schedule.enrollment_opens + DAY) == (0, 0)
    thirty = schedule.enrollment_closes - datetime.timedelta(days=30)
    assert run(thirty) == (1, 0)
    assert "closes on" in mail.outbox[0].body
    assert run(thirty) == (0, 0)
    seven = schedule.enrollment_closes - datetime.timedelta(days=7)
    assert run(seven) == (1, 0) and run(seven) == (0, 0)
    assert list(
        RenewalReminder.objects.filter(child=covered).values_list("kind", flat=True).order_by("pk")
    ) == ["opened", "days_30", "days_7"]


def test_a_late_first_run_sends_only_the_latest_reminder(covered, schedule):
    assert run(schedule.enrollment_closes - datetime.timedelta(days=10)) == (1, 0)
    assert list(RenewalReminder.objects.values_list("kind", flat=True)) == ["days_30"]


def test_a_year_paid_or_waived_gets_no_reminder(covered, parent, staff, schedule):
    renewals.renewal_confirm(
        child=covered,
        parent=parent,
        details=renewals.current_details(covered),
        subsidy=None,
        proof=None,
    )
    assert run(schedule.enrollment_opens) == (1, 0)  # confirmed, not yet paid
    year = covered.cover_years.get(year=NEXT_YEAR)
    services.cover_year_record_payment(
        cover_year=year,
        by=staff,
        ticket_number="T1",
        amount=year.amount_due,
        paid_on=TODAY,
        channel="wechat",
    )
    assert run(schedule.enrollment_closes - datetime.timedelta(days=30)) == (0, 0)


def test_a_child_not_covered_this_year_gets_no_reminder(parent, office, staff, schedule):
    factories.make_application(parent, office, upto="submitted")
    assert run(schedule.enrollment_opens) == (0, 0)


def test_the_reminder_is_in_the_parents_language(covered, parent, schedule):
    parent.language = "zh-hans"
    parent.save()
    run(schedule.enrollment_opens)
    (email,) = mail.outbox
    assert "年度" in email.subject and "缴费" in email.body


def test_a_refused_email_is_not_recorded_and_goes_at_the_next_run(covered, schedule):
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
    ):
        assert run(schedule.enrollment_opens) == (0, 1)
    assert not RenewalReminder.objects.exists()
    assert run(schedule.enrollment_opens) == (1, 0)


def test_the_command_reports_and_acts_as_on_the_date_given(covered, schedule, capsys):
    call_command("send_renewal_reminders", "--date", schedule.enrollment_opens.isoformat())
    assert "Renewal reminders sent: 1" in capsys.readouterr().out
    call_command("send_renewal_reminders", "--date", schedule.enrollment_opens.isoformat())
    assert "Renewal reminders sent: 0" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_renewal_reminders", "--date", "31/12/2026")


@pytest.fixture
def phone_family(covered, parent):
    parent.phone = "+8613800138000"
    parent.phone_confirmed_at = timezone.now()
    parent.save()
    return parent


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_parent_with_a_confirmed_number_is_reminded_by_sms_too(
    phone_family, covered, schedule, language
):
    from portal import sms
    from portal.sms import outbox

    phone_family.language = language
    phone_family.save()
    assert run(schedule.enrollment_opens) == (1, 0)
    [message] = outbox.messages
    assert message.kind == "renewal_open" and message.to == "+8613800138000"
    assert schedule.enrollment_closes.isoformat() in message.text()
    assert covered.id_number not in message.text()
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS, message.text()
    assert len(mail.outbox) == 1
    outbox.messages.clear()
    run(schedule.enrollment_closes - datetime.timedelta(days=7))
    [message] = outbox.messages
    assert message.kind == "renewal_due"
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS, message.text()


def test_a_parent_with_a_number_only_is_reminded_by_sms(phone_family, covered, schedule):
    from portal.sms import outbox

    phone_family.notify_by = "sms"
    phone_family.save()
    assert run(schedule.enrollment_opens) == (1, 0)
    assert len(outbox.messages) == 1 and mail.outbox == []


def test_when_the_sms_fails_the_email_still_counts(phone_family, covered, schedule):
    from portal import sms

    with mock.patch("portal.sms.send_sms", side_effect=sms.SmsThrottled(code="LimitExceeded")):
        assert run(schedule.enrollment_opens) == (1, 0)
    assert len(mail.outbox) == 1

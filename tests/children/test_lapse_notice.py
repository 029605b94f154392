"""A renewed year that lapses unpaid is news the family must hear: the nightly job tells the
parent who renewed, by email and SMS in their language, which year has no cover, the deadline
missed and what paying now would give; told once, whatever the job's re-runs."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from enrollment import notices
from enrollment.children import renewals
from enrollment.models import Notice
from portal import sms
from portal.sms import outbox
from tools import factories

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def renewed(parent, office, staff):
    """A child covered this year whose parent renewed for next year and has not paid."""
    parent.phone = "+8613800138000"
    parent.phone_confirmed_at = timezone.now()
    parent.save()
    child = factories.make_covered_child(parent, office, staff=staff).insured_child
    renewals.renewal_confirm(
        child=child,
        parent=parent,
        details=renewals.current_details(child),
        subsidy=None,
        proof=None,
    )
    mail.outbox.clear()
    outbox.messages.clear()
    return child.cover_years.get(year=NEXT_YEAR)


def lapse(year, capture, days_late=1):
    with capture(execute=True):
        return renewals.lapse_unpaid_renewals(
            today=year.pay_by + datetime.timedelta(days=days_late)
        )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_lapsed_year_reaches_the_phone_and_the_inbox(
    renewed, parent, language, settings, django_capture_on_commit_callbacks
):
    settings.SMS_SIGNATURE = "少儿医保参保"
    parent.language = language
    parent.save()
    renewed.child.full_name = "阿卜杜热合曼·吐尔逊江·买买提"  # the longest names are cut
    renewed.child.save()
    assert lapse(renewed, django_capture_on_commit_callbacks) == 1
    [message] = outbox.messages
    assert message.kind == "cover_lapsed" and message.to == "+8613800138000"
    assert message.language == language
    assert str(NEXT_YEAR) in message.text()
    assert renewed.pay_by.isoformat() in message.text()
    assert renewed.child.id_number not in message.text()
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS, message.text()
    [email] = mail.outbox
    assert email.to == [parent.email]
    assert renewed.child.id_number not in email.body
    notice = Notice.objects.get(cover_year_change__to_status="lapsed")
    assert notice.sent_at is not None and notice.sms_sent_at is not None


def test_the_email_says_no_cover_and_when_cover_would_start_if_paid_now(
    renewed, django_capture_on_commit_callbacks
):
    with time_machine.travel(renewed.pay_by + datetime.timedelta(days=1), tick=False):
        lapse(renewed, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.subject == f"王小明: not paid for {NEXT_YEAR}, no cover"
    assert "not paid by" in email.body and "so no cover" in email.body
    assert "Paid today, cover would start on" in email.body
    assert "after a break in cover" in email.body


def test_the_chinese_email_is_in_chinese(renewed, parent, django_capture_on_commit_callbacks):
    parent.language = "zh-hans"
    parent.save()
    lapse(renewed, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert "not paid" not in email.subject and str(NEXT_YEAR) in email.subject
    assert "未" in email.body


def test_a_re_run_tells_nobody_twice(renewed, django_capture_on_commit_callbacks):
    lapse(renewed, django_capture_on_commit_callbacks)
    assert lapse(renewed, django_capture_on_commit_callbacks, days_late=2) == 0
    assert len(outbox.messages) == 1 and len(mail.outbox) == 1


def test_a_parent_who_chose_email_only_gets_no_sms(
    renewed, parent, django_capture_on_commit_callbacks
):
    parent.notify_by = "email"
    parent.save()
    lapse(renewed, django_capture_on_commit_callbacks)
    assert outbox.messages == [] and len(mail.outbox) == 1
    notice = Notice.objects.get(cover_year_change__to_status="lapsed")
    assert notice.sms_sent_at is None and notice.sms_next_attempt_at is None
    assert "chose email only" in notice.sms_last_error


def test_a_failing_provider_is_retried_later(renewed, django_capture_on_commit_callbacks):
    with mock.patch("portal.sms.send_sms", side_effect=sms.SmsThrottled(code="isv.BUSINESS_LIMIT")):
        lapse(renewed, django_capture_on_commit_callbacks)
    notice = Notice.objects.get(cover_year_change__to_status="lapsed")
    assert notice.sms_sent_at is None and notice.sms_attempts == 1
    assert "SmsThrottled" in notice.sms_last_error
    with time_machine.travel(notice.sms_next_attempt_at + datetime.timedelta(seconds=1)):
        notices.send_due_notices()
    notice.refresh_from_db()
    assert notice.sms_sent_at is not None
    # (the fixture's own application moves were left unsent: they go at this run too)
    assert [message.kind for message in outbox.messages].count("cover_lapsed") == 1

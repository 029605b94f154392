"""The moves a family must act on or waits for reach their phone as well as their inbox, in
their language, short enough for one segment and without an ID number; a failing provider is
retried with longer waits and shown to staff; each parent's choice of ways is followed."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from enrollment import notices
from enrollment.applications import services
from enrollment.models import Notice
from portal import sms
from portal.sms import outbox
from tools.factories import make_application, make_supervisor, make_user, move_to

from ..pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_parent(db):
    return make_user(
        "phone.parent@example.com",
        phone="+8613800138000",
        phone_confirmed_at=timezone.now(),
        language="zh-hans",
    )


def returned(application, staff, note, capture):
    with capture(execute=True):
        services.application_return(application=application, by=staff, changes_needed=note)


def test_returned_for_changes_reaches_the_phone_with_what_to_change(
    phone_parent, office, staff, django_capture_on_commit_callbacks
):
    application = make_application(phone_parent, office, upto="submitted")
    returned(application, staff, "户口本照片看不清", django_capture_on_commit_callbacks)
    [message] = outbox.messages
    assert message.to == "+8613800138000" and message.kind == "status_returned"
    assert application.reference_number in message.text()
    assert "户口本照片看不清" in message.text() and "登录" in message.text()
    assert application.child.id_number not in message.text()
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS
    notice = Notice.objects.get(status_change__to_status="returned")
    assert notice.sms_sent_at is not None


@pytest.mark.parametrize("status", ["verified", "paid", "sent_to_card_centre", "card_issued"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_move_the_family_waits_for_is_one_short_sms_without_an_id_number(
    phone_parent, office, staff, status, language, django_capture_on_commit_callbacks
):
    phone_parent.language = language
    phone_parent.save()
    application = make_application(phone_parent, office, upto="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        move_to(application, status, staff=staff)
    sent = {message.kind: message for message in outbox.messages}
    message = sent[f"status_{status}"]
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS, message.text()
    assert application.reference_number in message.text()
    assert application.child.id_number not in message.text()
    assert message.language == language


def test_the_verified_sms_says_how_much_and_by_when(
    phone_parent, office, staff, django_capture_on_commit_callbacks
):
    application = make_application(phone_parent, office, upto="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        move_to(application, "verified", staff=staff)
    [message] = [m for m in outbox.messages if m.kind == "status_verified"]
    assert message.params["fee"] and message.params["deadline"] in message.text()
    assert f"{message.params['fee']}元" in message.text()


def test_a_submission_or_a_withdrawal_sends_no_sms(
    phone_parent, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = make_application(phone_parent, office, upto="submitted")
        services.application_withdraw(application=application, by=phone_parent, reason="")
    assert outbox.messages == []


def test_a_failing_provider_is_retried_later_and_shown_to_staff(
    phone_parent, office, staff, client, django_capture_on_commit_callbacks
):
    application = make_application(phone_parent, office, upto="submitted")
    start = timezone.now()
    with (
        time_machine.travel(start, tick=False),
        mock.patch(
            "portal.sms.backends.locmem.SmsBackend.send",
            side_effect=sms.SmsThrottled(code="isv.BUSINESS_LIMIT_CONTROL"),
        ),
    ):
        returned(application, staff, "照片背景不是白色", django_capture_on_commit_callbacks)
    notice = Notice.objects.get(status_change__to_status="returned")
    assert notice.sms_sent_at is None and notice.sms_attempts == 1
    assert "isv.BUSINESS_LIMIT_CONTROL" in notice.sms_last_error
    assert notice.sms_next_attempt_at == start + datetime.timedelta(minutes=1)

    supervisor_client = client
    supervisor_client.force_login(make_supervisor("boss@example.com"))
    page = supervisor_client.get(
        reverse("admin:enrollment_application_change", args=[application.pk])
    )
    assert "SMS not sent yet" in text(page) and "isv.BUSINESS_LIMIT_CONTROL" in text(page)
    assert "isv.BUSINESS_LIMIT_CONTROL" in text(
        supervisor_client.get(reverse("admin:enrollment_notice_changelist"))
    )

    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        notices.send_due_notices()
    assert outbox.messages == [], "not before its time"
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        notices.send_due_notices()
    assert [m.kind for m in outbox.messages] == ["status_returned"]
    notice.refresh_from_db()
    assert notice.sms_sent_at is not None and notice.sms_attempts == 2


def test_a_number_the_provider_refuses_is_not_tried_again(
    phone_parent, office, staff, django_capture_on_commit_callbacks
):
    application = make_application(phone_parent, office, upto="submitted")
    with mock.patch(
        "portal.sms.backends.locmem.SmsBackend.send",
        side_effect=sms.SmsInvalidNumber(code="isv.MOBILE_NUMBER_ILLEGAL"),
    ):
        returned(application, staff, "请补充出生医学证明", django_capture_on_commit_callbacks)
    notice = Notice.objects.get(status_change__to_status="returned")
    assert notice.sms_next_attempt_at is None and "MOBILE_NUMBER_ILLEGAL" in notice.sms_last_error


@pytest.mark.parametrize(
    ("notify_by", "sms_count", "email_count"),
    [("sms_and_email", 1, 1), ("sms", 1, 0), ("email", 0, 1)],
)
def test_the_parents_choice_of_ways_is_followed(
    phone_parent,
    office,
    staff,
    notify_by,
    sms_count,
    email_count,
    django_capture_on_commit_callbacks,
):
    phone_parent.notify_by = notify_by
    phone_parent.save()
    application = make_application(phone_parent, office, upto="submitted")
    mail.outbox.clear()
    returned(application, staff, "请重新上传照片", django_capture_on_commit_callbacks)
    assert len(outbox.messages) == sms_count
    assert len(mail.outbox) == email_count


def test_a_parent_without_a_confirmed_number_gets_the_email_only(
    parent, office, staff, django_capture_on_commit_callbacks
):
    application = make_application(parent, office, upto="submitted")
    mail.outbox.clear()
    returned(
        application, staff, "Please upload the photo again", django_capture_on_commit_callbacks
    )
    assert outbox.messages == [] and len(mail.outbox) == 1
    notice = Notice.objects.get(status_change__to_status="returned")
    assert notice.sms_next_attempt_at is None and "no confirmed number" in notice.sms_last_error


def test_the_status_page_says_when_no_way_reaches_the_parent(client, office):
    parent = make_user("sms.only@example.com", notify_by="sms")
    application = make_application(parent, office, upto="submitted")
    client.force_login(parent)
    page = client.get(reverse("enrollment:application", args=[application.public_id]))
    assert "We cannot tell you when this application moves on" in text(page)
    assert "no confirmed mobile number" in text(page)
    parent.notify_by = "sms_and_email"
    parent.save()
    page = client.get(reverse("enrollment:application", args=[application.public_id]))
    assert "We cannot tell you when this application moves on" not in text(page)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_long_request_is_cut_to_fit_one_segment(
    phone_parent, office, staff, language, django_capture_on_commit_callbacks
):
    phone_parent.language = language
    phone_parent.save()
    application = make_application(phone_parent, office, upto="submitted")
    note = "请重新上传户口本首页和本人页，照片要清晰完整，四个角都要拍到。" * 5
    returned(application, staff, note, django_capture_on_commit_callbacks)
    [message] = outbox.messages
    assert len(message.text()) <= sms.SEGMENT_CHARACTERS, message.text()
    assert "请重新上传户口本首页和本人页" in message.text() and "…" in message.text()

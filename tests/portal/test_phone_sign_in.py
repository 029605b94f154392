"""The first way in: a mobile number, a code by text message, and an account that may submit at
once. The pages tell no one whether a number has an account."""

import datetime
import time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from enrollment.applications import services
from enrollment.models import Application
from portal import phone_codes
from portal.models import PhoneCode, User
from portal.sms import outbox
from tools.factories import make_application, make_user

from ..pages import assert_field_error, assert_redirects_to, text
from ..phone_sign_in import ask_for_code, last_code, sign_in_by_phone

pytestmark = pytest.mark.django_db


def test_a_new_number_gets_an_account_that_may_submit_at_once(client, office):
    response = ask_for_code(client, "+86 138-0013-8000")
    assert_redirects_to(response, reverse("phone_code"))
    [message] = outbox.messages
    assert message.to == "+8613800138000" and message.kind == "sign_in_code"
    code = message.params["code"]
    assert len(code) == 6 and code.isdigit()
    assert code in message.text() and "【" in message.text()
    page = client.get(response["Location"])
    assert "138 0013 8000" in text(page), "the owner sees the number they typed, to check it"

    response = client.post(reverse("phone_code"), {"code": code})
    assert_redirects_to(response, reverse("enrollment:my_applications"))
    user = User.objects.get()
    assert user.phone == "+8613800138000" and user.phone_confirmed and user.email is None
    assert not user.has_usable_password(), "a password stays optional"
    page = client.get(response["Location"])
    assert "Your account is ready" in text(page)
    assert "Confirm your email address" not in text(page)

    application = make_application(user, office)
    submitted = services.application_submit(application=application, by=user)
    assert submitted.status == "submitted"


def test_a_number_with_an_account_signs_into_it(client):
    parent = make_user("parent@example.com", phone="+8613800138000", language="zh-hans")
    response = sign_in_by_phone(client, "13800138000")
    assert_redirects_to(response, reverse("enrollment:my_applications"))
    assert client.session["_auth_user_id"] == str(parent.pk)
    assert response.cookies["django_language"].value == "zh-hans", "the account's language"
    assert User.objects.count() == 1


def test_the_page_after_the_number_is_the_same_whether_or_not_it_has_an_account(client):
    make_user("parent@example.com", phone="+8613900139000")
    answers = []
    for number in ("139 0013 9000", "139 0013 9001"):
        started = time.perf_counter()
        response = ask_for_code(client, number)
        elapsed = time.perf_counter() - started
        answers.append((response.status_code, response["Location"], elapsed))
        page = client.get(response["Location"])
        answers[-1] += (text(page).replace(number, "NUMBER"),)
    (status_1, place_1, time_1, page_1), (status_2, place_2, time_2, page_2) = answers
    assert (status_1, place_1, page_1) == (status_2, place_2, page_2)
    assert len(outbox.messages) == 2, "a code goes to either"
    assert max(time_1, time_2) < 10 * min(time_1, time_2) + 0.05, (time_1, time_2)


def test_the_page_to_sign_in_goes_back_where_the_parent_was_going(client):
    response = sign_in_by_phone(client, next_url="/apply/new/")
    assert_redirects_to(response, "/apply/new/")


def test_a_code_works_once(client):
    ask_for_code(client)
    code = last_code()
    assert client.post(reverse("phone_code"), {"code": code}).status_code == 302
    again = phone_codes.check_code(phone="+8613800138000", code=code, purpose="sign_in")
    assert again.outcome is phone_codes.Checking.NO_CODE


def test_a_code_expires_after_five_minutes(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask_for_code(client)
    with time_machine.travel(start + datetime.timedelta(minutes=5, seconds=1), tick=False):
        response = client.post(reverse("phone_code"), {"code": last_code()})
    assert_field_error(response, "id_code", "This code has expired or was used already")
    with time_machine.travel(start + datetime.timedelta(minutes=4, seconds=59), tick=False):
        ask_for_code(client)  # a new code, 1 minute after the first was allowed
        assert client.post(reverse("phone_code"), {"code": last_code()}).status_code == 302


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_code_has_five_tries_then_a_new_one_is_needed(client):
    ask_for_code(client)
    code = last_code()
    for left in (4, 3, 2, 1):
        response = client.post(reverse("phone_code"), {"code": wrong(code)})
        suffix = "time" if left == 1 else "times"
        assert_field_error(response, "id_code", f"you can try {left} more {suffix}")
    response = client.post(reverse("phone_code"), {"code": wrong(code)})
    assert_field_error(response, "id_code", "it cannot be tried again. Ask for a new code")
    response = client.post(reverse("phone_code"), {"code": code})
    assert_field_error(response, "id_code", "This code has expired or was used already")
    assert "_auth_user_id" not in client.session


def test_wrong_codes_lock_the_number_whoever_types_them(client, django_user_model):
    from django.test import Client

    start = timezone.now()
    for minute in (0, 1):
        with time_machine.travel(start + datetime.timedelta(minutes=minute), tick=False):
            other_browser = Client(headers={"Accept-Language": "en"})
            ask_for_code(other_browser)
            code = last_code()
            for _ in range(5):
                response = other_browser.post(reverse("phone_code"), {"code": wrong(code)})
    assert_field_error(response, "id_code", "Too many wrong codes were typed for this number")
    assert PhoneCode.objects.get().locked_until is not None

    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        sent = len(outbox.messages)
        response = ask_for_code(client)
        assert_field_error(response, "id_phone", "Too many wrong codes were typed for this number")
        assert len(outbox.messages) == sent, "no code goes to a locked number"
    with time_machine.travel(start + datetime.timedelta(minutes=17), tick=False):
        assert sign_in_by_phone(client).status_code == 302, "the lock lasts 15 minutes"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your mobile number"),
        ("010 6552 9988", "Enter a mainland China mobile number of 11 digits"),
        ("138 0013 80", "Enter a mainland China mobile number of 11 digits"),
        ("1" * 41, "Enter a mainland China mobile number of 11 digits"),
        ("138\x000013 8000", "hidden character"),
    ],
)
def test_a_number_that_is_not_a_mainland_mobile_is_refused_next_to_the_field(
    client, typed, message
):
    response = ask_for_code(client, typed)
    assert_field_error(response, "id_phone", message)
    assert outbox.messages == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from the text message"),
        ("12345", "Enter the 6-digit code from the text message"),
        ("12345a", "Enter the 6-digit code from the text message"),
        ("1" * 21, "Enter the 6-digit code from the text message"),
    ],
)
def test_a_code_that_is_not_six_digits_is_refused_without_using_a_try(client, typed, message):
    ask_for_code(client)
    response = client.post(reverse("phone_code"), {"code": typed})
    assert_field_error(response, "id_code", message)
    assert PhoneCode.objects.get().tries == 0


def test_a_code_typed_with_spaces_works(client):
    ask_for_code(client)
    code = last_code()
    response = client.post(reverse("phone_code"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_the_code_page_without_a_number_sends_the_parent_to_ask_for_one(client):
    assert_redirects_to(client.get(reverse("phone_code")), reverse("login"))


def test_only_a_hash_of_the_code_is_stored(client):
    ask_for_code(client)
    row = PhoneCode.objects.get()
    assert last_code() not in row.code_hash and len(row.code_hash) == 64


def test_an_email_account_still_signs_in_with_its_password(client, parent):
    response = client.post(
        reverse("email_sign_in"), {"username": parent.email, "password": "correct horse 7"}
    )
    assert response.status_code in (200, 302)
    assert "Sign in with your mobile number instead" in text(client.get(reverse("email_sign_in")))


def test_drafts_are_kept_when_a_phone_account_signs_in_again(client, office):
    sign_in_by_phone(client)
    user = User.objects.get()
    make_application(user, office)
    client.post(reverse("logout"))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        sign_in_by_phone(client)
    assert Application.objects.filter(owner=user).count() == 1


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_signing_in_by_code_never_leads_to_another_site(client, target):
    response = sign_in_by_phone(client, next_url=target)
    assert_redirects_to(response, reverse("enrollment:my_applications"))

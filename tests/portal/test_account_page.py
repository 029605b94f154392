"""The parent's own account page: the mobile number (confirmed by a code to the new number, the
old number told), the email address (confirmed by a link, the old address told) and the
language. Nobody reaches another's account through it."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.sms import outbox
from tools.factories import make_user

from ..pages import assert_field_error, assert_redirects_to, text
from ..phone_sign_in import last_code, sign_in_by_phone

pytestmark = pytest.mark.django_db


def test_the_account_page_shows_the_accounts_own_number_address_and_language(parent_client, parent):
    parent.phone = "+8613800138000"
    parent.save()
    page = text(parent_client.get(reverse("account")))
    assert "138 0013 8000" in page and "parent@example.com" in page and "English" in page


def test_the_account_page_needs_a_signed_in_parent(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_new_number_is_confirmed_by_a_code_and_the_old_number_is_told(
    client, django_capture_on_commit_callbacks
):
    sign_in_by_phone(client, "138 0013 8000")
    response = client.post(reverse("change_number"), {"phone": "139 0013 9000"})
    assert_redirects_to(response, reverse("change_number_code"))
    assert User.objects.get().phone == "+8613800138000", "nothing changes before the code"
    code = last_code("+8613900139000")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("change_number_code"), {"code": code})
    assert_redirects_to(response, reverse("account"))
    user = User.objects.get()
    assert user.phone == "+8613900139000" and user.phone_confirmed
    assert "Your mobile number is now 139 0013 9000" in text(client.get(reverse("account")))
    [notice] = [m for m in outbox.messages if m.kind == "number_changed"]
    assert notice.to == "+8613800138000" and "139****9000" in notice.text()
    assert "13900139000" not in notice.text()


def test_a_wrong_code_changes_nothing(client):
    sign_in_by_phone(client, "138 0013 8000")
    client.post(reverse("change_number"), {"phone": "139 0013 9000"})
    code = last_code("+8613900139000")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(reverse("change_number_code"), {"code": wrong})
    assert_field_error(response, "id_code", "The code is not right")
    assert User.objects.get().phone == "+8613800138000"


def test_a_sign_in_code_does_not_change_the_number_nor_a_change_code_sign_in(client):
    """Each code is for its purpose: a code sent to sign in cannot confirm a new number."""
    sign_in_by_phone(client, "138 0013 8000")
    client.post(reverse("change_number"), {"phone": "139 0013 9000"})
    stranger = Client(headers={"Accept-Language": "en"})
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        stranger.post(reverse("login"), {"phone": "139 0013 9000"})
        sign_in_code = last_code("+8613900139000")
        response = client.post(reverse("change_number_code"), {"code": sign_in_code})
    assert_field_error(response, "id_code", "This code has expired or was used already")
    assert User.objects.get(pk=User.objects.get(phone="+8613800138000").pk)


def test_a_number_with_its_own_account_is_not_taken_from_it(client):
    other = make_user("other@example.com", phone="+8613900139000")
    sign_in_by_phone(client, "138 0013 8000")
    client.post(reverse("change_number"), {"phone": "139 0013 9000"})
    response = client.post(reverse("change_number_code"), {"code": last_code("+8613900139000")})
    assert "has an account of its own" in text(client.get(response["Location"]))
    other.refresh_from_db()
    assert other.phone == "+8613900139000"
    assert User.objects.get(phone="+8613800138000").pk != other.pk


def test_the_same_number_again_is_refused_next_to_the_field(client):
    sign_in_by_phone(client, "138 0013 8000")
    response = client.post(reverse("change_number"), {"phone": "13800138000"})
    assert_field_error(response, "id_phone", "This is already your account's mobile number")


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter your mobile number"), ("12345", "Enter a mainland China mobile number")],
)
def test_a_new_number_that_is_not_a_mainland_mobile_is_refused(parent_client, typed, message):
    response = parent_client.post(reverse("change_number"), {"phone": typed})
    assert_field_error(response, "id_phone", message)


def confirmation_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/account/confirm/\S+/)", message.body).group(1)


def test_a_phone_account_adds_an_email_address_confirmed_by_a_link(client):
    sign_in_by_phone(client)
    response = client.post(reverse("change_email"), {"email": "New.Parent@example.com"})
    assert_redirects_to(response, reverse("account"))
    user = User.objects.get()
    assert user.email == "new.parent@example.com" and not user.email_confirmed
    assert "Not confirmed yet" in text(client.get(reverse("account")))
    [message] = mail.outbox
    assert message.to == ["new.parent@example.com"]
    client.post(confirmation_link(message))
    assert User.objects.get().email_confirmed


def test_then_it_signs_in_with_either(client):
    sign_in_by_phone(client)
    client.post(reverse("change_email"), {"email": "new.parent@example.com"})
    user = User.objects.get()
    user.set_password("a long pass 77")
    user.save()
    client.post(reverse("logout"))
    response = client.post(
        reverse("email_sign_in"),
        {"username": "new.parent@example.com", "password": "a long pass 77"},
    )
    assert client.session["_auth_user_id"] == str(user.pk), response


def test_a_changed_address_is_told_to_the_old_one(parent_client, parent):
    parent_client.post(reverse("change_email"), {"email": "moved@example.com"})
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["moved@example.com", "parent@example.com"]
    [notice] = [m for m in mail.outbox if m.to == ["parent@example.com"]]
    assert "m****@example.com" in notice.body and "moved@example.com" not in notice.body


def test_an_address_with_its_own_account_is_left_to_it_and_the_page_says_the_same(
    parent_client, parent, other_parent
):
    response = parent_client.post(reverse("change_email"), {"email": other_parent.email})
    assert_redirects_to(response, reverse("account"))
    page = text(parent_client.get(reverse("account")))
    assert f"We have sent a message to {other_parent.email}" in page
    parent.refresh_from_db()
    assert parent.email == "parent@example.com"
    [message] = mail.outbox
    assert message.to == [other_parent.email] and "already has one" in message.body


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address in the correct format"),
        ("a" * 250 + "@x.cn", "254 characters or fewer"),
    ],
)
def test_a_bad_address_is_refused_next_to_the_field(parent_client, typed, message):
    response = parent_client.post(reverse("change_email"), {"email": typed})
    assert_field_error(response, "id_email", message)


def test_the_language_is_saved_for_the_site_and_the_messages(parent_client, parent):
    response = parent_client.post(reverse("change_language"), {"language": "zh-hans"})
    assert_redirects_to(response, reverse("account"))
    assert response.cookies["django_language"].value == "zh-hans"
    parent.refresh_from_db()
    assert parent.language == "zh-hans"


def test_a_language_that_is_not_offered_is_refused(parent_client):
    response = parent_client.post(reverse("change_language"), {"language": "fr"})
    assert_field_error(response, "id_language_0", "Choose a language")


def test_the_parent_chooses_how_they_are_told(parent_client, parent):
    response = parent_client.post(reverse("change_notices"), {"notify_by": "email"})
    assert_redirects_to(response, reverse("account"))
    parent.refresh_from_db()
    assert parent.notify_by == "email"
    assert "Email only" in text(parent_client.get(reverse("account")))


def test_a_way_that_is_not_offered_is_refused(parent_client):
    response = parent_client.post(reverse("change_notices"), {"notify_by": "pigeon"})
    assert_field_error(response, "id_notify_by_0", "Choose how we tell you")


def test_the_account_page_says_when_the_chosen_way_cannot_reach_the_parent(parent_client, parent):
    parent.notify_by = "sms"
    parent.save()
    page = text(parent_client.get(reverse("account")))
    assert "We cannot reach you this way yet" in page

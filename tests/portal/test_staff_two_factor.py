"""Staff and supervisors pass a second factor (an authenticator app, or a single-use recovery
code) before any admin page; a supervisor resets someone else's, never their own; a password
reset leads to the same two steps."""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tools import staff_sessions
from tools.factories import PASSWORD, make_staff, make_user

from ..pages import assert_redirects_to, soup, text

pytestmark = pytest.mark.django_db


def browser():
    return Client(headers={"Accept-Language": "en"})


def password_step(client, user, next_url="/admin/"):
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": user.email, "password": PASSWORD, "next": next_url},
    )


def enrol(client):
    """The set-up page's QR code and key, and the app's first code: the recovery codes."""
    page = client.get(reverse("staff_two_factor_setup"))
    assert soup(page).select_one(".two-factor-qr svg") is not None
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(
        reverse("staff_two_factor_setup"), {"token": staff_sessions.code_now(device)}
    )
    return [code.get_text() for code in soup(response).select(".recovery-codes code")]


@pytest.fixture
def clerk(office):
    return make_staff(office, "clerk@example.com")


@pytest.mark.parametrize(
    "page",
    [
        "/admin/",
        "/admin/enrollment/application/",
        "/admin/portal/user/",
    ],
)
def test_an_admin_page_without_the_second_factor_is_refused(clerk, page):
    client = browser()
    password_step(client, clerk)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_two_factor"))


def test_the_first_sign_in_sets_up_the_app_and_shows_ten_recovery_codes(clerk):
    client = browser()
    response = password_step(client, clerk)
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("staff_two_factor_setup"))
    assert "Set up your second factor" in text(response)
    wrong = client.post(reverse("staff_two_factor_setup"), {"token": "000000"})
    assert "The code is not right" in text(wrong)
    with later():
        codes = enrol(client)
        assert client.get("/admin/").status_code == 200
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=clerk).confirmed


def later(seconds=60):
    """Past the app's 30-second step: a code is accepted once (django-otp keeps the last)."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds))


def test_the_next_sign_in_asks_for_the_apps_code(clerk):
    first = browser()
    password_step(first, clerk)
    enrol(first)
    traveller = later()
    traveller.start()
    client = browser()
    password_step(client, clerk)
    assert client.get("/admin/")["Location"].startswith(reverse("staff_two_factor"))
    wrong = client.post(reverse("staff_two_factor"), {"token": "000000", "next": "/admin/"})
    assert "The code is not right" in text(wrong)
    traveller.stop()
    with later(120):  # django-otp slows down guesses after a wrong one
        device = TOTPDevice.objects.get(user=clerk)
        response = client.post(
            reverse("staff_two_factor"),
            {"token": staff_sessions.code_now(device), "next": "/admin/"},
        )
        assert_redirects_to(response, "/admin/")
        assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(clerk):
    first = browser()
    password_step(first, clerk)
    codes = enrol(first)
    client = browser()
    password_step(client, clerk)
    response = client.post(reverse("staff_two_factor"), {"token": codes[0], "next": "/admin/"})
    assert_redirects_to(response, "/admin/")
    assert "9 are left" in text(client.get("/admin/"))
    again = browser()
    password_step(again, clerk)
    response = again.post(reverse("staff_two_factor"), {"token": codes[0], "next": "/admin/"})
    assert response.status_code == 200 and "The code is not right" in text(response)
    assert StaticDevice.objects.get(user=clerk).token_set.count() == 9


def test_a_supervisor_resets_a_clerks_second_factor_and_it_is_recorded(clerk, office):
    supervisor = make_user("boss@example.com", is_staff=True)
    from django.contrib.auth.models import Group

    supervisor.groups.add(Group.objects.get(name="Supervisors"))
    first = browser()
    password_step(first, clerk)
    enrol(first)
    client = browser()
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [clerk.pk]},
        follow=True,
    )
    assert "The second factor of 1 account is reset" in text(response)
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not StaticDevice.objects.filter(user=clerk).exists()
    entry = LogEntry.objects.get(object_id=str(clerk.pk))
    assert entry.user == supervisor and "Reset the second factor" in entry.get_change_message()
    # The clerk's session that had passed the second factor no longer counts.
    assert first.get("/admin/")["Location"].startswith(reverse("staff_two_factor"))


def test_nobody_resets_their_own_second_factor(db):
    superuser = make_user("root@example.com", is_staff=True, is_superuser=True)
    client = browser()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [superuser.pk]},
        follow=True,
    )
    assert "You cannot reset your own second factor" in text(response)
    assert TOTPDevice.objects.filter(user=superuser).exists()
    assert not LogEntry.objects.exists()


def test_a_staff_password_reset_does_not_bypass_the_second_factor(clerk):
    first = browser()
    password_step(first, clerk)
    enrol(first)
    client = browser()
    client.post(reverse("admin_password_reset"), {"email": clerk.email})
    link = re.search(r"https?://[^/\s]+(/admin/password-reset/\S+/)", mail.outbox[-1].body)
    page = client.get(link.group(1), follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(
        set_url, {"new_password1": "a new long secret 9", "new_password2": "a new long secret 9"}
    )
    assert client.get("/admin/")["Location"].startswith(reverse("admin:login"))
    client.post(
        reverse("admin:login"),
        {"username": clerk.email, "password": "a new long secret 9", "next": "/admin/"},
    )
    assert client.get("/admin/")["Location"].startswith(reverse("staff_two_factor"))


def test_the_second_factor_pages_are_only_for_signed_in_staff(parent_client):
    for url in (reverse("staff_two_factor"), reverse("staff_two_factor_setup")):
        assert browser().get(url).status_code == 302
        assert parent_client.get(url)["Location"].startswith(reverse("admin:login"))

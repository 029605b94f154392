"""Sign-up that tells no one who has an account, the emailed confirmation of the address, email
addresses matched whatever their case, and `next` addresses that never leave the site."""

import importlib
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from enrollment.applications import services
from portal.models import User
from tools.factories import PASSWORD, make_application, make_user

from ..pages import assert_redirects_to, soup, text


def sign_up(client, **overrides):
    answers = {"email": "new.parent@example.com", "password1": PASSWORD, "password2": PASSWORD}
    answers.update(overrides)
    return client.post(reverse("sign_up"), answers)


def confirmation_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/account/confirm/\S+/)", message.body).group(1)


def test_a_parent_signs_up_and_is_sent_a_link_to_confirm_the_address(client, db):
    response = sign_up(client, email="New.Parent@Example.com")
    assert response["Location"] == reverse("sign_up_sent")
    user = User.objects.get()
    assert user.email == "new.parent@example.com"
    assert not user.is_staff and not user.email_confirmed
    page = client.get(response["Location"])
    assert "Check your email" in text(page) and "new.parent@example.com" in text(page)
    assert [message.to for message in mail.outbox] == [["new.parent@example.com"]]
    assert "Confirm your email address" in mail.outbox[0].subject

    link = confirmation_link(mail.outbox[0])
    assert "Confirm my email address" in text(client.get(link))
    assert not User.objects.get().email_confirmed, "opening the link alone confirms nothing"
    response = client.post(link)
    assert response["Location"] == reverse("email_sign_in")
    assert User.objects.get().email_confirmed
    assert "This link has expired" not in text(client.get(link))
    assert "Your email address is confirmed" in text(client.get(link))


def test_a_signed_in_parent_who_confirms_goes_back_to_their_applications(client, db):
    sign_up(client)
    client.post(
        reverse("email_sign_in"), {"username": "new.parent@example.com", "password": PASSWORD}
    )
    response = client.post(confirmation_link(mail.outbox[0]))
    assert response["Location"] == reverse("enrollment:my_applications")
    page = client.get(response["Location"])
    assert "Your email address is confirmed." in text(page)
    assert "Send the link again" not in text(page)


def test_a_tampered_confirmation_link_confirms_nothing(client, db):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])
    for bad in [
        link[:-3] + "xx/",
        link.replace("/confirm/", "/confirm/Mg/x"),
        "/account/confirm/!!/x/",
    ]:
        response = client.post(bad)
        assert response.status_code in (200, 404)
    assert not User.objects.get().email_confirmed


def test_sign_up_says_the_same_for_an_address_that_has_an_account(client, db):
    owner = make_user("taken@example.com")
    first = sign_up(client, email="New.Parent@Example.com")
    first_page = text(client.get(first["Location"])).replace("new.parent@example.com", "X")
    client.cookies.clear()
    second = sign_up(client, email="Taken@Example.com")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("sign_up_sent")
    second_page = text(client.get(second["Location"])).replace("taken@example.com", "X")
    assert first_page == second_page
    assert User.objects.count() == 2
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD), "the existing account is untouched"
    notice = mail.outbox[-1]
    assert notice.to == ["taken@example.com"]
    assert "You already have an account" in notice.subject
    assert "/account/password-reset/" in notice.body


def test_repeated_sign_ups_do_not_flood_an_inbox(client, db):
    make_user("taken@example.com")
    for _ in range(5):
        client.cookies.clear()
        assert_redirects_to(sign_up(client, email="taken@example.com"), reverse("sign_up_sent"))
    assert len(mail.outbox) == 1


def test_an_account_cannot_submit_until_its_address_is_confirmed(client, db, office):
    sign_up(client)
    user = User.objects.get()
    application = make_application(user, office)
    client.force_login(user)
    declaration = reverse("enrollment:declaration", args=[application.public_id])
    assert "Confirm your email address" in text(client.get(declaration))
    assert "Confirm your email address" in text(client.get(reverse("enrollment:my_applications")))
    response = client.post(declaration, {"confirmed": "on"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "draft"
    with pytest.raises(services.EmailNotConfirmed):
        services.application_submit(application=application, by=user)

    mail.outbox.clear()
    response = client.post(reverse("send_confirmation_again"), {"next": declaration})
    assert response["Location"] == declaration
    assert mail.outbox == [], "a link went out less than 5 minutes ago"
    assert "less than 5 minutes ago" in text(client.get(declaration))
    User.objects.update(account_email_sent_at=None)
    client.post(reverse("send_confirmation_again"), {"next": declaration})
    assert len(mail.outbox) == 1
    client.post(confirmation_link(mail.outbox[-1]))
    assert client.post(declaration, {"confirmed": "on"})["Location"].endswith("/confirmation/")


def test_a_password_reset_by_email_confirms_the_address(client, db):
    user = make_user("parent@example.com", email_confirmed_at=None)
    client.post(reverse("password_reset"), {"email": "parent@example.com"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body)
    set_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    new_password = "a brand new secret 7"
    client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    user.refresh_from_db()
    assert user.email_confirmed


@pytest.mark.parametrize(
    "typed", ["Mixed.Case@Example.com", "mixed.case@example.com", " MIXED.CASE@EXAMPLE.COM "]
)
def test_an_address_signs_in_whatever_its_case(client, db, typed):
    sign_up(client, email="Mixed.Case@Example.com")
    client.cookies.clear()
    response = client.post(reverse("email_sign_in"), {"username": typed, "password": PASSWORD})
    assert_redirects_to(response, reverse("enrollment:my_applications"))


def test_staff_sign_in_to_the_admin_whatever_the_case(client, db):
    make_user("Clerk@Office.example", is_staff=True)
    # What the staff sign-in form sends, its hidden `next` included (without it Django's sign-in
    # view falls back to LOGIN_REDIRECT_URL, the parents' list).
    form = soup(client.get(reverse("admin:login"))).select_one("form#login-form")
    back_to = form.select_one("input[name=next]")["value"]
    response = client.post(
        reverse("admin:login"),
        {"username": "CLERK@office.example", "password": PASSWORD, "next": back_to},
    )
    assert_redirects_to(response, reverse("admin:index"))
    # Then the second factor (tests/portal/test_staff_two_factor.py).
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("staff_two_factor"))


def test_a_password_reset_finds_the_account_whatever_the_case(client, db):
    make_user("parent@example.com")
    client.post(reverse("password_reset"), {"email": "Parent@EXAMPLE.com"})
    assert [m.to for m in mail.outbox] == [["parent@example.com"]]


def test_addresses_are_stored_lower_cased_however_the_account_is_made(db):
    assert make_user("Someone@Example.COM").email == "someone@example.com"
    user = User.objects.get(email="someone@example.com")
    user.email = "SOMEONE@example.com"
    user.save()
    assert User.objects.get(pk=user.pk).email == "someone@example.com"


def test_failed_sign_ins_count_against_the_address_whatever_its_case(client, db):
    make_user("target@example.com")
    for typed in ["Target@example.com", "TARGET@EXAMPLE.COM", "target@Example.com"]:
        client.post(reverse("email_sign_in"), {"username": typed, "password": "guess"})
    for typed in ["tArget@example.com", "target@example.COM"]:
        client.post(reverse("email_sign_in"), {"username": typed, "password": "guess"})
    response = client.post(
        reverse("email_sign_in"), {"username": "target@example.com", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_the_migration_lower_cases_existing_addresses_and_stops_on_a_clash(db):
    migration = importlib.import_module("portal.migrations.0003_lowercase_email_addresses")
    first = make_user("first@example.com")
    second = make_user("second@example.com")
    User.objects.filter(pk=first.pk).update(email="First.Person@Example.com")
    migration.lowercase_email_addresses(apps, None)
    assert User.objects.get(pk=first.pk).email == "first.person@example.com"

    User.objects.filter(pk=second.pk).update(email="FIRST.person@example.com")
    with pytest.raises(RuntimeError, match="first.person@example.com"):
        migration.lowercase_email_addresses(apps, None)


HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
    "http://testserver@evil.example/",
]


def links_away(response, target):
    """Links, form actions and hidden `next` values of the page that lead to the target."""
    page = soup(response)
    values = [a["href"] for a in page.select("[href]")]
    values += [f["action"] for f in page.select("form[action]")]
    values += [i["value"] for i in page.select("input[name=next]")]
    return [v for v in values if v.strip().startswith(target.strip()) or f"next={target}" in v]


def lands_on_this_site(location):
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_up_never_leads_to_another_site(client, db, target):
    assert not links_away(client.get(reverse("sign_up"), {"next": target}), target)
    response = client.post(
        f"{reverse('sign_up')}?{urlencode({'next': target})}",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, "next": target},
    )
    assert response["Location"] == reverse("sign_up_sent")
    sent = client.get(f"{reverse('sign_up_sent')}?{urlencode({'next': target})}")
    assert not links_away(sent, target)


def test_sign_up_keeps_a_next_page_on_this_site(client, db):
    response = client.post(
        f"{reverse('sign_up')}?next=/apply/new/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == f"{reverse('sign_up_sent')}?next=%2Fapply%2Fnew%2F"
    page = client.get(response["Location"])
    assert f'href="{reverse("email_sign_in")}?next=%2Fapply%2Fnew%2F"' in page.content.decode()


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_the_language_switch_and_resend_never_lead_to_another_site(client, db, target):
    make_user("parent@example.com")
    response = client.post(
        f"{reverse('email_sign_in')}?{urlencode({'next': target})}",
        {"username": "parent@example.com", "password": PASSWORD, "next": target},
    )
    assert response["Location"] == reverse("enrollment:my_applications")
    response = client.post(reverse("switch_language"), {"language": "en", "next": target})
    assert lands_on_this_site(response["Location"]), response["Location"]
    response = client.post(reverse("send_confirmation_again"), {"next": target})
    assert response["Location"] == reverse("enrollment:my_applications")

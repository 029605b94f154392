import os
import re

import pytest
from django.core import mail
from django.urls import reverse

from enrollment.models import Application
from portal.models import User
from tools.factories import PASSWORD, make_application, make_user

from ..pages import assert_field_error, assert_redirects_to, field_value, sign_in_url, text


def sign_up(client, **overrides):
    answers = {"email": "new.parent@example.com", "password1": PASSWORD, "password2": PASSWORD}
    answers.update(overrides)
    return client.post(reverse("sign_up"), answers)


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"email": ""}, "id_email", "Enter your email address"),
        (
            {"email": "parent-at-example"},
            "id_email",
            "Enter an email address in the correct format",
        ),
        ({"password1": ""}, "id_password1", "Create a password"),
        ({"password2": ""}, "id_password2", "Type the password again"),
        ({"password2": "something else 42"}, "id_password2", "The two passwords do not match"),
        ({"password1": "short", "password2": "short"}, "id_password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "id_password1", "too common"),
        (
            {"password1": "83749283749", "password2": "83749283749"},
            "id_password1",
            "entirely numeric",
        ),
    ],
)
def test_bad_sign_up_answers_are_refused_and_the_email_kept(
    client, db, overrides, field_id, message
):
    response = sign_up(client, **overrides)
    assert_field_error(response, field_id, message)
    assert (field_value(response, "id_email") or "") == overrides.get(
        "email", "new.parent@example.com"
    )
    assert not User.objects.exists()


def test_a_parent_signs_in_and_out(client, db):
    make_user("parent@example.com")
    response = client.post(
        reverse("email_sign_in"), {"username": "parent@example.com", "password": PASSWORD}
    )
    assert response["Location"] == reverse("enrollment:my_applications")
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")
    my_applications = reverse("enrollment:my_applications")
    assert_redirects_to(client.get(my_applications), sign_in_url(my_applications))


def test_a_wrong_password_says_so_plainly(client, db):
    make_user("parent@example.com")
    response = client.post(
        reverse("email_sign_in"), {"username": "parent@example.com", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "The email address or password is not right" in text(response)
    assert text(response).startswith("Error: ")


def test_an_empty_sign_in_names_both_fields(client, db):
    response = client.post(reverse("email_sign_in"), {})
    assert_field_error(response, "id_username", "Enter your email address")
    assert_field_error(response, "id_password", "Enter your password")


def test_sign_in_returns_the_parent_to_the_page_they_asked_for(client, db):
    make_user("parent@example.com")
    response = client.get(reverse("enrollment:new"))
    assert response["Location"] == f"{reverse('login')}?next=/apply/new/"
    response = client.post(
        f"{reverse('email_sign_in')}?next=/apply/new/",
        {"username": "parent@example.com", "password": PASSWORD, "next": "/apply/new/"},
    )
    assert response["Location"] == "/apply/new/"


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, db):
    make_user("parent@example.com")
    response = client.post(reverse("password_reset"), {"email": "parent@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(
        1
    )
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in text(form_page)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "a brand new secret 7", "new_password2": "a brand new secret 7"}
    )
    assert response["Location"] == reverse("password_reset_complete")
    response = client.post(
        reverse("email_sign_in"),
        {"username": "parent@example.com", "password": "a brand new secret 7"},
    )
    assert response["Location"] == reverse("enrollment:my_applications")


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_bad_new_password_is_refused(client, db):
    make_user("parent@example.com")
    client.post(reverse("password_reset"), {"email": "parent@example.com"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(
        1
    )
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "a brand new secret 7", "new_password2": "different 7"}
    )
    assert_field_error(response, "id_new_password2", "The two passwords do not match")
    response = client.post(set_url, {})
    assert_field_error(response, "id_new_password1", "Create a new password")


def test_the_health_check_answers(client, db):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok"}


def reset_password(client, email, password="a brand new secret 7"):
    client.post(reverse("password_reset"), {"email": email})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[-1].body)
    form_page = client.get(link.group(1), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    return client.post(set_url, {"new_password1": password, "new_password2": password})


def test_the_owner_taking_back_an_address_by_reset_finds_no_strangers_drafts(
    client, office, private_media_root
):
    stranger = make_user("owner@example.com", email_confirmed_at=None)
    draft = make_application(stranger, office)
    stored = [document.file.path for document in draft.documents.all()]
    assert stored and all(os.path.exists(path) for path in stored)

    reset_password(client, "owner@example.com")
    assert User.objects.get(email="owner@example.com").email_confirmed
    assert not Application.objects.filter(owner=stranger).exists()
    assert not any(os.path.exists(path) for path in stored), "the files go with the drafts"


def test_a_reset_of_a_confirmed_account_keeps_its_drafts(client, office):
    owner = make_user("owner@example.com")
    make_application(owner, office)
    reset_password(client, "owner@example.com")
    assert Application.objects.filter(owner=owner).count() == 1

"""The interface's language: the account's applied at sign-in, the switch remembered by the
account, and the warning on form pages that switching clears what has not been sent."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enrollment import wizard
from portal.models import User
from tools.factories import PASSWORD, make_application, make_user

from ..answers import step_url
from ..pages import soup

HINT = "Switching language keeps saved answers but clears anything typed on this page and not yet sent."
OTHER_LANGUAGE = {"en": "zh-hans", "zh-hans": "en"}


def page_language(response):
    return soup(response).html["lang"]


def test_signing_in_shows_the_site_in_the_accounts_language(db):
    make_user("chinese.parent@example.com", language="zh-hans")
    browser = Client(headers={"Accept-Language": "en"})
    assert page_language(browser.get(reverse("login"))) == "en"
    response = browser.post(
        reverse("email_sign_in"), {"username": "chinese.parent@example.com", "password": PASSWORD}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    page = browser.get(response["Location"])
    assert page_language(page) == "zh-hans"
    assert "我的申请" in page.content.decode()


def test_a_failed_sign_in_leaves_the_language_alone(db):
    make_user("chinese.parent@example.com", language="zh-hans")
    browser = Client(headers={"Accept-Language": "en"})
    response = browser.post(
        reverse("email_sign_in"), {"username": "chinese.parent@example.com", "password": "wrong"}
    )
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert page_language(response) == "en"


def test_switching_language_while_signed_in_updates_the_account(parent_client, parent):
    assert parent.language == "en"
    parent_client.post(reverse("switch_language"), {"language": "zh-hans", "next": "/"})
    assert User.objects.get(pk=parent.pk).language == "zh-hans"
    elsewhere = Client(headers={"Accept-Language": "en"})
    response = elsewhere.post(
        reverse("email_sign_in"), {"username": parent.email, "password": PASSWORD}
    )
    assert page_language(elsewhere.get(response["Location"])) == "zh-hans"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_form_pages_say_that_switching_language_clears_what_was_not_sent(parent, office, language):
    browser = Client(headers={"Accept-Language": language})
    browser.force_login(parent)
    application = make_application(parent, office, before=wizard.HouseholdRegisterStep)
    offered = OTHER_LANGUAGE[language]
    with translation.override(offered):
        expected = translation.gettext(HINT)
    for response in (
        browser.get(step_url(application, "household-register")),
        browser.post(step_url(application, "household-register"), {}),  # with its errors
        browser.get(reverse("enrollment:new")),
    ):
        page = soup(response)
        assert page.html["lang"] == language
        hint = page.find(id="language-switch-hint")
        assert hint is not None and hint.get_text(strip=True) == expected
        assert hint["lang"].lower() == offered
        switch = page.select_one("form.language-switch button")
        assert switch["aria-describedby"] == "language-switch-hint"


def test_pages_without_a_form_carry_no_switch_warning(parent_client):
    page = soup(parent_client.get(reverse("enrollment:my_applications")))
    assert page.find(id="language-switch-hint") is None
    assert not page.select_one("form.language-switch button").has_attr("aria-describedby")

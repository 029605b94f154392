"""The sign-in lockout counts the person, not the proxy in front of the portal, and the staff
site's lockout page is the staff site's own."""

import pytest
from django.test import Client
from django.urls import reverse

from tools.factories import PASSWORD, make_user

from ..deployment import PRODUCTION, manage
from ..pages import assert_redirects_to, soup, text

PROXY = "10.0.0.5"


def browser_behind_the_proxy(client_address, *, spoofed=""):
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
        headers={"Accept-Language": "en"},
    )


def fail_five_times(browser, email="target@example.com"):
    for _ in range(5):
        browser.post(reverse("email_sign_in"), {"username": email, "password": "guess"})


def sign_in(browser, email="target@example.com"):
    return browser.post(reverse("email_sign_in"), {"username": email, "password": PASSWORD})


def test_behind_a_trusted_proxy_an_attacker_locks_out_only_themselves(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("target@example.com")
    attacker = browser_behind_the_proxy("203.0.113.9")
    fail_five_times(attacker)
    assert sign_in(attacker).status_code == 429
    assert_redirects_to(
        sign_in(browser_behind_the_proxy("198.51.100.7")), reverse("enrollment:my_applications")
    )


def test_the_client_cannot_choose_its_address_by_writing_the_header(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("target@example.com")
    attacker = browser_behind_the_proxy("203.0.113.9", spoofed="198.51.100.7")
    fail_five_times(attacker)
    assert sign_in(browser_behind_the_proxy("203.0.113.9", spoofed="192.0.2.1")).status_code == 429
    assert_redirects_to(
        sign_in(browser_behind_the_proxy("198.51.100.7")), reverse("enrollment:my_applications")
    )


def test_without_a_trusted_proxy_the_header_is_ignored(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    make_user("target@example.com")
    direct = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    fail_five_times(direct)
    elsewhere = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert sign_in(elsewhere).status_code == 429


@pytest.mark.parametrize("header", ["not-an-address", "", " , ", "999.1.1.1", "\x00"])
def test_a_garbled_forwarded_header_falls_back_to_the_connection(db, settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("target@example.com")
    browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    fail_five_times(browser)
    assert sign_in(browser).status_code == 429


def test_the_deployment_check_warns_behind_a_proxy_without_trusted_proxies():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "BEHIND_TLS_PROXY": "1"}
    )
    assert result.returncode != 0
    assert "portal.W001" in result.stdout + result.stderr
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "BEHIND_TLS_PROXY": "1", "TRUSTED_PROXY_COUNT": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_admins_lockout_page_is_the_staff_sites_own(client, db):
    make_user("clerk@example.com", is_staff=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "clerk@example.com", "password": "x"})
    locked = client.post(
        reverse("admin:login"), {"username": "clerk@example.com", "password": PASSWORD}
    )
    assert locked.status_code == 429
    page = soup(locked)
    assert page.select_one("#header #site-name"), "the admin's header"
    assert "Too many failed sign-ins" in text(locked)
    links = {a["href"] for a in page.select("a[href]")}
    assert reverse("sign_up") not in links
    assert reverse("password_reset") not in links
    assert reverse("admin_password_reset") in links
    assert "locked for 15 minutes after 5 sign-ins" in text(locked)


def test_the_parents_lockout_page_keeps_the_parents_links(client, db):
    make_user("parent@example.com")
    fail_five_times(client, "parent@example.com")
    locked = sign_in(client, "parent@example.com")
    assert locked.status_code == 429
    links = {a["href"] for a in soup(locked).select("a[href]")}
    assert reverse("password_reset") in links
    assert "locked for 15 minutes after 5 sign-ins" in text(locked)

"""Production refuses to run unconfigured, passes Django's deployment check, and every response
carries the security headers; repeated failed sign-ins lock the account for a while."""

import pytest
from django.urls import reverse

from tools.factories import PASSWORD, make_user

from ..deployment import PRODUCTION, manage
from ..pages import assert_redirects_to, text


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_settings(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_an_empty_database_url_is_refused_rather_than_replaced_by_the_default():
    result = manage("check", env={"DATABASE_URL": ""})
    assert result.returncode != 0
    assert "DATABASE_URL is set but empty" in result.stderr


def test_the_deployment_check_finds_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_check_warns_when_codes_would_print_to_the_console():
    env = {**PRODUCTION, "SMS_BACKEND": "portal.sms.backends.console.SmsBackend"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "portal.W002" in result.stderr + result.stdout


def test_the_deployment_check_names_a_providers_missing_settings():
    env = {
        k: v
        for k, v in PRODUCTION.items()
        if k not in ("ALIBABA_SMS_ACCESS_KEY_SECRET", "SMS_TEMPLATES")
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stderr + result.stdout
    assert "portal.W003" in output
    assert "ALIBABA_SMS_ACCESS_KEY_SECRET" in output and "SMS_TEMPLATES[sign_in_code]" in output


def test_pages_carry_the_security_headers(client, db):
    response = client.get(reverse("enrollment:start"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["style-src"]
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_and_expires(client, db, settings):
    make_user("parent@example.com")
    response = client.post(
        reverse("email_sign_in"), {"username": "parent@example.com", "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize("login_url", ["email_sign_in", "admin:login"])
def test_five_failed_sign_ins_lock_the_account_with_a_clear_message(client, db, login_url):
    make_user("target@example.com", is_staff=True)
    url = reverse(login_url)
    for attempt in range(1, 6):
        response = client.post(url, {"username": "target@example.com", "password": "guess"})
        assert response.status_code == (429 if attempt == 5 else 200), attempt
    locked = client.post(url, {"username": "target@example.com", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in text(locked)
    assert "locked for 15 minutes" in text(locked)
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, db):
    make_user("target@example.com")
    make_user("neighbour@example.com")
    for _ in range(6):
        client.post(
            reverse("email_sign_in"), {"username": "target@example.com", "password": "guess"}
        )
    response = client.post(
        reverse("email_sign_in"), {"username": "neighbour@example.com", "password": PASSWORD}
    )
    assert_redirects_to(response, reverse("enrollment:my_applications"))


def test_a_successful_sign_in_resets_the_count(client, db):
    make_user("parent@example.com")
    for _ in range(4):
        client.post(
            reverse("email_sign_in"), {"username": "parent@example.com", "password": "guess"}
        )
    assert_redirects_to(
        client.post(
            reverse("email_sign_in"), {"username": "parent@example.com", "password": PASSWORD}
        ),
        reverse("enrollment:my_applications"),
    )
    client.post(reverse("logout"))
    for _ in range(4):
        client.post(
            reverse("email_sign_in"), {"username": "parent@example.com", "password": "guess"}
        )
    assert_redirects_to(
        client.post(
            reverse("email_sign_in"), {"username": "parent@example.com", "password": PASSWORD}
        ),
        reverse("enrollment:my_applications"),
    )


def test_an_active_session_is_renewed_every_few_minutes_not_on_every_request(client, db, settings):
    from django.contrib.sessions.models import Session

    make_user("parent@example.com")
    client.post(reverse("email_sign_in"), {"username": "parent@example.com", "password": PASSWORD})
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    client.get(reverse("enrollment:my_applications"))
    assert (
        Session.objects.get(session_key=key).expire_date == first_expiry
    )  # just renewed: no write
    session = client.session
    session["_renewed_at"] = 0  # renewed long ago
    session.save()
    before = Session.objects.get(session_key=key).expire_date
    client.get(reverse("enrollment:my_applications"))
    assert Session.objects.get(session_key=key).expire_date > before

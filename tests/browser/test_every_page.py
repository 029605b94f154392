"""Every page the portal serves, in both languages, checked by axe-core in Chromium; and every
page with a form, submitted with JavaScript switched off."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tools import site_map

from .conftest import axe_violations

LANGUAGES = ["zh-hans", "en"]


@pytest.fixture
def site(transactional_db):
    return site_map.make_site_data()


def session_cookie(user, base_url):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}


def browser_as(chromium, live_server, site, who, language, *, javascript=True):
    context = chromium.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": 1100, "height": 900},
    )
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if who != "anonymous":
        cookies.append(session_cookie(getattr(site, who), live_server.url))
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.blocked_by_policy = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.blocked_by_policy.append(f"{page.url}: {message.text}")
        ),
    )
    return page


def test_the_map_knows_every_page(site):
    assert site_map.check_every_url_is_mapped(site_map.pages(site)) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe_core_in_both_languages(chromium, live_server, site, language):
    browsers = {}
    checked, violations, blocked = 0, [], []
    for page_info in site_map.pages(site):
        if page_info.who not in browsers:
            browsers[page_info.who] = browser_as(
                chromium, live_server, site, page_info.who, language
            )
        page = browsers[page_info.who]
        page.blocked_by_policy.clear()
        response = page.goto(page_info.url)
        assert response.status == page_info.status, f"{page_info.url}: {response.status}"
        assert page.locator("html").get_attribute("lang").lower() == language, page_info.url
        assert page.locator("h1").count() == 1, f"{page_info.url}: one h1"
        # What the page itself tried before axe-core (whose checks insert styles) runs in it.
        blocked += page.blocked_by_policy
        violations += axe_violations(page)
        checked += 1
    for page in browsers.values():
        page.context.close()
    assert not violations, "\n".join(violations)
    assert not blocked, "the Content Security Policy blocked:\n" + "\n".join(blocked)
    assert checked >= 40


def test_every_form_works_without_javascript(chromium, live_server, site):
    submitted = 0
    for page_info in site_map.pages(site):
        parents_or_public = page_info.who in (
            "anonymous",
            "parent",
        ) and not page_info.name.startswith("admin")
        if not page_info.has_form or not parents_or_public:
            continue
        page = browser_as(chromium, live_server, site, page_info.who, "en", javascript=False)
        assert page.goto(page_info.url).ok, page_info.url
        with page.expect_navigation() as navigation:
            page.locator("main form[method=post] [type=submit]").last.click()
        response = navigation.value
        assert response is not None and response.status < 500, (
            f"{page_info.url}: {response and response.status}"
        )
        assert page.locator("h1").count() == 1, page_info.url
        page.context.close()
        submitted += 1
    assert submitted >= 12

"""Every page the portal serves, in both languages, checked by axe-core in Chromium; and every
page with a form, submitted with JavaScript switched off."""

import pytest

from tools import site_map

from .helpers import LANGUAGES, axe_violations, browser_as


@pytest.fixture
def site(transactional_db):
    return site_map.make_site_data()


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

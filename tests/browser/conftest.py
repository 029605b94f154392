"""Playwright on Debian's Chromium against pytest-django's live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tools import factories

# Playwright's sync API keeps an event loop running in this thread; the tests' own ORM calls
# (building data, checking the database) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def office(transactional_db):
    """The office of the browser tests: committed, as the live server's thread reads it."""
    office = factories.make_office(
        name_zh_hans="示例街道社区服务中心",
        name_en="Example Street Community Office",
        region="Example District",
    )
    factories.make_recent_schedules(region="Example District")
    return office


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1100, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 1100, "height": 900},
        java_script_enabled=False,
        locale="en-US",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()

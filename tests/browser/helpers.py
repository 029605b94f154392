"""What the browser tests share: signing in, screenshots, a browser as anyone in either language,
axe-core, and which step of the wizard a page shows."""

import os
import re

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from portal.models import User
from tools import factories, staff_sessions
from tools.factories import PASSWORD

from ..answers import STEP_ORDER

# Set SCREENSHOTS_DIR to keep a screenshot of each page the test passes through.
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def sign_in(page, url, email):
    """The sign-in form at `url`; for staff, then their authenticator app's code."""
    user = User.objects.get(email=email)
    device = staff_sessions.authenticator(user) if user.is_staff else None
    page.goto(url)
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], main button[type=submit]").first.click()
    if device is not None:
        page.locator("#id_token").fill(staff_sessions.code_now(device, fresh=True))
        page.locator("#id_token").press("Enter")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


LANGUAGES = ["zh-hans", "en"]


def session_cookie(user, base_url):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:
        staff_sessions.pass_second_factor(session, user)
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


def new_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in_as_parent(page, email):
    page.goto(reverse("email_sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("My applications", use_inner_text=True)


def submit_from_the_fee_page(page) -> str:
    """No subsidy, the check page, the declaration, submit: the reference number given."""
    page.get_by_label("No, none of these").check()
    page.locator("main").get_by_role("button", name="Continue").click()
    page.locator("main").get_by_role("link", name="Continue").click()
    page.get_by_label(re.compile("I confirm that the information")).check()
    page.locator("main").get_by_role("button", name="Submit application").click()
    expect(page.locator("h1")).to_have_text("Application submitted", use_inner_text=True)
    return page.locator(".reference-number").inner_text()


_axe = Axe()


def axe_violations(page) -> list[str]:
    """axe-core's findings in the page, one line each: the rule and the elements it found."""
    violations = _axe.run(page).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]


def assert_accessible(page):
    """axe-core in the page; any violation fails."""
    report = axe_violations(page)
    assert not report, "\n".join(report)


def wizard_step_shown(page):
    """The step of the wizard the page shows, read from its address (a new application's first
    step is at /apply/new/); None on any other page, the check page included."""
    if page.url.endswith("/apply/new/"):
        return "office"
    found = re.search(r"/applications/[0-9a-f-]+/([a-z-]+)/(?:\?.*)?$", page.url)
    return found[1] if found and found[1] in STEP_ORDER else None

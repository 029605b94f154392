"""A member of staff's first sign-in with the second factor, and the next, in Chromium: the QR
code and key, the app's code, the recovery codes shown once, then the code at each sign-in.
axe-core checks each page, in both languages."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tools import staff_sessions
from tools.factories import PASSWORD, make_staff

from .helpers import LANGUAGES, assert_accessible

HEADINGS = {
    "en": ("Set up your second factor", "Your recovery codes", "Second step of signing in"),
    "zh-hans": ("设置第二重验证", "您的恢复码", "登录第二步"),
}


def password_step(context, email):
    page = context.new_page()
    page.goto("/admin/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_clerk_sets_up_the_app_then_signs_in_with_its_code(
    chromium, live_server, office, language
):
    clerk = make_staff(office, f"clerk-{language}@example.com")
    setup_heading, codes_heading, verify_heading = HEADINGS[language]

    def new_context():
        context = chromium.new_context(base_url=live_server.url)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        return context

    first = new_context()
    page = password_step(first, clerk.email)
    expect(page.locator("h1")).to_have_text(setup_heading, use_inner_text=True)
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    page.locator("#id_token").fill(staff_sessions.code_now(device))
    page.locator("#id_token").press("Enter")
    expect(page.locator("h1")).to_have_text(codes_heading, use_inner_text=True)
    assert page.locator(".recovery-codes code").count() == 10
    assert_accessible(page)
    page.locator("main a.button, #content a.button").first.click()
    expect(page.locator("section.office-dashboard")).to_be_visible()
    first.close()

    second = new_context()
    page = password_step(second, clerk.email)
    expect(page.locator("h1")).to_have_text(verify_heading, use_inner_text=True)
    assert_accessible(page)
    device.refresh_from_db()
    page.locator("#id_token").fill(staff_sessions.code_now(device, fresh=True))
    page.locator("#id_token").press("Enter")
    expect(page.locator("section.office-dashboard")).to_be_visible()
    second.close()

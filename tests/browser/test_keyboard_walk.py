"""The whole wizard by keyboard alone, as a parent who cannot use a mouse: Tab and Shift+Tab to
move, typing into fields, Space and the arrow keys for radios, Space on a file input to choose
a file, Enter on the buttons. Nothing is clicked; the application ends up submitted. The walk
is made in each language of the interface."""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from enrollment.models import Application
from tools.factories import PASSWORD, make_user, years_ago
from tools.fake import PDF_BYTES, image_bytes, resident_id

from ..answers import STEP_ORDER
from .helpers import assert_accessible, wizard_step_shown

MOST_TABS = 80
CHOOSER_ATTEMPTS = 3


NAMED_CONTROL = """name => {
    const el = document.activeElement;
    if (!el || !el.closest('main')) return false;
    const text = (el.tagName === 'INPUT' ? el.value : el.innerText).trim();
    return ['A', 'BUTTON', 'INPUT'].includes(el.tagName) && text === name;
}"""


def focused(page, selector) -> bool:
    return page.evaluate("s => document.activeElement?.matches(s) ?? false", selector)


def tab_to(page, selector=None, *, named=None):
    """Press Tab until the element (a CSS selector, or the link or button in the page's main
    part with that text) is focused, as a keyboard user moves down a page."""
    for _ in range(MOST_TABS):
        if named is not None and page.evaluate(NAMED_CONTROL, named):
            return
        if selector is not None and focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector or named} is not reachable with Tab on {page.url}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose_radio(page, name, value):
    """Tab into the radio group, then the arrow keys to the value (Space ticks the first)."""
    tab_to(page, f"input[name={name}]")
    page.keyboard.press("Space")
    for _ in range(10):
        if focused(page, f"input[name={name}][value='{value}']"):
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[name={name}][value='{value}']")).to_be_checked()


def upload(page, selector, path):
    """Space on the focused file input opens the chooser. Chromium opens one chooser at a time
    and, on a loaded machine, may still be closing the last one: a keyboard user whose Space
    opened nothing presses it again. The walk goes on once the input holds the file."""
    tab_to(page, selector)
    for attempt in range(CHOOSER_ATTEMPTS):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Space")
            break
        except PlaywrightTimeoutError:
            if attempt == CHOOSER_ATTEMPTS - 1:
                raise
            page.bring_to_front()
    chooser.value.set_files(path)
    page.wait_for_function("s => document.querySelector(s).files.length === 1", arg=selector)


def press_button(page, name):
    tab_to(page, named=name)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def heading_is(page, text):
    expect(page.locator("h1")).to_have_text(text, use_inner_text=True)


def by_keyboard_office(page, walk):
    # The office is the only one, already ticked.
    heading_is(page, walk.gettext("Which community office will you apply to?"))
    press_button(page, walk.gettext("Continue"))


def by_keyboard_child(page, walk):
    """A preschooler enrolling for the first time (no photo step)."""
    heading_is(page, walk.gettext("About the child"))
    type_into(page, "#id_full_name", "王小明")
    type_into(page, "#id_id_number", resident_id(walk.born, male=True))
    # Shift+Tab goes back to the field before, and Tab forward again.
    page.keyboard.press("Shift+Tab")
    assert focused(page, "#id_full_name")
    type_into(page, "#id_date_of_birth", walk.born.isoformat())
    choose_radio(page, "sex", "M")
    choose_radio(page, "first_enrollment", "True")
    press_button(page, walk.gettext("Continue"))


def by_keyboard_household_register(page, walk):
    """Both uploads chosen from the keyboard."""
    heading_is(page, walk.gettext("The child's household register"))
    type_into(page, "#id_register_number", "110001234")
    choose_radio(page, "register_type", "family")
    type_into(page, "#id_address", "北京市东城区幸福路 8 号")
    type_into(page, "#id_head_name", "王大明")
    tab_to(page, "#id_relationship_to_head")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_relationship_to_head")).not_to_have_value("")
    upload(page, "#id_head_page", walk.scan)
    upload(page, "#id_child_page", walk.certificate)
    if page.locator("#id_birth_certificate").count():
        upload(page, "#id_birth_certificate", walk.certificate)
    press_button(page, walk.gettext("Continue"))


def by_keyboard_guardian(page, walk):
    heading_is(page, walk.gettext("The guardian acting for the child"))
    type_into(page, "#id_full_name", "王大明")
    choose_radio(page, "relationship", "father")
    type_into(page, "#id_id_number", resident_id(years_ago(36), male=True))
    type_into(page, "#id_phone", "13800138000")
    press_button(page, walk.gettext("Continue"))


def by_keyboard_fee(page, walk):
    heading_is(page, walk.gettext("The fee"))
    choose_radio(page, "subsidy", "none")
    press_button(page, walk.gettext("Continue"))


BY_KEYBOARD = {
    "office": by_keyboard_office,
    "child": by_keyboard_child,
    "household-register": by_keyboard_household_register,
    "guardian": by_keyboard_guardian,
    "fee": by_keyboard_fee,
}


@dataclass
class Walk:
    language: str
    born: datetime.date
    scan: str
    certificate: str

    def gettext(self, text):
        with translation.override(self.language):
            return translation.gettext(text)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_parent_completes_the_wizard_with_the_keyboard_alone(
    chromium, live_server, office, tmp_path, language
):
    scan, certificate = tmp_path / "head.png", tmp_path / "child-page.pdf"
    scan.write_bytes(image_bytes(800, 600, "PNG"))
    certificate.write_bytes(PDF_BYTES)
    walk = Walk(language, years_ago(3, days=40), str(scan), str(certificate))
    _ = walk.gettext
    parent = make_user("keyboard@example.com", language=language)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1100, "height": 900}
    )
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(reverse("email_sign_in"))
    type_into(page, "#id_username", parent.email)
    type_into(page, "#id_password", PASSWORD)
    press_button(page, _("Sign in"))
    heading_is(page, _("My applications"))
    tab_to(page, "a[href='/apply/new/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    answered = []
    while (step := wizard_step_shown(page)) is not None:
        BY_KEYBOARD[step](page, walk)
        answered.append(step)
    # A preschooler enrolling for the first time has no photo to give.
    assert answered == [step for step in STEP_ORDER if step != "photo"]

    # The check page (its Continue is a link), the declaration.
    heading_is(page, _("Check your answers before submitting your application"))
    tab_to(page, named=_("Continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    heading_is(page, _("Declaration"))
    tab_to(page, "#id_confirmed")
    page.keyboard.press("Space")
    press_button(page, _("Submit application"))

    heading_is(page, _("Application submitted"))
    assert_accessible(page)
    application = Application.objects.get(owner=parent)
    assert application.status == "submitted"
    assert application.documents.count() >= 2

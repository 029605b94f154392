"""A parent's whole journey in Chromium, as a person would: sign up (with a mobile number and
the code the console prints, or with an email address), answer every step, upload, go back and
change an answer, submit. axe-core checks each page; the journey is repeated with JavaScript
switched off."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from enrollment.applications import services
from enrollment.models import Application, Document
from portal.models import User
from tools.factories import make_staff, years_ago
from tools.fake import PDF_BYTES, image_bytes, resident_id

from ..answers import STEP_ORDER
from .helpers import assert_accessible, wizard_step_shown


@pytest.fixture
def files(tmp_path):
    paths = {
        "scan.png": image_bytes(800, 600, "PNG"),
        "child-page.pdf": PDF_BYTES,
        "photo.jpg": image_bytes(400, 500),
        "landscape.jpg": image_bytes(600, 500),
        "notes.txt": b"not a scan",
    }
    for name, content in paths.items():
        (tmp_path / name).write_bytes(content)
    return {name: str(tmp_path / name) for name in paths}


def go_on(page):
    page.locator("main").get_by_role(
        "button", name=re.compile("^(Continue|Submit application|Create account)$")
    ).click()
    page.wait_for_load_state()


def no_check(page):
    """Without JavaScript axe-core cannot run in the page; the journey with it checks each page."""


def sign_up(page, email, assert_accessible=assert_accessible):
    page.goto("/apply/")
    assert_accessible(page)
    page.get_by_role("link", name="Start now").click()
    page.get_by_role("link", name="Create an account").last.click()
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill("correct horse battery 42")
    page.get_by_label("Type the password again").fill("correct horse battery 42")
    go_on(page)
    expect(page.locator("h1")).to_have_text("Check your email", use_inner_text=True)
    assert_accessible(page)
    link = re.search(r"https?://[^/\s]+(/account/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.locator("h1")).to_have_text("Sign in with your email address", use_inner_text=True)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("correct horse battery 42")
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("My applications", use_inner_text=True)
    return User.objects.get(email=email)


def code_printed_for(console_output: str, number: str) -> str:
    """The code in the last text message the console backend printed for the number."""
    messages = re.findall(
        rf"SMS to {re.escape(number)} \(sign_in_code, [^)]*\):\n(.*)\n", console_output
    )
    assert messages, console_output[-500:]
    return re.search(r"\b(\d{6})\b", messages[-1]).group(1)


def sign_up_by_phone(page, capsys, assert_accessible=assert_accessible):
    """The first way in: the mobile number, the code read from the console backend's output."""
    page.goto("/apply/")
    page.get_by_role("link", name="Start now").click()
    expect(page.locator("h1")).to_have_text("Sign in or create an account", use_inner_text=True)
    assert_accessible(page)
    page.get_by_label("Mobile number").fill("+86 139-1234-5678")
    page.locator("main").get_by_role("button", name="Send me a code").click()
    expect(page.locator("h1")).to_have_text("Enter the code we sent you", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("139 1234 5678", use_inner_text=True)
    assert_accessible(page)
    code = code_printed_for(capsys.readouterr().out, "+8613912345678")
    page.get_by_label("Code from the text message").fill(code)
    go_on(page)
    expect(page.locator("main")).to_contain_text("Your account is ready", use_inner_text=True)
    return User.objects.get(phone="+8613912345678")


@dataclass
class Journey:
    files: dict
    born: datetime.date
    first_enrollment: bool
    assert_accessible: object


def answer_office(page, journey):
    expect(page.locator("h1")).to_have_text(
        "Which community office will you apply to?", use_inner_text=True
    )
    journey.assert_accessible(page)
    # The one office is ticked already: nothing to choose.
    expect(page.get_by_label(re.compile("Example Street Community Office"))).to_be_checked()
    go_on(page)


def answer_child(page, journey):
    """A wrong ID number first, then the right one."""
    expect(page.locator("h1")).to_have_text("About the child", use_inner_text=True)
    journey.assert_accessible(page)
    page.get_by_label("Child's full name").fill("王小明")
    page.get_by_label("Child's resident ID number").fill("110101201805010000")
    page.get_by_label("Date of birth").fill(journey.born.isoformat())
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Yes" if journey.first_enrollment else "No", exact=True).check()
    if not journey.first_enrollment:
        page.get_by_label(re.compile("the last year the child was covered")).fill(
            str(timezone.localdate().year)
        )
    go_on(page)
    assert page.locator("[data-error-summary]").is_visible()
    journey.assert_accessible(page)
    assert page.get_by_label("Child's full name").input_value() == "王小明"
    page.get_by_label("Child's resident ID number").fill(resident_id(journey.born, male=True))
    go_on(page)


def answer_household_register(page, journey):
    """One bad upload, corrected."""
    expect(page.locator("h1")).to_have_text("The child's household register", use_inner_text=True)
    journey.assert_accessible(page)
    page.get_by_label("Household register number").fill("110001234")
    page.get_by_label("Family household", exact=True).check()
    page.get_by_label("Address on the household register").fill("北京市东城区幸福路 8 号")
    page.get_by_label("Name of the head of household").fill("王大明")
    page.get_by_label("The child's relationship to the head of household").select_option("child")
    page.get_by_label("Upload the head of household page").set_input_files(
        journey.files["notes.txt"]
    )
    page.get_by_label("Upload the child's page").set_input_files(journey.files["child-page.pdf"])
    go_on(page)
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "the selected file must be a JPG, PNG or PDF", use_inner_text=True
    )
    expect(page.locator("main")).to_contain_text("child-page.pdf", use_inner_text=True)
    journey.assert_accessible(page)
    page.get_by_label("Upload the head of household page").set_input_files(
        journey.files["scan.png"]
    )
    go_on(page)


def answer_guardian(page, journey):
    expect(page.locator("h1")).to_have_text(
        "The guardian acting for the child", use_inner_text=True
    )
    journey.assert_accessible(page)
    page.get_by_label("Guardian's full name").fill("王大明")
    page.get_by_label("Father", exact=True).check()
    page.get_by_label("Guardian's resident ID number").fill(resident_id(years_ago(36), male=True))
    page.get_by_label("Mobile phone number").fill("138 0013 8000")
    go_on(page)


def answer_photo(page, journey):
    """A landscape photo refused, a portrait shown back as it will be printed, and used."""
    expect(page.locator("h1")).to_have_text(
        "A photo of the child for the social security card", use_inner_text=True
    )
    journey.assert_accessible(page)
    page.get_by_label("Upload the child's photo").set_input_files(journey.files["landscape.jpg"])
    go_on(page)
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "The photo must be a portrait", use_inner_text=True
    )
    page.get_by_label("Upload the child's photo").set_input_files(journey.files["photo.jpg"])
    go_on(page)
    # The card photo, cropped and scaled to 358 x 441, is shown back to confirm.
    card_photo = page.get_by_role("img", name="The child's photo as it will be printed on the card")
    expect(card_photo).to_be_visible()
    assert card_photo.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [358, 441]
    journey.assert_accessible(page)
    page.get_by_role("button", name="Use this photo").click()
    page.wait_for_load_state()


def answer_fee(page, journey):
    expect(page.locator("h1")).to_have_text("The fee", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("¥400.00", use_inner_text=True)
    journey.assert_accessible(page)
    page.get_by_label("No, none of these").check()
    go_on(page)


ANSWER_PAGE = {
    "office": answer_office,
    "child": answer_child,
    "household-register": answer_household_register,
    "guardian": answer_guardian,
    "photo": answer_photo,
    "fee": answer_fee,
}


def run_journey(
    page, files, *, sign_up, born, first_enrollment, with_photo, assert_accessible=assert_accessible
):
    parent = sign_up(page, assert_accessible)
    page.goto("/apply/new/")
    journey = Journey(files, born, first_enrollment, assert_accessible)
    answered = []
    while (step := wizard_step_shown(page)) is not None:
        ANSWER_PAGE[step](page, journey)
        answered.append(step)
    skipped = () if with_photo else ("photo",)
    assert answered == [step for step in STEP_ORDER if step not in skipped]

    # Check answers, then go back to change the child's name.
    expect(page.locator("h1")).to_have_text(
        "Check your answers before submitting your application", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Change full name \(child\)")).click()
    expect(page.locator("h1")).to_have_text("About the child", use_inner_text=True)
    page.get_by_label("Child's full name").fill("王小红")
    page.get_by_label("Female", exact=True).check()
    go_on(page)
    expect(page.locator("main")).to_contain_text(
        "The sex does not match the ID number", use_inner_text=True
    )
    page.get_by_label("Male", exact=True).check()
    go_on(page)
    expect(page.locator("h1")).to_have_text(
        "Check your answers before submitting your application", use_inner_text=True
    )
    expect(page.locator("main")).to_contain_text("王小红", use_inner_text=True)
    page.get_by_role("link", name="Continue").click()

    # Declaration and submit.
    expect(page.locator("h1")).to_have_text("Declaration", use_inner_text=True)
    assert_accessible(page)
    page.get_by_label(re.compile("I confirm that the information")).check()
    go_on(page)
    expect(page.locator("h1")).to_have_text("Application submitted", use_inner_text=True)
    assert_accessible(page)
    reference = page.locator(".reference-number").inner_text()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}", reference)

    # Reloading the confirmation does not submit again; the status page shows the history.
    page.reload()
    page.get_by_role("link", name="See the status of this application").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Submitted", use_inner_text=True)
    page.goto("/applications/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(reference, use_inner_text=True)

    application = Application.objects.get(owner=parent)
    assert application.status == Application.Status.SUBMITTED
    assert application.reference_number == reference
    assert application.child.full_name == "王小红"
    assert application.history.filter(to_status="submitted").count() == 1
    kinds = set(application.documents.values_list("kind", flat=True))
    expected = {Document.Kind.REGISTER_HEAD_PAGE, Document.Kind.REGISTER_CHILD_PAGE}
    if with_photo:
        expected.add(Document.Kind.PHOTO)
    assert kinds == expected
    return application


def test_a_parent_completes_the_whole_journey(page, office, files):
    run_journey(
        page,
        files,
        sign_up=lambda page, check: sign_up(page, "journey@example.com", check),
        born=years_ago(8),
        first_enrollment=False,
        with_photo=True,
    )


def test_the_journey_works_without_javascript(page_without_javascript, office, files):
    run_journey(
        page_without_javascript,
        files,
        sign_up=lambda page, check: sign_up(page, "nojs@example.com", check),
        born=years_ago(3, days=40),
        first_enrollment=True,
        with_photo=False,
        assert_accessible=no_check,
    )


def test_a_parent_signs_up_with_a_mobile_number_submits_and_is_told_by_sms_what_to_change(
    page, office, files, capsys, settings
):
    settings.SMS_BACKEND = "portal.sms.backends.console.SmsBackend"
    application = run_journey(
        page,
        files,
        sign_up=lambda page, check: sign_up_by_phone(page, capsys, check),
        born=years_ago(5),
        first_enrollment=False,
        with_photo=True,
    )
    assert application.owner.email is None and application.owner.phone_confirmed

    # The office returns it; the SMS the console printed says what to change.
    clerk = make_staff(office, "clerk@example.com")
    capsys.readouterr()
    services.application_return(
        application=application, by=clerk, changes_needed="Photo not on white"
    )
    printed = capsys.readouterr().out
    texts = re.findall(r"SMS to \+8613912345678 \(status_returned, en\):\n(.*)\n", printed)
    assert texts and "Photo not on white" in texts[0], printed[-400:]
    assert application.reference_number in texts[0]

    # The parent makes the change and submits again.
    page.goto(f"/applications/{application.public_id}/")
    page.get_by_role("link", name="Make the changes").click()
    expect(page.locator("h1")).to_have_text(
        "Check your answers before submitting your application", use_inner_text=True
    )
    page.get_by_role("link", name="Continue").click()
    page.get_by_label(re.compile("I confirm that the information")).check()
    go_on(page)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.history.filter(to_status="submitted").count() == 2


def test_a_parent_leaves_mid_wizard_and_resumes_in_another_browser(
    chromium, live_server, office, files
):
    first = chromium.new_context(base_url=live_server.url, locale="en-US").new_page()
    sign_up(first, "resume@example.com", no_check)
    first.goto("/apply/new/")
    first.get_by_label(re.compile("Example Street Community Office")).check()
    go_on(first)
    born = timezone.localdate() - datetime.timedelta(days=30)
    first.get_by_label("Child's full name").fill("王宝宝")
    first.get_by_label("Child's resident ID number").fill(resident_id(born, male=False))
    first.get_by_label("Date of birth").fill(born.isoformat())
    first.get_by_label("Female", exact=True).check()
    first.get_by_label("Yes", exact=True).check()
    go_on(first)
    first.context.close()

    second = chromium.new_context(base_url=live_server.url, locale="en-US").new_page()
    second.goto("/account/sign-in/email/")
    second.get_by_label("Email address").fill("resume@example.com")
    second.get_by_label("Password").fill("correct horse battery 42")
    second.locator("main").get_by_role("button", name="Sign in").click()
    second.get_by_role("link", name=re.compile("^Continue the application")).click()
    expect(second.locator("h1")).to_have_text("The child's household register", use_inner_text=True)
    # A newborn at an office that asks for it: the birth certificate upload is there.
    assert second.get_by_label("Upload the birth medical certificate").is_visible()
    second.get_by_role("link", name="Back").click()
    assert second.get_by_label("Child's full name").input_value() == "王宝宝"
    assert second.get_by_label("Date of birth").input_value() == born.isoformat()
    second.context.close()

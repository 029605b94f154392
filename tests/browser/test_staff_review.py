"""A member of staff carries a parent's application through the admin, from submission to the
card, while the parent answers the office's request; the parent's page then shows the card."""

import re

from playwright.sync_api import expect

from enrollment.models import Application
from tools.factories import (
    make_application,
    make_staff,
    make_user,
)

from .helpers import assert_accessible, shot, sign_in


def test_staff_carry_an_application_from_submission_to_the_card(chromium, live_server, office):
    parent = make_user("family@example.com")
    make_staff(office, "counter@example.com")
    application = make_application(parent, office, upto="submitted")
    reference = application.reference_number

    staff_page = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    ).new_page()
    parent_page = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1100, "height": 900}, locale="en-US"
    ).new_page()

    # Staff find the new application by its reference number.
    sign_in(staff_page, "/admin/", "counter@example.com")
    staff_page.get_by_role("link", name="Applications").click()
    staff_page.locator("#searchbar").fill(reference)
    staff_page.locator("#changelist-search input[type=submit]").click()
    shot(staff_page, "admin-1-list")
    staff_page.get_by_role("link", name=reference).click()
    shot(staff_page, "admin-2-change")
    expect(staff_page.locator("#content")).to_contain_text("王小明", use_inner_text=True)

    # ... and ask for a change.
    staff_page.locator("a.button", has_text="Return for changes").click()
    staff_page.get_by_label("What must the parent change?").fill(
        "The child's page is blurred: upload a sharper scan."
    )
    shot(staff_page, "admin-3-return")
    staff_page.locator("input[type=submit][value='Return for changes']").click()
    expect(staff_page.locator(".messagelist")).to_contain_text(
        "The parent has been told by email", use_inner_text=True
    )

    # The parent reads the request, changes the scan and resubmits.
    sign_in(parent_page, "/account/sign-in/email/", "family@example.com")
    parent_page.goto(f"/applications/{application.public_id}/")
    expect(parent_page.locator("main")).to_contain_text(
        "The child's page is blurred", use_inner_text=True
    )
    assert_accessible(parent_page)
    parent_page.get_by_role("link", name="Make the changes").click()
    parent_page.get_by_role("link", name=re.compile(r"^Change child's page")).click()
    parent_page.get_by_label("Upload the child's page").set_input_files(
        files={"name": "sharper.png", "mimeType": "image/png", "buffer": _png()}
    )
    parent_page.locator("main button[type=submit]").click()
    parent_page.get_by_role("link", name="Continue").click()
    parent_page.get_by_label(re.compile("I confirm that the information")).check()
    parent_page.locator("main button[type=submit]").click()
    expect(parent_page.locator(".reference-number")).to_have_text(reference, use_inner_text=True)

    # Staff see it resubmitted, verify the originals, record the payment and issue the card.
    staff_page.reload()
    expect(staff_page.locator("#content")).to_contain_text("Status: Submitted", use_inner_text=True)
    history = staff_page.locator("#content").inner_text()
    assert history.count("Returned for changes") >= 1
    staff_page.locator("a.button", has_text="Documents verified").click()
    staff_page.get_by_label(re.compile("I have seen the originals")).check()
    shot(staff_page, "admin-4-verify")
    staff_page.locator("input[type=submit]").click()

    staff_page.locator("a.button", has_text="Record the payment").click()
    staff_page.get_by_label("Receipt number").fill("SW2026-000123")
    staff_page.get_by_label("Paid through").select_option("wechat")
    shot(staff_page, "admin-5-payment")
    staff_page.locator("input[type=submit]").click()

    staff_page.locator("a.button", has_text="Card issued").click()
    staff_page.get_by_label("Social security card number").fill("J98765432")
    shot(staff_page, "admin-6-card")
    staff_page.locator("input[type=submit]").click()
    expect(staff_page.locator("#content")).to_contain_text(
        "Status: Card issued", use_inner_text=True
    )
    shot(staff_page, "admin-7-done")

    # The parent's page shows the card.
    parent_page.goto(f"/applications/{application.public_id}/")
    expect(parent_page.locator("#application-status")).to_have_text(
        "Card issued", use_inner_text=True
    )
    expect(parent_page.locator("#card-number")).to_have_text("J98765432", use_inner_text=True)
    assert_accessible(parent_page)
    shot(parent_page, "parent-card-issued")

    moves = list(
        Application.objects.get(pk=application.pk).history.values_list("to_status", flat=True)
    )
    assert moves == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "verified",
        "paid",
        "card_issued",
    ]


def _png():
    from tools.fake import image_bytes

    return image_bytes(900, 1200, "PNG")

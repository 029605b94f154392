"""Each printable document, printed to PDF by Chromium: one or two A4 pages, with the text in it."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from tools.factories import (
    PASSWORD,
    make_application,
    make_fee_schedule,
    make_office,
    make_subsidy,
    make_user,
    years_ago,
)

A4_POINTS = (595.3, 841.9)  # 210 x 297 mm


@pytest.fixture
def printed(chromium, live_server, transactional_db):
    office = make_office("Example Street Community Office", region="Example District")
    schedule = make_fee_schedule(region="Example District")
    parent = make_user("printer@example.com")
    page = chromium.new_context(base_url=live_server.url, locale="en-US").new_page()
    page.goto("/account/sign-in/")
    page.locator("#id_username").fill(parent.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()

    def print_pdf(url):
        page.goto(url)
        page.emulate_media(media="print")
        return PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))

    return print_pdf, parent, office, schedule


def assert_a4_pages(pdf, *, at_most):
    assert 1 <= len(pdf.pages) <= at_most, len(pdf.pages)
    for pdf_page in pdf.pages:
        width, height = (float(v) for v in pdf_page.mediabox.upper_right)
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, (width, height)


def pdf_text(pdf):
    """The text of every page; NFKC undoes the ligatures (ﬃ) and radical forms (⼩) of the PDF."""
    text = " ".join(page.extract_text() for page in pdf.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("with_photo_and_subsidy", [True, False])
def test_the_checklist_prints_on_one_page(printed, with_photo_and_subsidy):
    print_pdf, parent, office, schedule = printed
    subsidy = (
        make_subsidy(schedule, name="Orphans", kind="full", proof="Orphan certificate")
        if with_photo_and_subsidy
        else None
    )
    application = make_application(
        parent,
        office,
        upto="submitted",
        born=years_ago(8) if with_photo_and_subsidy else years_ago(3),
        first_enrollment=not with_photo_and_subsidy,
        subsidy=subsidy,
    )
    pdf = print_pdf(f"/applications/{application.public_id}/print/checklist/")
    assert_a4_pages(pdf, at_most=1)
    content = pdf_text(pdf)
    assert application.reference_number in content
    assert "What to bring to the community office" in content
    assert "My applications" not in content and "Sign out" not in content  # no site chrome
    if with_photo_and_subsidy:
        assert "Orphan certificate, the original" in content
        assert "you uploaded the photo" in content
    else:
        assert "No photo is needed" in content


def test_the_application_form_prints_on_at_most_two_pages(printed):
    print_pdf, parent, office, _ = printed
    application = make_application(parent, office, upto="submitted")
    pdf = print_pdf(f"/applications/{application.public_id}/print/form/")
    assert_a4_pages(pdf, at_most=2)
    content = pdf_text(pdf)
    for words in [
        application.reference_number,
        "Application form for urban and rural residents' and minors' medical insurance",
        application.child.full_name,
        application.child.id_number,
        application.household_register.address,
        application.guardian.phone,
        "Guardian's signature",
        "For office use",
    ]:
        assert words in content, words


def test_the_public_checklist_prints_on_at_most_two_pages(printed):
    print_pdf, *_ = printed
    pdf = print_pdf("/checklist/")
    assert_a4_pages(pdf, at_most=2)
    assert "Prepare the documents" in pdf_text(pdf)

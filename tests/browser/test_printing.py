"""Each printable document, printed to PDF by Chromium: one or two A4 pages, with the text in it."""

import io
import unicodedata

import pytest
from django.conf import settings
from django.utils import timezone, translation
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


LONG_ADDRESS = (
    "北京市东城区东华门街道幸福路幸福里社区 8 号院 3 号楼 2 单元 1203 室（幸福里小区北门东侧）"
)


@pytest.fixture
def printed(chromium, live_server, transactional_db, tmp_path):
    office = make_office("Example Street Community Office", region="Example District")
    schedule = make_fee_schedule(region="Example District")
    parent = make_user("printer@example.com")
    page = chromium.new_context(base_url=live_server.url, locale="en-US").new_page()
    page.goto("/account/sign-in/email/")
    page.locator("#id_username").fill(parent.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()

    def print_pdf(url, language="en"):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page.goto(url)
        assert page.locator("html").get_attribute("lang").lower() == language
        page.emulate_media(media="print")
        data = page.pdf(format="A4", print_background=True)
        # Kept with the test's temporary files, to look at: pdftoppm -png document.pdf page
        (tmp_path / f"{url.strip('/').replace('/', '-')}-{language}.pdf").write_bytes(data)
        return PdfReader(io.BytesIO(data))

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


def smallest_text_points(pdf):
    """The size of the smallest text printed, in points: what fitting on a page must not cost."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append(size * scale)

    for pdf_page in pdf.pages:
        pdf_page.extract_text(visitor_text=visit)
    return min(sizes)


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


@pytest.mark.parametrize("newborn", [False, True], ids=["schoolchild", "newborn"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_prefilled_form_prints_on_one_page(printed, language, newborn):
    """A realistic application (a long address, a subsidy claimed; a year covered before, or a
    newborn known by its birth certificate): the signature and the office-use box on the same
    sheet as the answers."""
    print_pdf, parent, office, schedule = printed
    if newborn:
        office.takes_newborns_by_birth_certificate = True
        office.save()
        # Covered from birth: this year's schedule, and its subsidy groups.
        schedule = make_fee_schedule(region=office.region, year=timezone.localdate().year)
    child = (
        {
            "born": years_ago(0, days=20),
            "first_enrollment": True,
            "birth_certificate_number": "Q110123456",
        }
        if newborn
        else {}
    )
    application = make_application(
        parent, office, upto="submitted", subsidy=make_subsidy(schedule), **child
    )
    register = application.household_register
    register.address = LONG_ADDRESS
    register.save()
    pdf = print_pdf(f"/applications/{application.public_id}/print/form/", language)
    assert_a4_pages(pdf, at_most=1)
    assert smallest_text_points(pdf) >= 9
    content = pdf_text(pdf)
    assert application.reference_number in content
    assert "1203" in content and "幸福里小区" in content.replace(" ", "")  # the long address
    with translation.override(language):
        for words in [
            translation.gettext("Guardian's signature"),
            translation.gettext("For office use"),
        ]:
            assert words in content, words


def test_the_public_checklist_prints_on_one_page_in_chinese(printed):
    """With two offices and this year's and next year's fees, as a street's portal shows."""
    print_pdf, _, office, _ = printed
    make_office("Harmony Street Community Office", region=office.region)
    make_fee_schedule(region=office.region, year=timezone.localdate().year)
    pdf = print_pdf("/checklist/", "zh-hans")
    assert_a4_pages(pdf, at_most=1)
    assert smallest_text_points(pdf) >= 9


def test_the_public_checklist_prints_on_at_most_two_pages(printed):
    print_pdf, *_ = printed
    pdf = print_pdf("/checklist/")
    assert_a4_pages(pdf, at_most=2)
    assert "Prepare the documents" in pdf_text(pdf)

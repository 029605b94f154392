"""A child's years, in Chromium, as the family and the office live them: a newborn's parent
sees both years' fees and submits; the office verifies and imports the tax authority's list
that pays both; when the next period opens the parent renews, re-confirming the subsidy group
with this year's proof; a second list records that payment; the parent's record of
contributions then shows every year."""

import datetime
import re

import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from enrollment import wizard
from enrollment.models import Application, CoverYear, FeeSchedule
from tools import factories
from tools.fake import PDF_BYTES, resident_id

from .helpers import (
    assert_accessible,
    new_page,
    shot,
    sign_in_as_parent,
    submit_from_the_fee_page,
)
from .helpers import sign_in as sign_in_to_admin

TODAY = timezone.localdate()
HEADER = "证件号码,姓名,缴费年度,实缴金额,缴费日期,电子税票号码"


def import_payment_list(page, tmp_path, name, rows, *, expected):
    """Upload the tax authority's list, read the preview, record the matched payments."""
    path = tmp_path / name
    path.write_bytes("\r\n".join([HEADER, *rows]).encode("gb18030"))
    page.goto(reverse("admin:enrollment_insuredchild_changelist"))
    page.get_by_role("link", name="Import payments").click()
    page.get_by_label(re.compile("Payment list")).set_input_files(str(path))
    page.locator("input[type=submit]").click()
    record = page.locator("input[type=submit]", has_text=f"Record {expected} payment")
    expect(record).to_be_visible()
    shot(page, f"import-preview-{expected}")
    record.click()
    expect(page.locator(".messagelist")).to_contain_text("recorded", use_inner_text=True)


def test_a_newborn_is_paid_for_renewed_and_recorded_year_by_year(
    chromium, live_server, office, tmp_path
):
    born = TODAY - datetime.timedelta(days=10)
    parent = factories.make_user("newborn-family@example.com")
    factories.make_staff(office, "clerk@example.com")
    application = factories.make_application(
        parent,
        office,
        before=wizard.FeeStep,
        born=born,
        first_enrollment=True,
        child_id=resident_id(born, male=False),
    )
    id_number = application.child.id_number
    family = new_page(chromium, live_server)
    clerk = new_page(chromium, live_server)

    # The fee page: both years, each with its amount and its deadline.
    sign_in_as_parent(family, parent.email)
    family.goto(reverse("enrollment:step", args=[application.public_id, "fee"]))
    main = family.locator("main")
    expect(main).to_contain_text(
        f"Individual contribution for {born.year} ¥400.00", use_inner_text=True
    )
    expect(main).to_contain_text(
        f"Individual contribution for {born.year + 1} ¥400.00", use_inner_text=True
    )
    expect(main).to_contain_text("Amount you pay ¥800.00", use_inner_text=True)
    expect(main).to_contain_text("covered from the day of birth", use_inner_text=True)
    assert_accessible(family)
    shot(family, "years-1-fee")
    reference = submit_from_the_fee_page(family)

    # The office verifies the originals, then records the tax authority's list of both years.
    sign_in_to_admin(clerk, "/admin/", "clerk@example.com")
    clerk.goto(reverse("admin:enrollment_application_changelist") + f"?q={reference}")
    clerk.get_by_role("link", name=reference).click()
    clerk.locator("a.button", has_text="Documents verified").click()
    clerk.get_by_label(re.compile("I have seen the originals")).check()
    clerk.locator("input[type=submit]").click()
    expect(clerk.locator("#content")).to_contain_text(
        "Status: Documents verified", use_inner_text=True
    )
    day = TODAY.isoformat()
    import_payment_list(
        clerk,
        tmp_path,
        "缴费清单-1.csv",
        [
            f"{id_number},王小明,{born.year},400.00,{day},326000000001",
            f"{id_number},王小明,{born.year + 1},400.00,{day},326000000002",
        ],
        expected=2,
    )
    assert Application.objects.get(reference_number=reference).status == "paid"

    # A year on, the period of the year after the newborn's two opens, with a subsidy group
    # the family belongs to. The clock moves for the server; both people sign in again.
    paid_years = sorted(
        CoverYear.objects.filter(child__id_number=id_number).values_list("year", flat=True)
    )
    renewal_year = paid_years[-1] + 1
    FeeSchedule.objects.filter(region=office.region, year=renewal_year).delete()
    schedule = factories.make_fee_schedule(
        region=office.region,
        year=renewal_year,
        enrollment_opens=datetime.date(renewal_year - 1, 9, 1),
        enrollment_closes=datetime.date(renewal_year - 1, 12, 31),
    )
    group = factories.make_subsidy(schedule, amount="80")
    a_year_on = timezone.make_aware(datetime.datetime(renewal_year - 1, 10, 10, 10))
    with time_machine.travel(a_year_on, tick=True):
        renew_and_record(family, clerk, tmp_path, parent, id_number, renewal_year, group)
    years = CoverYear.objects.filter(child__id_number=id_number).order_by("year")
    assert [(year.year, year.status) for year in years] == [
        *[(year, "paid") for year in paid_years],
        (renewal_year, "paid"),
    ]


def renew_and_record(family, clerk, tmp_path, parent, id_number, renewal_year, group):
    day = timezone.localdate().isoformat()
    sign_in_as_parent(family, parent.email)
    sign_in_to_admin(clerk, "/admin/", "clerk@example.com")
    offer = family.locator(".renewal-offer")
    expect(offer).to_contain_text(f"Pay for {renewal_year}", use_inner_text=True)
    assert_accessible(family)
    offer.get_by_role("link", name=re.compile(f"Pay for {renewal_year}")).click()

    # The parent confirms the details, re-confirms the group, and uploads this year's proof.
    expect(family.locator("h1")).to_contain_text(f"Pay for {renewal_year}", use_inner_text=True)
    assert_accessible(family)
    family.get_by_label(re.compile("^Minimum-living-guarantee family")).check()
    family.locator("main").get_by_role("button", name="Confirm and see the amount to pay").click()
    expect(family.locator("[data-error-summary]")).to_contain_text(
        "Upload the proof", use_inner_text=True
    )
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(PDF_BYTES)
    family.get_by_label("Upload this year's proof for the group you chose").set_input_files(
        str(proof)
    )
    family.locator("main").get_by_role("button", name="Confirm and see the amount to pay").click()
    expect(family.locator("main")).to_contain_text(
        f"Confirmed. Pay ¥80.00 for {renewal_year}", use_inner_text=True
    )
    shot(family, "years-2-renewed")
    renewed = CoverYear.objects.get(child__id_number=id_number, year=renewal_year)
    assert (renewed.subsidy_category, renewed.status) == (group, "due")

    # The office records the renewal from the next list.
    import_payment_list(
        clerk,
        tmp_path,
        "缴费清单-2.csv",
        [f"{id_number},王小明,{renewal_year},80.00,{day},326000000003"],
        expected=1,
    )

    # The family's record of contributions: every year, paid, with its ticket.
    family.goto(reverse("enrollment:my_applications"))
    family.locator(".record-list").get_by_role("link", name="王小明").click()
    expect(family.locator("h1")).to_have_text("Record of contributions", use_inner_text=True)
    record = family.locator("main")
    for year, ticket in [
        (renewal_year - 2, "326000000001"),
        (renewal_year - 1, "326000000002"),
        (renewal_year, "326000000003"),
    ]:
        section = record.locator(f"#year-{year}").locator("xpath=..")
        expect(section).to_contain_text("Paid", use_inner_text=True)
        expect(section).to_contain_text(ticket, use_inner_text=True)
    expect(record).not_to_contain_text(f"Pay for {renewal_year}", use_inner_text=True)
    assert_accessible(family)
    shot(family, "years-3-record")
    clerk.goto(reverse("admin:enrollment_insuredchild_changelist"))
    clerk.get_by_role("link", name="王小明").click()
    expect(clerk.locator("#content")).to_contain_text("Renewals confirmed by the family")
    shot(clerk, "years-4-admin-record")

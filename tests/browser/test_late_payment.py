"""The payment date decides the cover, in Chromium: a parent applies in the
enrollment period; the tax authority's list says the money arrived on 20 January, after the
period; the clerk sees that before recording it; the parent's status page, record of
contributions and email then say cover starts on 20 April (国办发〔2024〕38号: 3 months from a
payment outside the period), and the staff's list and dashboard say the same."""

import datetime
import re

import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from enrollment import wizard
from enrollment.models import Application, CoverYear
from tools import factories

from .helpers import (
    assert_accessible,
    new_page,
    shot,
    sign_in_as_parent,
    submit_from_the_fee_page,
)
from .helpers import sign_in as sign_in_to_admin

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
IN_THE_PERIOD = datetime.datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)
AFTER_THE_LIST = datetime.datetime(2027, 1, 25, 10, tzinfo=SHANGHAI)


def test_a_payment_after_the_period_is_shown_to_everyone_as_the_cover_it_bought(
    chromium, live_server, transactional_db, tmp_path
):
    office = factories.make_office(
        name_zh_hans="示例街道社区服务中心", name_en="Example Street Community Office"
    )
    for year in (2026, 2027):
        factories.make_fee_schedule(
            region=office.region,
            year=year,
            enrollment_opens=datetime.date(year - 1, 9, 1),
            enrollment_closes=datetime.date(year - 1, 12, 31),
        )
    parent = factories.make_user("late-family@example.com")
    factories.make_staff(office, "clerk@example.com")
    family = new_page(chromium, live_server)
    clerk = new_page(chromium, live_server)

    with time_machine.travel(IN_THE_PERIOD, tick=True):
        application = factories.make_application(
            parent, office, before=wizard.FeeStep, born=datetime.date(2019, 5, 1)
        )
        sign_in_as_parent(family, parent.email)
        family.goto(reverse("enrollment:step", args=[application.public_id, "fee"]))
        expect(family.locator("#fee-amount-title")).to_have_text(
            "¥400.00 to pay once the office has registered the child", use_inner_text=True
        )
        expect(family.locator("#year-2027")).to_contain_text(
            "2027: ¥400.00, pay by 31 December 2026.", use_inner_text=True
        )
        reference = submit_from_the_fee_page(family)
        factories.move_to(
            Application.objects.get(reference_number=reference),
            "verified",
            staff=factories.make_staff(office),
        )

    with time_machine.travel(AFTER_THE_LIST, tick=True):
        id_number = Application.objects.get(reference_number=reference).child.id_number
        sign_in_to_admin(clerk, "/admin/", "clerk@example.com")
        path = tmp_path / "缴费清单.csv"
        path.write_bytes(
            "\r\n".join(
                [
                    "证件号码,姓名,缴费年度,实缴金额,缴费日期,电子税票号码",
                    f"{id_number},王小明,2027,400.00,2027-01-20,327000000120",
                ]
            ).encode("gb18030")
        )
        clerk.goto(reverse("admin:enrollment_paymentimport_add"))
        clerk.get_by_label(re.compile("Payment list")).set_input_files(str(path))
        clerk.locator("input[type=submit]").click()
        late_rows = clerk.locator("table", has_text="paid after its deadline")
        expect(late_rows).to_contain_text(
            "Paid 2027-01-20, after the deadline of 2026-12-31: cover from 2027-04-20, "
            "not 2027-01-01.",
            use_inner_text=True,
        )
        shot(clerk, "late-1-import-preview")
        mail.outbox.clear()
        clerk.locator("input[type=submit]", has_text="Record 1 payment").click()
        expect(clerk.locator(".messagelist")).to_contain_text("recorded", use_inner_text=True)
        call_command("send_notices")  # a short list's notices have gone with it already
        year = CoverYear.objects.get(child__id_number=id_number)
        assert (year.status, year.cover_starts) == ("paid", datetime.date(2027, 4, 20))

        # The family: the status page, the record of contributions, the email.
        sign_in_as_parent(family, parent.email)
        family.goto(reverse("enrollment:application", args=[application.public_id]))
        paid_year = family.locator("#year-2027")
        expect(paid_year).to_contain_text(
            "2027: ¥400.00 paid on 20 January 2027. Covered from 20 April 2027 to 31 December "
            "2027.",
            use_inner_text=True,
        )
        expect(paid_year).to_contain_text(
            "Paid by the deadline, cover would have started on 1 January 2027.",
            use_inner_text=True,
        )
        assert_accessible(family)
        shot(family, "late-2-status")
        family.locator("main").get_by_role(
            "link", name="The child's record of contributions"
        ).click()
        record = family.locator("main")
        expect(record).to_contain_text("20 April 2027 to 31 December 2027", use_inner_text=True)
        expect(record).to_contain_text(
            "the child waits 3 months from the day of payment", use_inner_text=True
        )
        assert_accessible(family)
        shot(family, "late-3-record")
        (notice,) = [m for m in mail.outbox if m.to == [parent.email]]
        body = " ".join(notice.body.split())
        assert "Covered from 20 April 2027 to 31 December 2027." in body

        # The office: the application list and the dashboard agree.
        clerk.goto(reverse("admin:enrollment_application_changelist") + f"?q={reference}")
        expect(clerk.locator("#result_list")).to_contain_text(
            "2027 paid (after the deadline: cover from 2027-04-20)", use_inner_text=True
        )
        shot(clerk, "late-4-list")
        clerk.goto(reverse("admin:index"))
        payments = clerk.locator("#dashboard-payments-heading").locator("xpath=..")
        row = payments.locator("tbody tr", has_text="2027")
        expect(row.locator("td").nth(2)).to_have_text("1")  # of the paid, after the deadline
        shot(clerk, "late-5-dashboard")

"""Payments imported from the tax authority's list: each row matched against the office's
records, malformed lists refused whole with the row and column named, matched payments recorded
once (with history rows and notices) however often a list is confirmed or imported again, and
only by the staff of the children's own office."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enrollment import payment_import
from enrollment.applications import services
from enrollment.models import (
    Application,
    CoverYear,
    CoverYearChange,
    Notice,
    PaymentImport,
    StatusChange,
)
from enrollment.payment_import import Outcome
from tools import factories
from tools.factories import make_application, move_to
from tools.fake import resident_id

from ..pages import soup, text
from ..payment_lists import CHINESE, ENGLISH, payment_csv, payment_xlsx, store, upload

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1
PAID_ON = (TODAY - datetime.timedelta(days=3)).isoformat()


def verified(parent, office, staff, **answers):
    return move_to(
        make_application(parent, office, upto="submitted", **answers), "verified", staff=staff
    )


def row_for(application, *, year=None, amount="400.00", ticket="320260000000001", name=None):
    child = application.child
    return (
        child.id_number,
        name or child.full_name,
        year or NEXT_YEAR,
        amount,
        PAID_ON,
        ticket,
    )


def outcomes(check):
    return [(checked.row.number, checked.outcome) for checked in check.rows]


def history_snapshot():
    return (
        CoverYearChange.objects.count(),
        StatusChange.objects.count(),
        Notice.objects.count(),
        list(CoverYear.objects.order_by("pk").values_list("status", "ticket_number")),
    )


@pytest.fixture
def three_children(parent, office, staff):
    """Three children of the office, each with next year due (¥400)."""
    return [verified(parent, office, staff) for _ in range(3)]


# --- What each row is ------------------------------------------------------------------------


def test_each_row_is_matched_or_says_why_not(parent, office, staff, three_children):
    first, second, third = three_children
    recorded = move_to(make_application(parent, office, upto="submitted"), "paid", staff=staff)
    content = payment_csv(
        [
            row_for(first),  # row 2
            row_for(second, amount="450.00"),  # 3
            (resident_id(factories.years_ago(6)), "李四", NEXT_YEAR, "400.00", PAID_ON, "T9"),  # 4
            row_for(recorded, ticket="R-0001"),  # 5: the receipt move_to recorded...
            row_for(third, ticket="T-A"),  # 6
            row_for(third, ticket="T-B"),  # 7
            row_for(first, year=TODAY.year),  # 8: the child's record has no such year
            row_for(recorded, ticket="T-other"),  # 9: ...and another ticket for that year
        ]
    )
    imported, check = store(content, staff)
    assert outcomes(check) == [
        (2, Outcome.MATCHED),
        (3, Outcome.AMOUNT_DIFFERS),
        (4, Outcome.UNMATCHED),
        (5, Outcome.DUPLICATE),
        (6, Outcome.DUPLICATE),
        (7, Outcome.DUPLICATE),
        (8, Outcome.UNMATCHED),
        (9, Outcome.DUPLICATE),
    ]
    by_row = {checked.row.number: checked for checked in check.rows}
    assert by_row[3].reason == f"The list says ¥450.00; ¥400.00 is due for {NEXT_YEAR}"
    assert by_row[4].reason == "No child with this ID number is registered at your office"
    assert by_row[6].outcome == by_row[7].outcome == Outcome.DUPLICATE
    assert "also on row 7" in by_row[6].reason
    assert by_row[8].reason.startswith(f"The child's record has no {TODAY.year}")
    # Rows 5 and 9 are one child's one year with two tickets: two payments, someone must look.
    assert by_row[5].outcome == by_row[9].outcome == Outcome.DUPLICATE
    assert imported.counts == {
        "matched": 1,
        "matched_late": 0,
        "amount_differs": 1,
        "unmatched": 2,
        "already_recorded": 0,
        "duplicate": 4,
        "not_due": 0,
        "name_differs": 0,
    }
    assert imported.status == "previewed" and CoverYear.objects.filter(status="paid").count() == 1


def test_a_paid_year_is_already_recorded_with_its_ticket_and_not_due_with_another(
    parent, office, staff
):
    recorded = move_to(make_application(parent, office, upto="submitted"), "paid", staff=staff)
    same_ticket = store(payment_csv([row_for(recorded, ticket="R-0001")]), staff)[1]
    other_ticket = store(payment_csv([row_for(recorded, ticket="T-other")]), staff)[1]
    assert outcomes(same_ticket) == [(2, Outcome.ALREADY_RECORDED)]
    assert outcomes(other_ticket) == [(2, Outcome.NOT_DUE)]
    assert (
        other_ticket.rows[0].reason
        == f"{NEXT_YEAR} is “Paid” on the child's record (ticket R-0001)"
    )


def test_the_same_payment_listed_twice_is_recorded_once(parent, office, staff, three_children):
    first = three_children[0]
    _, check = store(payment_csv([row_for(first), row_for(first)]), staff)
    assert outcomes(check) == [(2, Outcome.MATCHED), (3, Outcome.DUPLICATE)]
    assert check.rows[1].reason == "The same payment as row 2"


def test_a_name_other_than_the_records_is_not_recorded(parent, office, staff, three_children):
    first = three_children[0]
    _, check = store(
        payment_csv([row_for(first, name="王晓明"), row_for(three_children[1], name="王*明")]),
        staff,
    )
    assert outcomes(check) == [(2, Outcome.NAME_DIFFERS), (3, Outcome.MATCHED)]
    assert check.rows[0].reason == "The list says 王晓明; the child's record says 王小明"


def test_matching_reads_the_database_a_few_times_whatever_the_length(
    parent, office, staff, three_children, django_assert_max_num_queries
):
    rows = payment_import.read_rows(
        payment_csv([row_for(application) for application in three_children]), "csv"
    )
    long_list = rows + [
        payment_import.PaymentRow(
            100 + n, resident_id(factories.years_ago(5), serial=n), "某", NEXT_YEAR, 1, TODAY, "T"
        )
        for n in range(300)
    ]
    with django_assert_max_num_queries(2):
        payment_import.check_rows(long_list, office_id=office.pk)


# --- Reading the file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "encoding"),
    [(ENGLISH, "utf-8"), (CHINESE, "utf-8-sig"), (CHINESE, "gb18030"), (CHINESE, "utf-16")],
)
def test_csv_lists_are_read_in_the_encodings_offices_receive(
    parent, office, staff, three_children, header, encoding
):
    content = payment_csv([row_for(three_children[0])], header=header, encoding=encoding)
    _, check = store(content, staff)
    assert outcomes(check) == [(2, Outcome.MATCHED)]
    assert check.rows[0].row.name == "王小明"


def test_an_xlsx_export_with_a_title_the_tax_authoritys_headers_and_a_total_is_read(
    parent, office, staff, three_children
):
    first = three_children[0]
    rows = [
        (
            first.child.id_number,
            "王小明",
            datetime.date(NEXT_YEAR, 1, 1),  # 费款所属期起, a date cell
            400,
            datetime.datetime.combine(TODAY, datetime.time(10, 30)),
            "320260000000001",
        )
    ]
    content = payment_xlsx(
        rows,
        header=[
            "身份证件号码",
            "缴费人名称",
            "费款所属期起",
            "实缴金额（元）",
            "入库日期",
            "电子税票号",
        ],
        before=[["城乡居民基本医疗保险缴费明细"], []],
        after=[["合计", None, None, 400]],
    )
    imported, check = store(content, staff, name="明细.xlsx")
    assert outcomes(check) == [(4, Outcome.MATCHED)]
    assert check.rows[0].row.paid_on == TODAY and check.rows[0].row.amount == Decimal("400.00")
    assert imported.file_kind == "xlsx" and imported.file.name.endswith(".xlsx")
    assert imported.file.name.startswith("payment-imports/") and "明细" not in imported.file.name


# --- Malformed lists ---------------------------------------------------------------------------


def later(days=5):
    return (TODAY + datetime.timedelta(days=days)).isoformat()


GOOD_ID = resident_id(datetime.date(2015, 3, 1))
MALFORMED = {
    "a column missing": (
        payment_csv([(GOOD_ID, "王小明", NEXT_YEAR, "400", PAID_ON)], header=ENGLISH[:5]),
        "The list has no “Ticket number” column: name it “票号” or “Ticket number”",
    ),
    "a date that is not one": (
        payment_csv([(GOOD_ID, "王小明", NEXT_YEAR, "400", "20/11/2026", "T1")]),
        "Row 2, column “Date paid”: “20/11/2026” is not a date: write it as 2026-11-20",
    ),
    "a date to come": (
        payment_csv([(GOOD_ID, "王小明", NEXT_YEAR, "400", later(), "T1")], header=CHINESE),
        "Row 2, column “缴费日期”: The date of payment cannot be in the future",
    ),
    "an amount that is not one": (
        payment_csv(
            [(GOOD_ID, "王小明", NEXT_YEAR, "400", PAID_ON, "T1")] * 2
            + [(GOOD_ID, "王小明", NEXT_YEAR, "four hundred", PAID_ON, "T1")]
        ),
        "Row 4, column “Amount”: “four hundred” is not an amount in yuan, such as 400.00",
    ),
    "an ID number with a wrong check digit": (
        payment_csv(
            [
                (
                    GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1"),
                    "王",
                    NEXT_YEAR,
                    "400",
                    PAID_ON,
                    "T1",
                )
            ]
        ),
        "Row 2, column “ID number”: ",
    ),
    "a year that is not one": (
        payment_csv([(GOOD_ID, "王小明", "next", "400", PAID_ON, "T1")]),
        "Row 2, column “Year”: “next” is not a year of cover",
    ),
    "a missing ticket": (
        payment_csv([(GOOD_ID, "王小明", NEXT_YEAR, "400", PAID_ON, "")]),
        "Row 2, column “Ticket number”: the ticket number is missing",
    ),
    "no column names": (
        b"a,b,c\r\n1,2,3\r\n",
        "No row of column names was found in the first 10 rows",
    ),
    "column names and no rows": (payment_csv([]), "The list has no payments"),
    "an empty file": (b"", "The selected file is empty"),
    "a picture": (factories.upload().read(), "The selected file must be a CSV or XLSX file"),
    "an old Excel file": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "The selected file is an older Excel file (.xls)",
    ),
    "a damaged XLSX": (b"PK\x03\x04 not really a zip", "The XLSX file could not be opened"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_list_is_refused_whole_with_the_row_and_column_named(
    staff_client, staff, three_children, case
):
    content, message = MALFORMED[case]
    name = "payments.xlsx" if content.startswith(b"PK") else "payments.csv"
    if case == "a picture":
        name = "scan.png"
    before = history_snapshot()
    response = staff_client.post(
        reverse("admin:enrollment_paymentimport_add"), {"payment_list": upload(content, name)}
    )
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem with the list: nothing was stored or recorded" in page
    assert message in page, page
    assert not PaymentImport.objects.exists() and history_snapshot() == before


def test_every_bad_row_is_named_and_good_rows_are_not_recorded(staff, three_children):
    good = row_for(three_children[0])
    content = payment_csv([good, (*good[:3], "x", *good[4:]), good[:5] + ("",), good])
    with pytest.raises(Exception) as refused:
        payment_import.read_upload(upload(content))
    assert refused.value.messages == [
        "Row 3, column “Amount”: “x” is not an amount in yuan, such as 400.00",
        "Row 4, column “Ticket number”: the ticket number is missing",
    ]


def test_an_id_number_stored_as_a_number_is_refused(staff, three_children):
    content = payment_xlsx(
        [(110101201503010000.0, "王小明", NEXT_YEAR, 400, PAID_ON, "T1")], header=ENGLISH
    )
    with pytest.raises(Exception) as refused:
        payment_import.read_upload(upload(content, "list.xlsx"))
    assert refused.value.messages == [
        "Row 2, column “ID number”: the ID number is stored as a number, which loses its last "
        "digits: format the column as text and export the list again"
    ]


def test_a_list_too_large_or_too_long_is_refused(settings, monkeypatch, staff, three_children):
    content = payment_csv([row_for(application) for application in three_children])
    monkeypatch.setattr(payment_import.reading, "MAX_ROWS", 2)
    with pytest.raises(Exception) as refused:
        payment_import.read_upload(upload(content))
    assert refused.value.messages == [
        "The list has more than 2 rows: split it into parts of 2 rows or fewer and upload each part"
    ]
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(Exception) as refused:
        payment_import.read_upload(upload(content))
    assert refused.value.messages[0].startswith("The selected file must be smaller than")


# --- Confirming ----------------------------------------------------------------------------------


def test_confirming_records_each_matched_payment_with_its_history_and_notice(
    parent, office, staff, three_children
):
    first, second, _ = three_children
    # A year due outside any application: a renewal, whose family hears of it by a notice.
    renewal = CoverYear.objects.get(application=second)
    Application.objects.filter(pk=second.pk).update(status="paid")
    imported, _ = store(payment_csv([row_for(first), row_for(second, ticket="T-2")]), staff)
    payment_import.payment_import_confirm(payment_import=imported, by=staff)

    year = CoverYear.objects.get(application=first)
    assert (year.status, year.amount_paid, year.ticket_number, year.payment_channel) == (
        "paid",
        Decimal("400.00"),
        "320260000000001",
        "tax_list",
    )
    assert year.paid_on.isoformat() == PAID_ON and year.recorded_by == staff
    change = year.history.latest("id")
    assert (change.from_status, change.to_status, change.changed_by) == ("due", "paid", staff)
    assert change.note == f"Ticket 320260000000001, ¥400.00, paid on {PAID_ON}"
    # The application waited for this year only: it moves to "fee paid" and the parent is told.
    first = Application.objects.get(pk=first.pk)
    assert (first.status, first.receipt_number, first.amount_paid) == (
        "paid",
        "320260000000001",
        Decimal("400.00"),
    )
    move = first.history.latest("id")
    assert (move.from_status, move.to_status, move.changed_by) == ("verified", "paid", staff)
    assert Notice.objects.filter(status_change=move).exists()
    renewal.refresh_from_db()
    assert renewal.status == "paid"
    assert Notice.objects.get(cover_year_change__cover_year=renewal).parent == parent
    imported.refresh_from_db()
    assert (imported.status, imported.recorded_count, imported.confirmed_by) == (
        "confirmed",
        2,
        staff,
    )


def test_a_newborns_two_years_in_one_list_move_the_application_to_paid(parent, office, staff):
    born = TODAY - datetime.timedelta(days=10)
    newborn = verified(parent, office, staff, born=born, first_enrollment=True)
    years = list(newborn.insured_child.cover_years.order_by("year"))
    assert len(years) == 2
    rows = [row_for(newborn, year=y.year, amount=y.amount_due, ticket=f"T{y.year}") for y in years]
    imported, check = store(payment_csv(rows), staff)
    assert outcomes(check) == [(2, Outcome.MATCHED), (3, Outcome.MATCHED)]
    payment_import.payment_import_confirm(payment_import=imported, by=staff)
    newborn = Application.objects.get(pk=newborn.pk)
    assert newborn.status == "paid"
    assert newborn.amount_paid == sum(y.amount_due for y in years)
    assert newborn.receipt_number == f"T{years[-1].year}"
    assert newborn.history.filter(to_status="paid").count() == 1
    # One notice: the application's move; the years waited for it.
    assert Notice.objects.filter(status_change__to_status="paid").count() == 1
    assert not Notice.objects.filter(cover_year_change__cover_year__in=years).exists()


def test_confirming_twice_or_importing_the_same_file_again_records_nothing_new(
    staff_client, staff, three_children
):
    content = payment_csv([row_for(application) for application in three_children])
    staff_client.post(
        reverse("admin:enrollment_paymentimport_add"), {"payment_list": upload(content)}
    )
    imported = PaymentImport.objects.get()
    confirm = reverse("admin:enrollment_paymentimport_confirm", args=[imported.pk])
    response = staff_client.post(confirm, follow=True)
    assert "3 payments recorded" in text(response)
    after_first = history_snapshot()

    response = staff_client.post(confirm, follow=True)
    assert "This list was recorded before: nothing was recorded again." in text(response)
    assert history_snapshot() == after_first

    response = staff_client.post(
        reverse("admin:enrollment_paymentimport_add"),
        {"payment_list": upload(content)},
        follow=True,
    )
    again = PaymentImport.objects.latest("id")
    assert again.counts["already_recorded"] == 3 and again.counts["matched"] == 0
    page = text(response)
    assert "The same file was imported and recorded on" in page
    assert "No row of the list can be recorded: nothing to confirm." in page
    staff_client.post(reverse("admin:enrollment_paymentimport_confirm", args=[again.pk]))
    assert history_snapshot() == after_first


def test_a_year_paid_after_the_preview_is_not_paid_twice(parent, office, staff, three_children):
    first = three_children[0]
    imported, check = store(payment_csv([row_for(first, ticket="T-list")]), staff)
    assert outcomes(check) == [(2, Outcome.MATCHED)]
    services.cover_year_record_payment(
        cover_year=CoverYear.objects.get(application=first),
        by=staff,
        ticket_number="T-counter",
        amount=Decimal("400.00"),
        paid_on=TODAY,
        channel="counter",
    )
    check = payment_import.payment_import_confirm(payment_import=imported, by=staff)
    assert outcomes(check) == [(2, Outcome.NOT_DUE)]
    year = CoverYear.objects.get(application=first)
    assert year.ticket_number == "T-counter" and year.history.filter(to_status="paid").count() == 1


def rows_written():
    """What recording wrote, without the ids and moments that differ between two runs."""
    return {
        "years": sorted(
            CoverYear.objects.values_list(
                "child__id_number",
                "year",
                "status",
                "amount_paid",
                "paid_on",
                "ticket_number",
                "payment_channel",
                "cover_starts",
                "recorded_by",
            )
        ),
        "year history": sorted(
            CoverYearChange.objects.values_list(
                "cover_year__child__id_number",
                "cover_year__year",
                "from_status",
                "to_status",
                "changed_by",
                "note",
            )
        ),
        "moves": sorted(
            StatusChange.objects.filter(to_status="paid").values_list(
                "application__child__id_number", "from_status", "changed_by", "note"
            )
        ),
        "applications": sorted(
            Application.objects.values_list(
                "child__id_number", "status", "receipt_number", "amount_paid", "paid_on"
            )
        ),
        "notices": sorted(
            Notice.objects.values_list(
                "status_change__application__child__id_number",
                "cover_year_change__cover_year__child__id_number",
                "cover_year_change__cover_year__year",
                "parent",
            ),
            key=str,
        ),
    }


def test_the_bulk_recording_writes_what_the_service_writes_row_by_row(parent, office, staff):
    born = TODAY - datetime.timedelta(days=10)
    newborn = verified(parent, office, staff, born=born, first_enrollment=True)
    renewing = verified(parent, office, staff)
    Application.objects.filter(pk=renewing.pk).update(status="card_issued")
    plain = verified(parent, office, staff)
    rows = [
        row_for(newborn, year=born.year, ticket="T-1"),
        row_for(renewing, ticket="T-2"),
        row_for(newborn, year=born.year + 1, ticket="T-3"),
        row_for(plain, ticket="T-4"),
    ]
    imported, check = store(payment_csv(rows), staff)
    assert {checked.outcome for checked in check.rows} == {Outcome.MATCHED}

    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        with transaction.atomic():
            for checked in check.rows:
                services.cover_year_record_payment(
                    cover_year=checked.cover_year,
                    by=staff,
                    ticket_number=checked.row.ticket_number,
                    amount=checked.row.amount,
                    paid_on=checked.row.paid_on,
                    channel="tax_list",
                )
            one_by_one = rows_written()
            raise Undo
    assert rows_written() != one_by_one
    payment_import.payment_import_confirm(payment_import=imported, by=staff)
    assert rows_written() == one_by_one


# --- Who may import ------------------------------------------------------------------------------


@pytest.fixture
def other_office_clerk(db):
    other = factories.make_office("Another office")
    return factories.make_staff(other, "other-clerk@example.com")


def test_another_offices_child_is_not_found_and_told_apart_from_no_one(
    client, other_office_clerk, three_children
):
    nobody = (resident_id(factories.years_ago(6)), "李四", NEXT_YEAR, "400.00", PAID_ON, "T9")
    theirs = row_for(three_children[0])
    client.force_login(other_office_clerk)
    response = client.post(
        reverse("admin:enrollment_paymentimport_add"),
        {"payment_list": upload(payment_csv([theirs, nobody]))},
        follow=True,
    )
    imported = PaymentImport.objects.get()
    assert (
        imported.counts["unmatched"] == 2
        and imported.office == other_office_clerk.staff_membership.office
    )
    attention = soup(response).select("#content-main table")[1]
    reasons = [cell.get_text(" ", strip=True) for cell in attention.select("tbody td:last-child")]
    assert reasons == ["No child with this ID number is registered at your office"] * 2
    assert "No row of the list can be recorded" in text(response)
    assert CoverYear.objects.filter(status="paid").count() == 0


def test_a_clerk_neither_sees_nor_confirms_another_offices_import(
    client, staff, other_office_clerk, three_children
):
    imported, _ = store(payment_csv([row_for(three_children[0])]), staff)
    client.force_login(other_office_clerk)
    page = client.get(reverse("admin:enrollment_paymentimport_change", args=[imported.pk]))
    assert page.status_code == 302 and page["Location"] == reverse("admin:index")
    listed = client.get(reverse("admin:enrollment_paymentimport_changelist"))
    assert imported.original_name not in text(listed)
    client.post(reverse("admin:enrollment_paymentimport_confirm", args=[imported.pk]))
    imported.refresh_from_db()
    assert imported.status == "previewed" and not CoverYear.objects.filter(status="paid").exists()
    with pytest.raises(PermissionDenied):
        payment_import.payment_import_confirm(payment_import=imported, by=other_office_clerk)


def test_a_supervisor_matches_every_offices_children(staff, other_office_clerk, three_children):
    supervisor = factories.make_supervisor()
    imported, check = store(payment_csv([row_for(three_children[0])]), supervisor)
    assert imported.office is None and outcomes(check) == [(2, Outcome.MATCHED)]


def test_a_parent_cannot_reach_the_import_pages(parent_client, staff, three_children):
    imported, _ = store(payment_csv([row_for(three_children[0])]), staff)
    for url in [
        reverse("admin:enrollment_paymentimport_add"),
        reverse("admin:enrollment_paymentimport_change", args=[imported.pk]),
        reverse("admin:enrollment_paymentimport_changelist"),
    ]:
        response = parent_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login")
        ), url
    response = parent_client.post(
        reverse("admin:enrollment_paymentimport_confirm", args=[imported.pk])
    )
    assert response["Location"].startswith(reverse("admin:login"))
    response = parent_client.post(
        reverse("admin:enrollment_paymentimport_add"),
        {"payment_list": upload(payment_csv([row_for(three_children[1])]))},
    )
    assert response["Location"].startswith(reverse("admin:login"))
    assert PaymentImport.objects.count() == 1
    assert not CoverYear.objects.filter(status="paid").exists()


# --- The pages -------------------------------------------------------------------------------------


def test_the_preview_shows_the_counts_the_rows_needing_attention_and_the_matched(
    staff_client, staff, three_children
):
    first, second, _ = three_children
    imported, _ = store(payment_csv([row_for(first), row_for(second, amount="1")]), staff)
    response = staff_client.get(
        reverse("admin:enrollment_paymentimport_change", args=[imported.pk])
    )
    page = soup(response)
    counts = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page.select("#content-main table")[0].select("tbody tr")
    }
    assert counts["Matched: recorded on confirming"] == "1" and counts["Amount differs"] == "1"
    captions = [
        caption.get_text(" ", strip=True) for caption in page.select("#content-main caption")
    ]
    assert captions[1:] == ["1 row needs attention", "1 matched row"]
    assert first.child.id_number not in response.content.decode()  # masked in lists
    button = page.select_one("form[action$='/confirm/'] [type=submit]")
    assert button["value"] == "Record 1 payment"


def test_the_upload_page_explains_the_columns_and_is_linked_from_the_childrens_list(
    staff_client,
):
    add = reverse("admin:enrollment_paymentimport_add")
    children = staff_client.get(reverse("admin:enrollment_insuredchild_changelist"))
    assert (
        soup(children).select_one(f".object-tools a[href='{add}']").get_text(strip=True)
        == "Import payments"
    )
    page = text(staff_client.get(add))
    for header in [
        "证件号码",
        "ID number",
        "电子税票号码",
        "Ticket number",
        "缴费日期",
        "Date paid",
    ]:
        assert header in page

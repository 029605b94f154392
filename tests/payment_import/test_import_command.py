"""`manage.py import_payment_list`: the admin's payment import for lists that arrive as files.
Checking records nothing; --confirm records the matched payments once; a malformed list is
refused with its row and column named, and nothing is stored or recorded."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from enrollment.models import CoverYear, PaymentImport
from tools.factories import make_application, move_to

HEADER = "证件号码,姓名,缴费年度,实缴金额,缴费日期,电子税票号码"


@pytest.fixture
def due_year(parent, office, staff):
    application = move_to(
        make_application(parent, office, upto="submitted"), "verified", staff=staff
    )
    return application.insured_child.cover_years.get()


def write_list(tmp_path, *rows, name="list.csv"):
    path = tmp_path / name
    path.write_bytes("\r\n".join([HEADER, *rows]).encode("gb18030"))
    return str(path)


def row(year, *, paid_on=None, amount="400.00", ticket="326000000001"):
    child = year.child
    paid_on = paid_on or timezone.localdate().isoformat()
    return f"{child.id_number},{child.full_name},{year.year},{amount},{paid_on},{ticket}"


def test_checking_records_nothing_and_confirming_records_once(tmp_path, due_year, staff, capsys):
    path = write_list(tmp_path, row(due_year))
    call_command("import_payment_list", path, "--as", staff.email)
    out = capsys.readouterr().out
    assert "Matched: recorded on confirming: 1" in out and "add --confirm" in out
    assert CoverYear.objects.get(pk=due_year.pk).status == "due"
    call_command("import_payment_list", path, "--as", staff.email, "--confirm")
    assert "Payments recorded: 1." in capsys.readouterr().out
    assert CoverYear.objects.get(pk=due_year.pk).status == "paid"
    call_command("import_payment_list", path, "--as", staff.email, "--confirm")
    out = capsys.readouterr().out
    assert "Already recorded: 1" in out and "Payments recorded: 0." in out
    assert due_year.history.filter(to_status="paid").count() == 1


def test_rows_needing_attention_are_listed_with_their_row(tmp_path, due_year, staff, capsys):
    path = write_list(tmp_path, row(due_year, amount="40.00"))
    call_command("import_payment_list", path, "--as", staff.email, "--confirm")
    out = capsys.readouterr().out
    assert "row 2: Amount differs" in out and "Payments recorded: 0." in out
    assert CoverYear.objects.get(pk=due_year.pk).status == "due"


def test_a_malformed_list_names_the_row_and_column_and_stores_nothing(
    tmp_path, due_year, staff, capsys
):
    path = write_list(tmp_path, row(due_year), row(due_year, paid_on="2026-02-30", ticket="T2"))
    with pytest.raises(CommandError, match="nothing was stored or recorded"):
        call_command("import_payment_list", path, "--as", staff.email, "--confirm")
    err = capsys.readouterr().err
    assert "Row 3" in err and "缴费日期" in err
    assert not PaymentImport.objects.exists()
    assert CoverYear.objects.get(pk=due_year.pk).status == "due"


def test_only_staff_may_import(tmp_path, due_year, parent):
    path = write_list(tmp_path, row(due_year))
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_payment_list", path, "--as", parent.email, "--confirm")
    with pytest.raises(CommandError, match="No active account"):
        call_command("import_payment_list", path, "--as", "nobody@example.com")
    with pytest.raises(CommandError, match="No file"):
        call_command("import_payment_list", str(tmp_path / "missing.csv"), "--as", parent.email)
    assert CoverYear.objects.get(pk=due_year.pk).status == "due"


def test_old_stored_lists_are_deleted_and_their_import_still_opens(
    tmp_path, due_year, staff, staff_client, settings
):
    path = write_list(tmp_path, row(due_year))
    call_command("import_payment_list", path, "--as", staff.email, "--confirm")
    imported = PaymentImport.objects.get()
    stored = Path(imported.file.path)
    assert stored.exists()
    call_command("purge_payment_lists")
    assert stored.exists()  # uploaded today: kept
    settings.PAYMENT_LIST_RETENTION_DAYS = 0
    call_command("purge_payment_lists")
    imported.refresh_from_db()
    assert not stored.exists() and not imported.file
    assert imported.recorded_count == 1
    page = staff_client.get(reverse("admin:enrollment_paymentimport_change", args=[imported.pk]))
    assert page.status_code == 200
    assert "The stored list can no longer be read" in page.content.decode()

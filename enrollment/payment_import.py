"""Payments imported from the tax authority's list, not typed.

The office receives from the tax authority a list of the contributions paid (CSV or XLSX). Staff
upload it; every row is read and checked (a malformed file is refused whole, each problem named
by row and column, and nothing is stored); each row is then matched against the records of the
children the member of staff may review: matched, amount differs, not found, already recorded,
not due, name differs, or a duplicate within the list. Confirming records every matched payment
in one transaction, with the history rows and the families' notices the services write
(services.cover_year_record_payment), in bulk: a list of 10,000 rows takes a few seconds.

The matching reads the database a few times for the whole list, never once per row. A child of
another office is "not found", worded exactly as a child nobody registered.
"""

import csv
import datetime
import hashlib
import io
import re
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access, bulk_writes, contributions, formatting, services, uploads, validators
from .models import (
    Application,
    CoverYear,
    CoverYearChange,
    InsuredChild,
    Notice,
    PaymentImport,
    Renewal,
)

# A district's list for one enrollment period; a longer one is split by the office (the
# benchmark checks and records 10,000 rows in a few seconds each, see `make bench`).
MAX_ROWS = 20_000
# An XLSX file is a zip: what it may unpack to, against files that expand without end.
XLSX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Rows above the header that a title or a note may take.
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS_SHOWN = 20
CHANNEL = Application.PaymentChannel.TAX_LIST


class Column(models.TextChoices):
    """The columns the list must have, as people call them."""

    ID_NUMBER = "id_number", gettext_lazy("ID number")
    NAME = "name", gettext_lazy("Name")
    YEAR = "year", gettext_lazy("Year")
    AMOUNT = "amount", gettext_lazy("Amount")
    PAID_ON = "paid_on", gettext_lazy("Date paid")
    TICKET_NUMBER = "ticket_number", gettext_lazy("Ticket number")


# The headers each column goes by, compared without spaces, brackets, units or case. The
# Chinese ones are those of the tax authority's social-insurance exports (证件号码, 缴费人名称,
# 费款所属期起, 实缴金额, 入库日期, 电子税票号码) and of lists offices keep themselves.
HEADERS = {
    Column.ID_NUMBER: [
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "证件号码",
        "身份证件号码",
        "缴费人证件号码",
        "ID number",
        "resident ID number",
    ],
    Column.NAME: ["姓名", "缴费人姓名", "缴费人名称", "参保人姓名", "Name", "full name"],
    Column.YEAR: [
        "缴费年度",
        "参保年度",
        "所属年度",
        "费款所属期",
        "费款所属期起",
        "费款所属期起止",
        "Year",
        "cover year",
    ],
    Column.AMOUNT: ["金额", "缴费金额", "实缴金额", "实缴金额元", "Amount", "amount paid"],
    Column.PAID_ON: ["缴费日期", "入库日期", "缴款日期", "Date paid", "paid on", "payment date"],
    Column.TICKET_NUMBER: [
        "票号",
        "电子税票号码",
        "电子税票号",
        "税票号码",
        "Ticket number",
        "ticket",
    ],
}


def _header_key(text) -> str:
    text = "" if text is None else str(text)
    text = re.sub(r"[\s*_（）()\[\]【】:：]|（元）|\(元\)|元$", "", text.replace("（元）", ""))
    return text.lower()


# The English header of each column, as the upload page and the messages give it.
ENGLISH_HEADERS = {
    Column.ID_NUMBER: "ID number",
    Column.NAME: "Name",
    Column.YEAR: "Year",
    Column.AMOUNT: "Amount",
    Column.PAID_ON: "Date paid",
    Column.TICKET_NUMBER: "Ticket number",
}
HEADER_COLUMN = {_header_key(name): column for column, names in HEADERS.items() for name in names}
TOTAL_ROW = re.compile(r"^\s*(合计|总计|小计|total)", re.IGNORECASE)
YEAR_IN_TEXT = re.compile(r"^\s*((?:19|20)\d{2})(?:\d{2}|\d{4})?(?:\D|$)")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
# What a row lacks: translated only when a row does.
MISSING_ID_NUMBER = gettext_lazy("the ID number is missing")
MISSING_NAME = gettext_lazy("the name is missing")
MISSING_YEAR = gettext_lazy("the year is missing")
MISSING_AMOUNT = gettext_lazy("the amount is missing")
MISSING_PAID_ON = gettext_lazy("the date paid is missing")
MISSING_TICKET_NUMBER = gettext_lazy("the ticket number is missing")


@dataclass(frozen=True)
class PaymentRow:
    """One payment of the list, read and checked; `number` is its row in the spreadsheet."""

    number: int
    id_number: str
    name: str
    year: int
    amount: Decimal
    paid_on: datetime.date
    ticket_number: str


class Outcome(models.TextChoices):
    MATCHED = "matched", gettext_lazy("Matched: recorded on confirming")
    MATCHED_LATE = (
        "matched_late",
        gettext_lazy("Matched, paid after the deadline: recorded on confirming, cover later"),
    )
    AMOUNT_DIFFERS = "amount_differs", gettext_lazy("Amount differs")
    UNMATCHED = "unmatched", gettext_lazy("Not found")
    ALREADY_RECORDED = "already_recorded", gettext_lazy("Already recorded")
    DUPLICATE = "duplicate", gettext_lazy("Twice in the list")
    NOT_DUE = "not_due", gettext_lazy("Year not due")
    NAME_DIFFERS = "name_differs", gettext_lazy("Name differs")


# Recorded on confirming: a late payment too, but the preview shows apart what it buys.
RECORDED = (Outcome.MATCHED, Outcome.MATCHED_LATE)
# Nothing to do for these; the others need someone to look.
SETTLED = (*RECORDED, Outcome.ALREADY_RECORDED)


@dataclass
class CheckedRow:
    row: PaymentRow
    outcome: str
    reason: str = ""
    cover_year: CoverYear | None = None

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label

    @property
    def masked_id_number(self):
        return formatting.masked_id_number(self.row.id_number)


@dataclass
class Check:
    """A list matched against the records: each row with its outcome, in the list's order."""

    rows: list[CheckedRow]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Outcome.values, 0)
        for checked in self.rows:
            counts[checked.outcome] += 1
        return counts

    def matched(self) -> list[CheckedRow]:
        """The rows confirming records: matched, on time or late."""
        return [checked for checked in self.rows if checked.outcome in RECORDED]

    def paid_late(self) -> list[CheckedRow]:
        """Matched rows paid after their year's deadline: their cover starts later."""
        return [checked for checked in self.rows if checked.outcome == Outcome.MATCHED_LATE]

    def needing_attention(self) -> list[CheckedRow]:
        return [checked for checked in self.rows if checked.outcome not in SETTLED]


class AlreadyConfirmed(Exception):
    """The import was confirmed before: confirming again records nothing."""


# --- Reading the file ------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentList:
    """An uploaded list that passed every check, with what storing it needs."""

    rows: list[PaymentRow]
    content: bytes
    kind: str  # "csv" or "xlsx"
    original_name: str


def read_upload(upload) -> PaymentList:
    """Read and check an uploaded list. Raises ValidationError with one message per problem
    (the first MAX_PROBLEMS_SHOWN), each naming the row and the column."""
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    content = _read_within_limit(upload)
    kind = _kind_of(content, name)
    return PaymentList(read_rows(content, kind), content, kind, name)


def read_rows(content: bytes, kind: str) -> list[PaymentRow]:
    table = _xlsx_table(content) if kind == "xlsx" else _csv_table(content)
    return _payment_rows(table)


def _read_within_limit(upload) -> bytes:
    content = uploads.read_within_limit(upload)
    if not content.strip():
        raise ValidationError(_("The selected file is empty"), code="file_empty")
    return content


def _kind_of(content: bytes, name: str) -> str:
    """CSV or XLSX, judged from the content; a name saying otherwise is refused."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    wrong_type = ValidationError(
        _("The selected file must be a CSV or XLSX file (the tax authority's payment list)"),
        code="file_type",
    )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "The selected file is an older Excel file (.xls): open it in Excel or WPS, save "
                "it as .xlsx or CSV, and upload that"
            ),
            code="file_type",
        )
    if content.startswith(b"PK\x03\x04"):
        kind = "xlsx"
    elif content.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")):
        raise wrong_type
    else:
        kind = "csv"
    if extension and extension not in ("csv", "txt", "xlsx"):
        raise wrong_type
    if extension and (extension == "xlsx") != (kind == "xlsx"):
        raise ValidationError(
            _(
                "The selected file's name ends in .%(extension)s but the file is a %(kind)s "
                "file: choose the file again, or rename it"
            )
            % {"extension": extension, "kind": kind.upper()},
            code="file_name_mismatch",
        )
    return kind


def _csv_table(content: bytes):
    """The rows of a CSV list: UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM
    (Excel's "Unicode text"), or GB18030, in which Chinese systems often export."""
    if content.startswith(b"\xef\xbb\xbf"):
        text = _utf8(content[3:])
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        text = _utf8(content)
        if text is None:
            text = _gb18030(content)
    if text is None:
        raise ValidationError(
            _(
                "The characters of the file could not be read: save the list as CSV (UTF-8) or "
                "XLSX and upload it again"
            ),
            code="encoding",
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ValidationError(
            _("Row %(row)s: the row could not be read as CSV (%(error)s)")
            % {"row": reader.line_num, "error": error},
            code="csv",
        ) from None


def _utf8(content: bytes):
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _gb18030(content: bytes):
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _xlsx_table(content: bytes):
    """The rows of the workbook's first sheet, read as a stream (openpyxl's read-only mode)."""
    import openpyxl

    unreadable = ValidationError(
        _(
            "The XLSX file could not be opened. It may be damaged, or protected with a password: "
            "save it again in Excel or WPS and upload the new file"
        ),
        code="xlsx_unreadable",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise unreadable from None
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The XLSX file is too large once opened: split the list and upload each part"),
            code="xlsx_too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like: not the staff's
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file it cannot read
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise unreadable
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        except Exception:
            raise unreadable from None
    finally:
        workbook.close()


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _payment_rows(table) -> list[PaymentRow]:
    header = None
    rows, problems = [], []
    data_rows = 0
    for number, cells in table:
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                break
            header = _header_of(number, cells)
            if header is not None:
                header_number = number
            continue
        if all(_is_blank(cell) for cell in cells):
            continue
        first = next(str(cell) for cell in cells if not _is_blank(cell))
        if TOTAL_ROW.match(first):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise ValidationError(
                _(
                    "The list has more than %(max)s rows: split it into parts of %(max)s rows or "
                    "fewer and upload each part"
                )
                % {"max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        row, row_problems = _payment_row(number, cells, header)
        if row_problems:
            problems += row_problems
        else:
            rows.append(row)
    if header is None:
        raise ValidationError(
            _(
                "No row of column names was found in the first %(count)s rows: the list needs "
                "the columns %(columns)s"
            )
            % {"count": HEADER_SEARCH_ROWS, "columns": _column_names()},
            code="no_header",
        )
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(
                _("… and %(count)s more problems. Nothing was recorded.")
                % {"count": len(problems) - len(shown)}
            )
        raise ValidationError(shown, code="malformed_rows")
    if not rows:
        raise ValidationError(
            _("The list has no payments: row %(row)s names the columns, and no row follows it")
            % {"row": header_number},
            code="no_rows",
        )
    return rows


def _column_names() -> str:
    return ", ".join(f"{HEADERS[column][0]} ({ENGLISH_HEADERS[column]})" for column in Column)


class _Header(dict):
    """Column -> (index, the header as the file spells it)."""


def _header_of(number, cells):
    """The columns, if these cells are the row of column names; None otherwise. Refuses a row
    that names the ID number but lacks another column, or names one twice."""
    found = _Header()
    for index, cell in enumerate(cells):
        column = HEADER_COLUMN.get(_header_key(cell))
        if column is None:
            continue
        if column in found:
            raise ValidationError(
                _("Row %(row)s names the %(column)s column twice: “%(first)s” and “%(second)s”")
                % {
                    "row": number,
                    "column": Column(column).label.lower(),
                    "first": found[column][1],
                    "second": str(cell).strip(),
                },
                code="column_twice",
            )
        found[column] = (index, str(cell).strip())
    if Column.ID_NUMBER not in found:
        return None
    missing = [column for column in Column if column not in found]
    if missing:
        raise ValidationError(
            [
                _("The list has no “%(column)s” column: name it “%(chinese)s” or “%(english)s”")
                % {
                    "column": column.label,
                    "chinese": HEADERS[column][0],
                    "english": ENGLISH_HEADERS[column],
                }
                for column in missing
            ],
            code="missing_column",
        )
    return found


def _payment_row(number, cells, header):
    values, problems = {}, []
    for column, (index, heading) in header.items():
        cell = cells[index] if index < len(cells) else None
        try:
            values[column] = PARSERS[column](cell)
        except ValidationError as error:
            problems.append(
                _("Row %(row)s, column “%(column)s”: %(problem)s")
                % {"row": number, "column": heading, "problem": " ".join(error.messages)}
            )
    if problems:
        return None, problems
    return PaymentRow(number=number, **values), []


def _required(cell, message):
    if _is_blank(cell):
        raise ValidationError(message, code="required")
    return cell.strip() if isinstance(cell, str) else cell


def _parse_id_number(cell) -> str:
    cell = _required(cell, MISSING_ID_NUMBER)
    if isinstance(cell, float):
        raise ValidationError(
            _(
                "the ID number is stored as a number, which loses its last digits: format the "
                "column as text and export the list again"
            ),
            code="id_as_number",
        )
    return validators.clean_resident_id(str(cell))


def _parse_name(cell) -> str:
    name = str(_required(cell, MISSING_NAME))
    if len(name) > 50:
        raise ValidationError(_("the name must be 50 characters or fewer"), code="name_length")
    return name


def _parse_year(cell) -> int:
    cell = _required(cell, MISSING_YEAR)
    if isinstance(cell, datetime.date):
        year = cell.year
    elif isinstance(cell, int | float) and float(cell).is_integer():
        year = int(cell)
    else:
        match = YEAR_IN_TEXT.match(str(cell))
        year = int(match.group(1)) if match else None
    this_year = timezone.localdate().year
    if year is None or not 2000 <= year <= this_year + 1:
        raise ValidationError(
            _("“%(value)s” is not a year of cover: enter a year such as %(example)s")
            % {"value": str(cell)[:30], "example": this_year + 1},
            code="year",
        )
    return year


def _parse_amount(cell) -> Decimal:
    cell = _required(cell, MISSING_AMOUNT)
    text = str(cell) if isinstance(cell, int | float) else re.sub(r"[\s,¥￥元]", "", cell)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount >= 1_000_000:
        raise ValidationError(
            _("“%(value)s” is not an amount in yuan, such as 400.00") % {"value": str(cell)[:30]},
            code="amount",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("“%(value)s” has more than two decimal places") % {"value": str(cell)[:30]},
            code="amount_places",
        )
    return amount.quantize(Decimal("0.01"))


def _parse_paid_on(cell) -> datetime.date:
    cell = _required(cell, MISSING_PAID_ON)
    day = None
    if isinstance(cell, datetime.datetime):
        day = cell.date()
    elif isinstance(cell, datetime.date):
        day = cell
    elif isinstance(cell, str):
        text = cell.strip().split()[0].split("T")[0]
        for date_format in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(text, date_format).date()
                break
            except ValueError:
                continue
    if day is None:
        raise ValidationError(
            _("“%(value)s” is not a date: write it as 2026-11-20") % {"value": str(cell)[:30]},
            code="date",
        )
    validators.check_paid_on(day, timezone.localdate())
    return day


def _parse_ticket_number(cell) -> str:
    cell = _required(cell, MISSING_TICKET_NUMBER)
    if isinstance(cell, float):
        if not cell.is_integer() or cell >= 1e15:
            raise ValidationError(
                _(
                    "the ticket number is stored as a number, which loses its last digits: "
                    "format the column as text and export the list again"
                ),
                code="ticket_as_number",
            )
        cell = int(cell)
    ticket = str(cell).strip()
    if len(ticket) > 40:
        raise ValidationError(
            _("the ticket number must be 40 characters or fewer"), code="ticket_length"
        )
    return ticket


PARSERS = {
    Column.ID_NUMBER: _parse_id_number,
    Column.NAME: _parse_name,
    Column.YEAR: _parse_year,
    Column.AMOUNT: _parse_amount,
    Column.PAID_ON: _parse_paid_on,
    Column.TICKET_NUMBER: _parse_ticket_number,
}


# --- Matching the rows against the records ---------------------------------------------------


def _names_agree(in_list: str, on_record: str) -> bool:
    """The names agree, spaces aside; a "*" in the list (masked exports) stands for any one
    character."""
    in_list, on_record = re.sub(r"\s", "", in_list), re.sub(r"\s", "", on_record)
    if "*" not in in_list:
        return in_list == on_record
    pattern = "".join("." if char == "*" else re.escape(char) for char in in_list)
    return re.fullmatch(pattern, on_record) is not None


def check_rows(rows: list[PaymentRow], *, office_id: int | None, for_update=False) -> Check:
    """Match each row against the cover years of the children of `office_id` (None: every
    office's, for a supervisor). `for_update` locks the years, for confirming."""
    children = InsuredChild.objects.all()
    if office_id is not None:
        children = children.filter(office_id=office_id)
    ids = sorted({row.id_number for row in rows})
    years_in_list = sorted({row.year for row in rows})
    child_by_id, year_of = {}, {}
    for chunk in bulk_writes.chunks(ids):
        id_number_of = {}
        for pk, id_number, full_name in (
            children.filter(id_number__in=chunk).values_list("pk", "id_number", "full_name")
        ).order_by():
            id_number_of[pk] = id_number
            child_by_id[id_number] = full_name
        years = CoverYear.objects.filter(child_id__in=list(id_number_of), year__in=years_in_list)
        years = years.select_related("fee_schedule", "subsidy_category", "child").order_by()
        if for_update:
            years = years.select_for_update(of=("self",))
        for cover_year in years:
            year_of[(id_number_of[cover_year.child_id], cover_year.year)] = cover_year
    by_key = defaultdict(list)
    for row in rows:
        by_key[(row.id_number, row.year)].append(row)
    checked = []
    for row in rows:
        same = by_key[(row.id_number, row.year)]
        if len(same) > 1:
            others = formatting.listed(other.number for other in same if other is not row)
            if len({other.ticket_number for other in same}) > 1:
                checked.append(
                    CheckedRow(
                        row,
                        Outcome.DUPLICATE,
                        _(
                            "The list has this ID number and year also on row %(rows)s, with "
                            "another ticket: find out which payment stands before recording it"
                        )
                        % {"rows": others},
                    )
                )
                continue
            if row is not same[0]:
                checked.append(
                    CheckedRow(
                        row,
                        Outcome.DUPLICATE,
                        _("The same payment as row %(row)s") % {"row": same[0].number},
                    )
                )
                continue
        checked.append(_check_row(row, child_by_id, year_of, office_id))
    return Check(checked)


def _check_row(row, child_by_id, year_of, office_id) -> CheckedRow:
    if row.id_number not in child_by_id:
        reason = (
            _("No child with this ID number is registered at your office")
            if office_id is not None
            else _("No child with this ID number is registered at any office")
        )
        return CheckedRow(row, Outcome.UNMATCHED, reason)
    full_name = child_by_id[row.id_number]
    if not _names_agree(row.name, full_name):
        return CheckedRow(
            row,
            Outcome.NAME_DIFFERS,
            _("The list says %(in_list)s; the child's record says %(on_record)s")
            % {"in_list": row.name, "on_record": full_name},
        )
    cover_year = year_of.get((row.id_number, row.year))
    if cover_year is None:
        return CheckedRow(
            row,
            Outcome.UNMATCHED,
            _(
                "The child's record has no %(year)s: the year is added when the office verifies "
                "an application or the family renews"
            )
            % {"year": row.year},
        )
    if cover_year.status == CoverYear.Status.PAID and cover_year.ticket_number == row.ticket_number:
        return CheckedRow(
            row,
            Outcome.ALREADY_RECORDED,
            _("Recorded with this ticket on %(day)s")
            % {"day": timezone.localdate(cover_year.recorded_at).isoformat()}
            if cover_year.recorded_at
            else _("Recorded with this ticket"),
            cover_year,
        )
    if cover_year.status not in contributions.PAYABLE:
        reason = _("%(year)s is “%(status)s” on the child's record") % {
            "year": cover_year.year,
            "status": cover_year.get_status_display(),
        }
        if cover_year.ticket_number:
            reason += _(" (ticket %(ticket)s)") % {"ticket": cover_year.ticket_number}
        return CheckedRow(row, Outcome.NOT_DUE, reason, cover_year)
    if row.amount != cover_year.amount_due:
        return CheckedRow(
            row,
            Outcome.AMOUNT_DIFFERS,
            _("The list says ¥%(paid)s; ¥%(due)s is due for %(year)s")
            % {"paid": row.amount, "due": cover_year.amount_due, "year": cover_year.year},
            cover_year,
        )
    settled = contributions.as_if_paid(cover_year, paid_on=row.paid_on, amount=row.amount)
    if settled.paid_after_deadline:
        return CheckedRow(row, Outcome.MATCHED_LATE, settled.late_summary, cover_year)
    return CheckedRow(row, Outcome.MATCHED, "", cover_year)


# --- Storing, previewing and confirming ------------------------------------------------------


def import_office_id(user) -> int | None:
    """The office whose children an import by this user is matched against; None for all."""
    return access.office_scope(user).office_id


def payment_import_store(*, payment_list: PaymentList, by) -> tuple[PaymentImport, Check]:
    """Keep a checked list privately (a random name under MEDIA_ROOT, served to no one) with its
    counts, for the preview; nothing is recorded on any child's record yet."""
    if not access.office_scope(by).reaches_any:
        raise PermissionDenied
    office_id = import_office_id(by)
    check = check_rows(payment_list.rows, office_id=office_id)
    payment_import = PaymentImport(
        uploaded_by=by,
        office_id=office_id,
        original_name=payment_list.original_name or f"payments.{payment_list.kind}",
        file_kind=payment_list.kind,
        sha256=hashlib.sha256(payment_list.content).hexdigest(),
        row_count=len(payment_list.rows),
        counts=check.counts(),
    )
    payment_import.file.save("upload", ContentFile(payment_list.content), save=False)
    try:
        payment_import.save()
    except Exception:
        payment_import.file.storage.delete(payment_import.file.name)
        raise
    return payment_import, check


def stored_rows(payment_import: PaymentImport) -> list[PaymentRow]:
    if not payment_import.file:
        raise FileNotFoundError("The stored list was removed (PAYMENT_LIST_RETENTION_DAYS).")
    with payment_import.file.open("rb") as stored:
        content = stored.read()
    return read_rows(content, payment_import.file_kind)


def payment_import_preview(payment_import: PaymentImport) -> Check:
    """The stored list matched against the records as they are now."""
    return check_rows(stored_rows(payment_import), office_id=payment_import.office_id)


def earlier_imports_of_the_same_file(payment_import: PaymentImport):
    return PaymentImport.objects.filter(
        sha256=payment_import.sha256,
        office_id=payment_import.office_id,
        uploaded_at__lt=payment_import.uploaded_at,
        status=PaymentImport.Status.CONFIRMED,
    ).order_by("-uploaded_at")


@transaction.atomic
def payment_import_confirm(*, payment_import: PaymentImport, by) -> Check:
    """Record every matched payment of the list, in one transaction: the list is read and
    matched again under lock, so a year paid since the preview is not paid twice, and a list
    confirmed twice (two clicks, two tabs) records nothing the second time.

    Raises AlreadyConfirmed. Returns the check, whose matched rows are now recorded.
    """
    locked = PaymentImport.objects.select_for_update().get(pk=payment_import.pk)
    if locked.status == PaymentImport.Status.CONFIRMED:
        raise AlreadyConfirmed(locked)
    if not access.office_scope(by).reaches(locked.office_id):
        raise PermissionDenied
    check = check_rows(stored_rows(locked), office_id=locked.office_id, for_update=True)
    record_matched(check.matched(), by=by)
    locked.status = PaymentImport.Status.CONFIRMED
    locked.confirmed_at, locked.confirmed_by = timezone.now(), by
    locked.recorded_count = len(check.matched())
    locked.counts = check.counts()
    locked.save(
        update_fields=["status", "confirmed_at", "confirmed_by", "recorded_count", "counts"]
    )
    return check


def record_matched(matched: list[CheckedRow], *, by) -> None:
    """Write, in bulk, what services.cover_year_record_payment writes for each row: the year
    paid and its history row; the application moved to "fee paid" (history row and notice) when
    this was its last due year; otherwise the family's notice of the year, unless the year waits
    for the rest of its application. The notices go out through `manage.py send_notices` (cron,
    every few minutes), not one by one while staff wait."""
    if not matched:
        return
    now = timezone.now()
    years, from_statuses = [], []
    for checked in matched:
        year, row = checked.cover_year, checked.row
        from_statuses.append(year.status)
        contributions.settle_payment(
            year,
            ticket_number=row.ticket_number,
            amount=row.amount,
            paid_on=row.paid_on,
            channel=CHANNEL,
            by=by,
            at=now,
        )
        years.append(year)
    bulk_writes.update_each(CoverYear, years, contributions.PAID_FIELDS)
    changes = CoverYearChange.objects.bulk_create(
        [
            CoverYearChange(
                cover_year=year,
                from_status=from_status,
                to_status=CoverYear.Status.PAID,
                changed_by=by,
                changed_at=now,
                note=contributions.payment_note(year),
            )
            for year, from_status in zip(years, from_statuses, strict=True)
        ],
        batch_size=1000,
    )
    application_ids = {year.application_id for year in years if year.application_id}
    applications = {}
    for chunk in bulk_writes.chunks(application_ids):
        applications.update(
            (application.pk, application)
            for application in Application.objects.select_for_update()
            .filter(pk__in=chunk)
            .only("pk", "owner_id", "office_id", "status")
        )
    waiting = {
        pk
        for pk, application in applications.items()
        if application.status == Application.Status.VERIFIED
    }
    _move_paid_applications(matched, waiting, applications, by=by)
    told = [
        change
        for change, year in zip(changes, years, strict=True)
        if year.application_id not in waiting
    ]
    parents = _family_accounts([change.cover_year for change in told], applications)
    Notice.objects.bulk_create(
        [
            Notice(cover_year_change=change, parent_id=parents[change.cover_year.pk])
            for change in told
            if parents.get(change.cover_year.pk)
        ],
        batch_size=1000,
    )


def _move_paid_applications(matched, waiting: set[int], applications, *, by) -> None:
    """Applications whose last due year this list paid move to "fee paid", with the ticket and
    date of the row that paid it (the list's last for the application), as the service does."""
    still_due = set()
    for chunk in bulk_writes.chunks(waiting):
        still_due.update(
            CoverYear.objects.filter(application_id__in=chunk, status=CoverYear.Status.DUE)
            .values_list("application_id", flat=True)
            .distinct()
        )
    paying_row = {}
    for checked in matched:
        if checked.cover_year.application_id in waiting:
            paying_row[checked.cover_year.application_id] = checked.row
    moving = sorted(set(paying_row) - still_due)
    if not moving:
        return
    paid_sums = {}
    for chunk in bulk_writes.chunks(moving):
        paid_sums.update(
            CoverYear.objects.filter(application_id__in=chunk, status=CoverYear.Status.PAID)
            .values("application_id")
            .annotate(total=Sum("amount_paid"))
            .values_list("application_id", "total")
            .order_by()
        )
    services.move_applications(
        applications=[applications[pk] for pk in moving],
        move="record_payment",
        by=by,
        changes_for=lambda application: {
            "receipt_number": paying_row[application.pk].ticket_number,
            "amount_paid": paid_sums[application.pk],
            "paid_on": paying_row[application.pk].paid_on,
            "payment_channel": CHANNEL,
        },
    )


def _family_accounts(years: list[CoverYear], applications) -> dict[int, int]:
    """selectors.family_account for many years at once: cover year pk -> the account told."""
    parents = {}
    year_ids = [year.pk for year in years]
    for chunk in bulk_writes.chunks(year_ids):
        parents.update(
            Renewal.objects.filter(cover_year_id__in=chunk).values_list(
                "cover_year_id", "parent_id"
            )
        )
    need_latest = set()
    for year in years:
        if year.pk in parents:
            continue
        if year.application_id:
            parents[year.pk] = applications[year.application_id].owner_id
        else:
            need_latest.add(year.child_id)
    latest_owner = {}
    for chunk in bulk_writes.chunks(need_latest):
        for child_id, owner_id in (
            Application.objects.filter(insured_child_id__in=chunk)
            .exclude(submitted_at=None)
            .order_by("insured_child_id", "submitted_at", "pk")
            .values_list("insured_child_id", "owner_id")
        ):
            latest_owner[child_id] = owner_id  # the last in order is the latest
    for year in years:
        if year.pk not in parents and year.child_id in latest_owner:
            parents[year.pk] = latest_owner[year.child_id]
    return parents


def purge_stored_lists(*, uploaded_before: datetime.datetime) -> int:
    """Delete the stored files of lists uploaded before a date: they hold every payer's ID
    number. The import's row stays (who, when, the counts, what was recorded). Returns how many."""
    old = PaymentImport.objects.filter(uploaded_at__lt=uploaded_before).exclude(file="")
    purged = 0
    for payment_import in old:
        payment_import.file.delete(save=False)
        payment_import.save(update_fields=["file"])
        purged += 1
    return purged

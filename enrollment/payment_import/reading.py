"""Reading the file: CSV (UTF-8 or GB18030) or XLSX, each row checked; a malformed list is refused
whole, each problem named by row and column."""

import csv
import datetime
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import uploads, validators
from .columns import ENGLISH_HEADERS, HEADER_COLUMN, HEADERS, Column, header_key

# A district's list for one enrollment period; a longer one is split by the office (the
# benchmark checks and records 10,000 rows in a few seconds each, see `make bench`).
MAX_ROWS = 20_000
# An XLSX file is a zip: what it may unpack to, against files that expand without end.
XLSX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Rows above the header that a title or a note may take.
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS_SHOWN = 20


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
        column = HEADER_COLUMN.get(header_key(cell))
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

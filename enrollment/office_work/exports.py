"""The staff's exports of applications: a CSV that spreadsheet programs open with the Chinese
intact (UTF-8 with a byte-order mark) and the same rows as an Excel workbook (openpyxl)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import formatting
from . import work_queue

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value) -> str:
    """Cells starting with = + - @ would run as formulas in a spreadsheet: quote them."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def years_summary(cover_years) -> str:
    """A child's years as "2026 paid, 2027 due", for lists and exports; a year paid after its
    deadline says when its cover starts: "2027 paid (after the deadline: cover from
    2027-04-20)"."""
    return formatting.phrases(_year_summary(year) for year in cover_years) or "–"


def _year_summary(year) -> str:
    text = f"{year.year} {year.get_status_display().lower()}"
    if year.paid_after_deadline:
        text += _(" (after the deadline: cover from %(starts)s)") % {
            "starts": year.cover_starts.isoformat()
        }
    return text


def application_rows(applications):
    """The header, then one row per application (its office and child read with it, the
    child's years prefetched by the caller)."""
    yield [
        _("reference number"),
        _("child"),
        _("child's ID number"),
        _("community office"),
        _("category"),
        _("status"),
        _("submitted"),
        _("fee due (yuan)"),
        _("working days waiting"),
        _("years recorded"),
    ]
    for application in applications:
        child = application.insured_child
        waited = work_queue.working_days_waiting(application)
        yield [
            application.reference_number,
            application.child.full_name,
            formatting.masked_id_number(application.child.id_number),
            application.office.name,
            application.child.category.short_label,
            application.get_status_display(),
            timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
            application.fee_due,
            "" if waited is None else waited,
            years_summary(child.cover_years.all()) if child else "–",
        ]


def _display_width(value) -> int:
    """Characters a column needs: a Chinese character takes the room of two Latin ones."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in str(value or ""))


def _attachment(response, stem: str, extension: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{extension}"'
    return response


def csv_bytes(rows) -> bytes:
    """Rows as CSV in UTF-8 with a byte-order mark, which lets spreadsheet programs read the
    Chinese names as UTF-8; every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(spreadsheet_safe(value) for value in row)
    return ("\ufeff" + buffer.getvalue()).encode()


def csv_response(rows, *, stem: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, stem, "csv")


def xlsx_response(rows, *, stem: str, title: str) -> HttpResponse:
    """The rows as a workbook of one sheet, header in bold and frozen, columns sized to fit.
    Every cell is text (as in the CSV), so an ID number never turns into a rounded number."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet's name
    widths = {}
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
        for column, value in enumerate(row, start=1):
            widths[column] = max(widths.get(column, 0), _display_width(value) + 2)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width, 60)
    content = io.BytesIO()
    workbook.save(content)
    return _attachment(HttpResponse(content.getvalue(), content_type=XLSX_TYPE), stem, "xlsx")

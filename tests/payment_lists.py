"""Payment lists as the tax authority sends them, for the tests of the import: CSV or XLSX with
the Chinese or English column names, and a list stored for a preview as a clerk's upload."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from enrollment import payment_import

ENGLISH = ["ID number", "Name", "Year", "Amount", "Date paid", "Ticket number"]
CHINESE = ["证件号码", "姓名", "缴费年度", "实缴金额", "缴费日期", "电子税票号码"]


def payment_csv(rows, header=ENGLISH, encoding="utf-8", before=()):
    lines = [*before, ",".join(header), *(",".join(str(cell) for cell in row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def payment_xlsx(rows, header=CHINESE, before=(), after=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [*before, header, *rows, *after]:
        sheet.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="payments.csv"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def store(content, by, name="payments.csv"):
    payment_list = payment_import.read_upload(upload(content, name))
    return payment_import.payment_import_store(payment_list=payment_list, by=by)

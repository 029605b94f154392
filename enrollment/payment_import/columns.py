"""The columns of the tax authority's list and the headers each goes by, in Chinese and English."""

import re

from django.db import models
from django.utils.translation import gettext_lazy


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


def header_key(text) -> str:
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
HEADER_COLUMN = {header_key(name): column for column, names in HEADERS.items() for name in names}

# Dates as public services write them in English: "25 November 2026". Simplified Chinese keeps
# Django's own formats ("2026年11月25日").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "Y-m-d"

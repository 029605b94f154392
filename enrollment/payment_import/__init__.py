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

from .columns import ENGLISH_HEADERS, HEADERS, Column  # noqa: F401
from .matching import RECORDED, SETTLED, Check, CheckedRow, Outcome, check_rows  # noqa: F401
from .reading import MAX_ROWS, PaymentList, PaymentRow, read_rows, read_upload  # noqa: F401
from .recording import (  # noqa: F401
    CHANNEL,
    AlreadyConfirmed,
    earlier_imports_of_the_same_file,
    import_office_id,
    payment_import_confirm,
    payment_import_preview,
    payment_import_store,
    purge_stored_lists,
    record_matched,
)

"""Matching the rows against the records of the children the member of staff may review: each
row's outcome. The database is read a few times for the whole list, never once per row; a
child of another office is "not found", worded exactly as a child nobody registered."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import bulk_writes, formatting
from ..children import contributions
from ..models import (
    CoverYear,
    InsuredChild,
)
from .reading import PaymentRow


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

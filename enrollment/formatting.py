"""How the portal writes numbers for people to read."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# A newborn who applied with the birth medical certificate number, before staff add the ID.
NO_ID_NUMBER_YET = _("not added yet")


def masked_id_number(id_number: str) -> str:
    """First 6 and last 4 characters, for places where the full number is not needed."""
    if not id_number:
        return NO_ID_NUMBER_YET
    return f"{id_number[:6]}{'*' * 8}{id_number[-4:]}"


def plain_number(value) -> str:
    """80.00 as "80", 12.50 as "12.5": how people write a percentage."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def listed(items) -> str:
    """Items as a list in the interface's language: "2026, 2027" in English, "2026、2027" in
    Chinese, whose enumeration comma (顿号) separates the items of a list."""
    separator = "、" if _chinese() else ", "
    return separator.join(str(item) for item in items)


def phrases(items) -> str:
    """Short phrases one after the other: "2026 paid, 2027 due" in English, "2026 已缴费，2027
    待缴费" in Chinese, whose full-width comma separates phrases (a list of words takes 、)."""
    separator = "，" if _chinese() else ", "
    return separator.join(str(item) for item in items)


def _chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")

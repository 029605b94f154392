"""Template tags of the sentences about a year's cover: {% cover_if_paid_today year as
settlement %}, when a due or lapsed year's cover would start if the family paid today; and
{% gap %} and {% colon %}, what goes between two sentences and after a label in the page's
language; and |years_summary, a child's years in a line."""

from django import template
from django.utils import timezone, translation

from enrollment.children import cover_years
from enrollment.office_work import exports

register = template.Library()


@register.simple_tag
def cover_if_paid_today(year) -> cover_years.Settlement:
    """The year settled as if paid today (cover_years.settle; nothing is saved). The year's
    child, schedule and subsidy group are read with it."""
    return cover_years.settle(year, timezone.localdate())


@register.simple_tag
def gap() -> str:
    """What separates two sentences: a space in English, nothing in Chinese, whose full stop
    (。) takes the room of one."""
    return "" if _chinese() else " "


@register.simple_tag
def colon() -> str:
    """Between a label and what follows it: ": " in English, a full-width "：" in Chinese."""
    return "：" if _chinese() else ": "


@register.filter
def years_summary(cover_years) -> str:
    """A child's years as "2026 paid, 2027 due" (exports.years_summary)."""
    return exports.years_summary(cover_years)


def _chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")

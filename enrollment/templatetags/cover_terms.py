"""Template tags of the sentences about a year's cover: {% cover_if_paid_today year as
settlement %}, when a due or lapsed year's cover would start if the family paid today; and
{% gap %}, what goes between two sentences in the page's language."""

from django import template
from django.utils import timezone, translation

from enrollment import cover_years

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
    return "" if (translation.get_language() or "").startswith("zh") else " "

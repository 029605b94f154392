"""{% cover_if_paid_today year as settlement %}: when a due or lapsed year's cover would start
if the family paid today, for pages that tell a family its deadline has passed."""

from django import template
from django.utils import timezone

from enrollment import cover_years

register = template.Library()


@register.simple_tag
def cover_if_paid_today(year) -> cover_years.Settlement:
    """The year settled as if paid today (cover_years.settle; nothing is saved). The year's
    child, schedule and subsidy group are read with it."""
    return cover_years.settle(year, timezone.localdate())

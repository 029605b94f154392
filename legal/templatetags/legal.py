from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from legal.cache import held_articles
from legal.models import chinese_first

register = template.Library()


@register.simple_tag
def cite_article(law_slug, number, text=""):
    """A link to an article we hold, or the same words as plain text when we do not hold it."""
    held = held_articles().get((law_slug, int(number)))
    if held is None:
        return text or _("Article %(number)s") % {"number": number}
    url, short_name_zh, short_name_en = held
    label = text or _("%(law)s, Article %(number)s") % {
        "law": short_name_zh if chinese_first(get_language()) else short_name_en,
        "number": number,
    }
    return format_html('<a href="{}">{}</a>', url, label)

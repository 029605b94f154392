from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from legal.models import Article

register = template.Library()


@register.simple_tag
def cite_article(law_slug, number, text=""):
    """A link to an article we hold, or the same words as plain text when we do not hold it."""
    article = (
        Article.objects.filter(law__slug=law_slug, number=number).select_related("law").first()
    )
    if article is None:
        return text or _("Article %(number)s") % {"number": number}
    label = text or _("%(law)s, Article %(number)s") % {
        "law": article.law.short_name(),
        "number": number,
    }
    return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

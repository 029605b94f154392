"""The articles held, cached: every wizard page cites one, and they change only when a supervisor
edits them (which clears the cache) or the loader runs."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Article, Law

KEY = "legal:held-articles"
SECONDS = 300


def held_articles() -> dict:
    """{(law slug, number): (address, short name in Chinese, short name in English)}"""
    held = cache.get(KEY)
    if held is None:
        held = {
            (article.law.slug, article.number): (
                article.get_absolute_url(),
                article.law.short_name_zh,
                article.law.short_name_en,
            )
            for article in Article.objects.select_related("law")
        }
        cache.set(KEY, held, SECONDS)
    return held


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Law)
def forget_held_articles(**kwargs):
    cache.delete(KEY)

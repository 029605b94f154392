"""The law's source line, shown on the law and article pages, in Chinese and English
(django-modeltranslation: source_zh_hans and source_en). Titles and article sources are already
kept as pairs of fields (title_zh / title_en, source_zh / source_en)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Law


@register(Law)
class LawTranslation(TranslationOptions):
    fields = ("source",)

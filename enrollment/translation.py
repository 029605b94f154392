"""The office, fee and subsidy texts parents read, kept in Chinese and English
(django-modeltranslation: name_zh_hans and name_en, and so on). Pages show the interface's
language; an empty English text falls back to the Chinese one."""

from modeltranslation.translator import TranslationOptions, register

from .models import CommunityOffice, FeeSchedule, SubsidyCategory


@register(CommunityOffice)
class CommunityOfficeTranslation(TranslationOptions):
    fields = ("name", "address", "opening_hours")
    required_languages = ("zh-hans",)


@register(FeeSchedule)
class FeeScheduleTranslation(TranslationOptions):
    fields = ("region_name", "payment_methods", "source", "continuity_source")


@register(SubsidyCategory)
class SubsidyCategoryTranslation(TranslationOptions):
    fields = ("name", "proof_required", "source")

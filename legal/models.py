"""Laws, their chapters and the articles the portal relies on, in Chinese and English."""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def chinese_first(language_code: str | None) -> bool:
    return (language_code or "").lower().startswith("zh")


class Law(models.Model):
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Part of the address; never change it.")
    )
    title_zh = models.CharField(_("title in Chinese"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    short_name_zh = models.CharField(_("short name in Chinese"), max_length=100)
    short_name_en = models.CharField(_("short name in English"), max_length=100)
    adopted = models.DateField(_("adopted"))
    effective = models.DateField(_("in force from"))
    amended = models.DateField(_("last amended"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["title_en"]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("legal:law", args=[self.slug])

    def title(self, language=None):
        return self.title_zh if chinese_first(language or get_language()) else self.title_en

    def short_name(self, language=None):
        return (
            self.short_name_zh if chinese_first(language or get_language()) else self.short_name_en
        )


class Chapter(models.Model):
    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("law")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_zh = models.CharField(_("title in Chinese"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    first_article = models.PositiveSmallIntegerField(_("first article"))
    last_article = models.PositiveSmallIntegerField(_("last article"))

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["law", "number"]
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="one_chapter_per_number"),
            models.CheckConstraint(
                condition=models.Q(last_article__gte=models.F("first_article")),
                name="chapter_articles_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.law.short_name_en} – {self.number}. {self.title_en}"

    def title(self, language=None):
        return self.title_zh if chinese_first(language or get_language()) else self.title_en


class Article(models.Model):
    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="articles", verbose_name=_("law")
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.PROTECT, related_name="articles", verbose_name=_("chapter")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text_zh = models.TextField(_("text in Chinese"), help_text=_("One paragraph per line."))
    text_en = models.TextField(
        _("text in English"),
        blank=True,
        help_text=_("One paragraph per line. Leave empty when no reliable translation is held."),
    )
    source_zh = models.CharField(_("source of the Chinese text"), max_length=300)
    source_en = models.CharField(_("source of the English text"), max_length=300, blank=True)
    loaded_hash = models.CharField(
        _("fingerprint of the text as last loaded"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Lets the loader tell a supervisor's edit from its own text."),
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["law", "number"]
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="one_article_per_number")
        ]

    def __str__(self):
        return f"{self.law.short_name_en}, Article {self.number}"

    def get_absolute_url(self):
        """A stable address: /legal/<law slug>/article-<number>/, never renumbered."""
        return reverse("legal:article", args=[self.law.slug, self.number])

    def paragraphs(self, language):
        text = self.text_zh if language == "zh" or not self.text_en else self.text_en
        return [line.strip() for line in text.splitlines() if line.strip()]

    def content_hash(self) -> str:
        content = "\x1f".join(
            [str(self.chapter_id), self.text_zh, self.text_en, self.source_zh, self.source_en]
        )
        return hashlib.sha256(content.encode()).hexdigest()

"""Load law texts from the JSON files in legal/data into the database.

One transaction for all files: a malformed file changes nothing, and the error names the file and
the field. Loading again updates in place and never duplicates. An article a supervisor edited in
the admin since the last load is kept as edited (its fingerprint no longer matches), unless the
load is forced.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Article, Chapter, Law

DATA_DIR = Path(__file__).resolve().parent / "data"


class LegalDataError(Exception):
    """A data file that cannot be loaded; the message names the file and the field."""


@dataclass
class LoadReport:
    laws: int = 0
    chapters: int = 0
    articles_created: int = 0
    articles_updated: int = 0
    articles_kept: list[str] = field(default_factory=list)


def load_files(paths=None, *, force=False) -> LoadReport:
    paths = sorted(Path(p) for p in paths) if paths else sorted(DATA_DIR.glob("*.json"))
    if not paths:
        raise LegalDataError(f"No law files found in {DATA_DIR}")
    documents = [(path, _read(path)) for path in paths]
    report = LoadReport()
    with transaction.atomic():
        for path, document in documents:
            _load_law(_Checked(path, document), report, force=force)
    return report


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LegalDataError(f"{path}: file not found") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise LegalDataError(f"{path}: not valid JSON ({error})") from error


class _Checked:
    """Reads fields from one file, raising LegalDataError that names the file and the field."""

    def __init__(self, path, document, where=""):
        self.path, self.document, self.where = path, document, where
        if not isinstance(document, dict):
            self.fail("", "expected an object")

    def fail(self, name, problem):
        location = f"{self.where}.{name}" if self.where and name else (self.where or name)
        raise LegalDataError(f"{self.path}: {location or 'top level'}: {problem}")

    def text(self, name, *, required=True):
        value = self.document.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(name, "expected non-empty text" if required else "expected text")
        return value.strip()

    def number(self, name):
        value = self.document.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.fail(name, "expected a whole number of 1 or more")
        return value

    def date(self, name, *, required=True):
        value = self.document.get(name)
        if value is None and not required:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(name, "expected a date like 2010-10-28")

    def paragraphs(self, name, *, required=True):
        value = self.document.get(name, [])
        if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
            self.fail(name, "expected a list of paragraphs (non-empty texts)")
        if required and not value:
            self.fail(name, "expected at least one paragraph")
        return "\n".join(p.strip() for p in value)

    def items(self, name):
        value = self.document.get(name)
        if not isinstance(value, list) or not value:
            self.fail(name, "expected a non-empty list")
        prefix = f"{self.where}.{name}" if self.where else name
        return [_Checked(self.path, item, f"{prefix}[{index}]") for index, item in enumerate(value)]


def _load_law(data: _Checked, report: LoadReport, *, force: bool):
    law, _ = Law.objects.update_or_create(
        slug=data.text("slug"),
        defaults={
            "title_zh": data.text("title_zh"),
            "title_en": data.text("title_en"),
            "short_name_zh": data.text("short_name_zh"),
            "short_name_en": data.text("short_name_en"),
            "adopted": data.date("adopted"),
            "effective": data.date("effective"),
            "amended": data.date("amended", required=False),
            # The source line in each language (modeltranslation's source_zh_hans / source_en).
            "source_zh_hans": data.text("source_zh"),
            "source_en": data.text("source_en"),
            "source_url": data.text("source_url", required=False),
        },
    )
    report.laws += 1
    chapters = {}
    for item in data.items("chapters"):
        first, last = item.number("first_article"), item.number("last_article")
        if last < first:
            item.fail("last_article", "must not come before first_article")
        chapter, _ = Chapter.objects.update_or_create(
            law=law,
            number=item.number("number"),
            defaults={
                "title_zh": item.text("title_zh"),
                "title_en": item.text("title_en"),
                "first_article": first,
                "last_article": last,
            },
        )
        chapters[chapter.number] = chapter
        report.chapters += 1
    for item in data.items("articles"):
        _load_article(law, chapters, item, report, force=force)


def _load_article(law, chapters, item: _Checked, report: LoadReport, *, force: bool):
    number = item.number("number")
    chapter = chapters.get(item.number("chapter"))
    if chapter is None:
        item.fail("chapter", "names a chapter not listed in chapters")
    if not chapter.first_article <= number <= chapter.last_article:
        item.fail("number", f"is not within chapter {chapter.number}")
    text_en = item.paragraphs("text_en", required=False)
    values = {
        "chapter": chapter,
        "text_zh": item.paragraphs("text_zh"),
        "text_en": text_en,
        "source_zh": item.text("source_zh"),
        "source_en": item.text("source_en", required=bool(text_en)),
    }
    article = Article.objects.filter(law=law, number=number).first()
    if (
        article
        and not force
        and article.loaded_hash
        and article.content_hash() != article.loaded_hash
    ):
        report.articles_kept.append(str(article))
        return
    created = article is None
    article = article or Article(law=law, number=number)
    for name, value in values.items():
        setattr(article, name, value)
    article.loaded_hash = article.content_hash()
    article.save()
    if created:
        report.articles_created += 1
    else:
        report.articles_updated += 1

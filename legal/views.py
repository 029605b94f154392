"""The legal reference pages: the laws we hold, each article, and a search across the texts."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from .citations import link_article_mentions, places_citing
from .models import Article, Chapter, Law, chinese_first

SEARCH_MAX_LENGTH = 100


def _text_language(request, *, english_available=True):
    """The language of a law text: ?text=zh|en, else the interface language."""
    asked = request.GET.get("text")
    language = asked if asked in ("zh", "en") else ("zh" if chinese_first(get_language()) else "en")
    return "zh" if language == "en" and not english_available else language


def _laws_with_chapters():
    held = Article.objects.only("id", "number", "law_id", "chapter_id")
    return Law.objects.prefetch_related(
        Prefetch(
            "chapters",
            queryset=Chapter.objects.prefetch_related(Prefetch("articles", queryset=held)),
        )
    )


def index(request):
    return render(request, "legal/index.html", {"laws": _laws_with_chapters()})


def law_detail(request, law_slug):
    law = get_object_or_404(_laws_with_chapters(), slug=law_slug)
    return render(request, "legal/law_detail.html", {"law": law})


def article_detail(request, law_slug, number):
    article = get_object_or_404(
        Article.objects.select_related("law", "chapter"), law__slug=law_slug, number=number
    )
    language = _text_language(request, english_available=bool(article.text_en))
    held = set(Article.objects.filter(law=article.law).values_list("number", flat=True))
    paragraphs = [
        link_article_mentions(paragraph, law_slug, held, current=number)
        for paragraph in article.paragraphs(language)
    ]
    neighbours = Article.objects.filter(law=article.law).only("number", "law_id")
    return render(
        request,
        "legal/article_detail.html",
        {
            "law": article.law,
            "article": article,
            "language": language,
            "english_missing": not article.text_en,
            "paragraphs": paragraphs,
            "cited_by": places_citing(law_slug, number),
            "previous_article": neighbours.filter(number__lt=number).order_by("-number").first(),
            "next_article": neighbours.filter(number__gt=number).order_by("number").first(),
        },
    )


def search(request):
    typed = "".join(
        char for char in request.GET.get("q", "") if char.isprintable() or char.isspace()
    )
    query = " ".join(typed.split())[:SEARCH_MAX_LENGTH]
    results = []
    if query:
        matches = Q(text_zh__icontains=query) | Q(text_en__icontains=query)
        # An article number: decimal digits only ("¹" is a digit to isdigit but not to int),
        # and short enough for the database's integer column.
        if query.isdecimal() and len(query) <= 4:
            matches |= Q(number=int(query))
        results = (
            Article.objects.filter(matches)
            .select_related("law", "chapter")
            .order_by("law", "number")
        )
    return render(request, "legal/search.html", {"query": query, "results": results})

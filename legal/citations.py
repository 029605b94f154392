"""Which pages of the portal rely on which article, and links from article numbers in a text.

Apps that cite articles register the places at start-up (see enrollment.apps); the article page
lists them under "Cited by". A test renders each registered place and checks that it links to
the article, so the list cannot drift from the pages.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class CitingPlace:
    law: str  # the law's slug
    article: int
    where: str  # an identifier of the page, e.g. "start" or "step:fee"
    label: str  # what the place is, for the "Cited by" list
    url_name: str = ""  # a URL name without arguments, when the place has a public address

    @property
    def url(self):
        return reverse(self.url_name) if self.url_name else ""


_places: list[CitingPlace] = []


def register(*places: CitingPlace) -> None:
    for place in places:
        if place not in _places:
            _places.append(place)


def places_citing(law_slug: str, number: int) -> list[CitingPlace]:
    return [p for p in _places if p.law == law_slug and p.article == number]


def all_places() -> list[CitingPlace]:
    return list(_places)


CHINESE_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100}


def chinese_numeral(text: str) -> int:
    """第六十三条 -> 63: the numerals used for article numbers (up to the hundreds)."""
    total, digit = 0, 0
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in CHINESE_UNITS:
            total += (digit or 1) * CHINESE_UNITS[char]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + digit


MENTION = re.compile(
    r"(?P<zh>(?:本法)?第(?P<zh_number>[零一二两三四五六七八九十百]+)条)"
    r"|(?P<en>\bArticles? (?P<en_number>\d{1,3})\b)"
)


def link_article_mentions(
    text: str, law_slug: str, held_numbers: set[int], *, current: int | None = None
):
    """The text, escaped, with "Article N" and "第N条" linked to the article's page when held."""
    parts, position = [], 0
    for match in MENTION.finditer(text):
        number = (
            chinese_numeral(match.group("zh_number"))
            if match.group("zh")
            else int(match.group("en_number"))
        )
        parts.append(escape(text[position : match.start()]))
        if number in held_numbers and number != current:
            url = reverse("legal:article", args=[law_slug, number])
            parts.append(format_html('<a href="{}">{}</a>', url, match.group(0)))
        else:
            parts.append(escape(match.group(0)))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))

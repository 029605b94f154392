"""The work queue shows every column at 1280 px without sideways scrolling, in both languages,
for office staff and for supervisors (who have the office column too)."""

import pytest
from django.urls import reverse

from tools import site_map

from .helpers import browser_as

FITS = """() => {
    const results = document.querySelector('#changelist .results');
    return [results.scrollWidth, results.clientWidth, document.documentElement.scrollWidth];
}"""


@pytest.fixture
def site(transactional_db):
    return site_map.make_site_data()


@pytest.mark.parametrize("who", ["staff", "supervisor"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_column_of_the_queue_is_visible_at_1280_px(
    chromium, live_server, site, who, language
):
    page = browser_as(chromium, live_server, site, who, language)
    page.set_viewport_size({"width": 1280, "height": 900})
    for choice in ("office", "all"):
        page.goto(reverse("admin:enrollment_application_changelist") + f"?queue={choice}")
        table_width, visible_width, page_width = page.evaluate(FITS)
        assert table_width <= visible_width, (choice, table_width, visible_width)
        assert page_width <= 1280

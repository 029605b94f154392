"""axe-core finds no violation on the legal reference pages, in either language of the text."""

import pytest
from playwright.sync_api import expect

from legal import loader

from .helpers import assert_accessible

PAGES = [
    "/legal/",
    "/legal/social-insurance-law/",
    "/legal/social-insurance-law/article-4/",
    "/legal/social-insurance-law/article-4/?text=zh",
    "/legal/social-insurance-law/article-25/",
    "/legal/search/?q=%E5%8C%BB%E7%96%97",
    "/legal/search/?q=nothing",
    "/legal/social-insurance-law/article-99/",
]


@pytest.fixture
def legal_texts(transactional_db):
    loader.load_files()


def test_the_legal_pages_are_accessible(page, legal_texts):
    for url in PAGES:
        page.goto(url)
        assert_accessible(page)


def test_a_reader_follows_the_start_page_to_the_article_and_back(page, legal_texts):
    page.goto("/apply/")
    page.get_by_role("link", name="Social Insurance Law, Article 4").click()
    expect(page.locator("h1")).to_have_text("Article 4", use_inner_text=True)
    page.get_by_role("link", name="阅读中文原文").click()
    expect(page.locator(".article-text")).to_contain_text(
        "中华人民共和国境内的用人单位和个人", use_inner_text=True
    )
    page.get_by_role("link", name="How to apply: the right to the agencies' services").click()
    expect(page.locator("h1")).to_have_text(
        "Enroll your child in residents' medical insurance", use_inner_text=True
    )

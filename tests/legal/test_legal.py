import json

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse

from legal import citations, loader
from legal.models import Article, Chapter, Law
from tools import factories
from tools.factories import make_application

from ..pages import assert_redirects_to, sign_in_url, soup, text

LAW = "social-insurance-law"
DATA_FILE = loader.DATA_DIR / "social_insurance_law.json"


@pytest.fixture
def legal_texts(db):
    loader.load_files()


def law_document(**overrides):
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    document.update(overrides)
    return document


def write(tmp_path, name, document):
    path = tmp_path / name
    path.write_text(
        document if isinstance(document, str) else json.dumps(document, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


# --- Loader -------------------------------------------------------------------------------


def test_the_first_load_brings_the_law_its_chapters_and_articles(db):
    report = loader.load_files()
    law = Law.objects.get(slug=LAW)
    assert law.title_zh == "中华人民共和国社会保险法"
    assert (
        str(law.adopted) == "2010-10-28"
        and str(law.amended) == "2018-12-29"
        and str(law.effective) == "2011-07-01"
    )
    assert law.chapters.count() == 12
    assert report.articles_created == Article.objects.count() >= 2
    article_4 = Article.objects.get(law=law, number=4)
    assert article_4.text_zh.startswith("中华人民共和国境内的用人单位和个人依法缴纳社会保险费")
    assert article_4.text_en.startswith("Employers and individuals within the territory")
    assert len(article_4.paragraphs("en")) == 2
    assert "flk.npc.gov.cn" in article_4.source_zh and "process document" in article_4.source_en
    article_7 = Article.objects.get(law=law, number=7)
    assert "county level" in article_7.text_en
    assert article_7.chapter.number == 1


def test_loading_again_updates_and_never_duplicates(db):
    loader.load_files()
    counts = (Law.objects.count(), Chapter.objects.count(), Article.objects.count())
    report = loader.load_files()
    assert (Law.objects.count(), Chapter.objects.count(), Article.objects.count()) == counts
    assert report.articles_created == 0 and report.articles_updated == counts[2]


def test_a_changed_file_updates_the_texts(db, tmp_path):
    loader.load_files()
    document = law_document(title_en="Social Insurance Law (revised title)")
    document["articles"][0]["text_en"] = ["A new first paragraph.", "A second one."]
    loader.load_files([write(tmp_path, "law.json", document)])
    assert Law.objects.get().title_en == "Social Insurance Law (revised title)"
    assert Article.objects.get(number=4).text_en == "A new first paragraph.\nA second one."


def test_an_article_a_supervisor_edited_is_kept_unless_forced(db, capsys):
    loader.load_files()
    edited = Article.objects.get(number=7)
    edited.text_en = "Edited by a supervisor."
    edited.save()
    call_command("load_legal_texts")
    assert "Kept as edited in the admin: Social Insurance Law, Article 7" in capsys.readouterr().out
    assert Article.objects.get(number=7).text_en == "Edited by a supervisor."
    call_command("load_legal_texts", "--force")
    assert Article.objects.get(number=7).text_en.startswith(
        "The social insurance administrative department"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title_zh"), "title_zh: expected non-empty text"),
        (lambda d: d.update(adopted="28/10/2010"), "adopted: expected a date like 2010-10-28"),
        (lambda d: d.update(chapters=[]), "chapters: expected a non-empty list"),
        (
            lambda d: d["chapters"][2].update(number="three"),
            "chapters[2].number: expected a whole number",
        ),
        (lambda d: d["chapters"][0].update(last_article=0), "chapters[0].last_article"),
        (
            lambda d: d["articles"][1].update(number=40),
            "articles[1].number: is not within chapter 1",
        ),
        (
            lambda d: d["articles"][0].update(chapter=13),
            "articles[0].chapter: names a chapter not listed",
        ),
        (
            lambda d: d["articles"][0].update(text_zh=[]),
            "articles[0].text_zh: expected at least one paragraph",
        ),
        (
            lambda d: d["articles"][0].update(text_zh="one string"),
            "articles[0].text_zh: expected a list of paragraphs",
        ),
        (
            lambda d: d["articles"][0].update(source_en=""),
            "articles[0].source_en: expected non-empty text",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_field(db, tmp_path, change, message):
    document = law_document()
    change(document)
    path = write(tmp_path, "broken.json", document)
    with pytest.raises(CommandError) as error:
        call_command("load_legal_texts", str(path))
    assert str(path) in str(error.value) and message in str(error.value)
    assert "Nothing was loaded" in str(error.value)


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    path = write(tmp_path, "broken.json", '{"slug": "x",')
    with pytest.raises(loader.LegalDataError, match="broken.json: not valid JSON"):
        loader.load_files([path])


def test_nothing_is_half_loaded_when_one_file_of_several_is_malformed(db, tmp_path):
    good = write(tmp_path, "a-good.json", law_document())
    bad_document = law_document(slug="another-law")
    bad_document["articles"][1]["number"] = 99
    bad = write(tmp_path, "b-bad.json", bad_document)
    with pytest.raises(loader.LegalDataError, match="b-bad.json"):
        loader.load_files([good, bad])
    assert not Law.objects.exists() and not Article.objects.exists()


def test_a_failed_reload_leaves_the_earlier_texts_intact(db, tmp_path):
    loader.load_files()
    before = list(Article.objects.values_list("number", "text_zh", "text_en"))
    document = law_document(title_en="Changed")
    document["articles"][-1]["number"] = "eighty-eight"
    with pytest.raises(loader.LegalDataError):
        loader.load_files([write(tmp_path, "law.json", document)])
    assert Law.objects.get().title_en == "Social Insurance Law of the People's Republic of China"
    assert list(Article.objects.values_list("number", "text_zh", "text_en")) == before


# --- Pages --------------------------------------------------------------------------------


def test_the_index_lists_the_law_its_chapters_and_the_articles_held(client, legal_texts):
    response = client.get(reverse("legal:index"))
    content = text(response)
    assert "Social Insurance Law of the People's Republic of China" in content
    assert "Chapter 3: Basic Medical Insurance (Articles 23 to 32)" in content
    links = [a["href"] for a in soup(response).select("main a")]
    assert reverse("legal:article", args=[LAW, 4]) in links
    assert reverse("legal:article", args=[LAW, 7]) in links


def test_the_law_page_shows_its_dates_and_source(client, legal_texts):
    content = text(client.get(reverse("legal:law", args=[LAW])))
    assert (
        "28 October 2010" in content and "29 December 2018" in content and "1 July 2011" in content
    )
    assert "National Database of Laws and Regulations" in content


def test_an_article_page_has_a_stable_address_paragraph_anchors_and_breadcrumbs(
    client, legal_texts
):
    url = reverse("legal:article", args=[LAW, 4])
    assert url == "/legal/social-insurance-law/article-4/"
    page = soup(client.get(url))
    assert page.h1.get_text(strip=True) == "Article 4"
    assert page.find(id="paragraph-1") and page.find(id="paragraph-2")
    assert "Employers and individuals" in page.find(id="paragraph-1").get_text()
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumb li")]
    assert crumbs == ["Home", "Legal reference", "Social Insurance Law", "Article 4"]


def test_the_other_language_is_one_click_away(client, legal_texts):
    url = reverse("legal:article", args=[LAW, 4])
    english = soup(client.get(url))
    switch = english.find("a", string="阅读中文原文")
    assert switch["href"] == "?text=zh"
    chinese = soup(client.get(url + switch["href"]))
    assert chinese.select_one(".article-text")["lang"] == "zh-Hans"
    assert (
        chinese.find(id="paragraph-1")
        .get_text()
        .endswith("要求社会保险经办机构提供社会保险咨询等相关服务。")
    )
    assert chinese.find("a", string="Read in English")["href"] == "?text=en"


def test_an_article_without_english_shows_the_chinese_and_says_so(client, legal_texts):
    Article.objects.filter(number=25).update(text_en="", source_en="")
    page = soup(client.get(reverse("legal:article", args=[LAW, 25])))
    assert page.select_one(".article-text")["lang"] == "zh-Hans"
    assert "No English text of this article is held here" in page.get_text()


def test_article_mentions_link_to_articles_held_and_stay_plain_otherwise(client, legal_texts):
    article = Article.objects.get(number=8)
    article.text_zh = "依照本法第四条和第七条的规定，参照第六十三条。"
    article.text_en = "As Article 4 says, and Article 63 too."
    article.save()
    url = reverse("legal:article", args=[LAW, 8])
    english = soup(client.get(url + "?text=en")).select_one(".article-text")
    assert english.find("a", string="Article 4")["href"] == reverse("legal:article", args=[LAW, 4])
    assert english.find("a", string="Article 63") is None and "Article 63" in english.get_text()
    chinese = soup(client.get(url + "?text=zh")).select_one(".article-text")
    assert chinese.find("a", string="本法第四条")["href"] == reverse("legal:article", args=[LAW, 4])
    assert chinese.find("a", string="第七条")["href"] == reverse("legal:article", args=[LAW, 7])
    assert chinese.find("a", string="第六十三条") is None


@pytest.mark.parametrize(
    ("numeral", "number"),
    [
        ("四", 4),
        ("十", 10),
        ("十二", 12),
        ("二十五", 25),
        ("六十三", 63),
        ("九十八", 98),
        ("一百零五", 105),
    ],
)
def test_chinese_article_numbers_are_read(numeral, number):
    assert citations.chinese_numeral(numeral) == number


def test_mentions_in_a_text_are_escaped(db):
    html = citations.link_article_mentions("<script>alert(1)</script> Article 4", LAW, {4})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="/legal/social-insurance-law/article-4/"' in html


def test_each_article_page_lists_the_places_that_cite_it(client, legal_texts):
    page = soup(client.get(reverse("legal:article", args=[LAW, 4])))
    cited = page.find("h2", string="Cited by").find_next("ul")
    assert cited.find("a", href=reverse("enrollment:start"))


@pytest.mark.parametrize(
    "url",
    [
        "/legal/unknown-law/",
        "/legal/unknown-law/article-4/",
        "/legal/social-insurance-law/article-99/",
        "/legal/social-insurance-law/article-5/",
        "/legal/social-insurance-law/article-four/",
    ],
)
def test_unknown_laws_and_articles_are_not_found_in_the_sites_style(client, legal_texts, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text(response)


# --- The citation tag ---------------------------------------------------------------------


def render(template):
    return Template("{% load legal %}" + template).render(Context())


def test_the_tag_links_to_an_article_held(legal_texts):
    assert render('{% cite_article "social-insurance-law" 4 %}') == (
        '<a href="/legal/social-insurance-law/article-4/">Social Insurance Law, Article 4</a>'
    )


def test_the_tag_renders_plain_text_for_an_article_not_held(legal_texts):
    assert render('{% cite_article "social-insurance-law" 5 %}') == "Article 5"
    assert (
        render('{% cite_article "no-such-law" 4 "Some law, Article 4" %}') == "Some law, Article 4"
    )


def test_the_tag_works_before_any_text_is_loaded(db):
    assert render('{% cite_article "social-insurance-law" 4 %}') == "Article 4"


def cited_page_url(where, application):
    if where == "start":
        return reverse("enrollment:start")
    if where == "checklist":
        return reverse("enrollment:public_checklist")
    if where.startswith("step:"):
        return reverse("enrollment:step", args=[application.public_id, where.removeprefix("step:")])
    return reverse(f"enrollment:{where}", args=[application.public_id])


def test_every_place_said_to_cite_an_article_links_to_it(client, legal_texts, office):
    parent = factories.make_user()
    client.force_login(parent)
    draft = make_application(parent, office)
    submitted = make_application(parent, office, upto="submitted")
    places = citations.all_places()
    assert {(p.where, p.article) for p in places} >= {("start", 4), ("start", 7), ("step:fee", 25)}
    for place in places:
        application = submitted if place.where == "confirmation" else draft
        response = client.get(cited_page_url(place.where, application))
        assert response.status_code == 200, place
        article_url = reverse("legal:article", args=[place.law, place.article])
        assert soup(response).select_one(f'main a[href="{article_url}"]'), place


# --- Search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("医疗保险", {25}),
        ("COUNSELING", {4}),
        ("county level", {7}),
        ("25", {25}),
        ("社会保险", {4, 7, 8, 58, 81, 88}),
        ("nothing like this", set()),
        ("100%_", set()),
    ],
)
def test_search_finds_articles_in_both_languages(client, legal_texts, query, found):
    response = client.get(reverse("legal:search"), {"q": query})
    links = {a["href"] for a in soup(response).select("main ul a")}
    assert links == {reverse("legal:article", args=[LAW, n]) for n in found}


def test_an_empty_or_huge_search_is_harmless(client, legal_texts):
    assert client.get(reverse("legal:search")).status_code == 200
    response = client.get(reverse("legal:search"), {"q": "保" * 5000})
    assert response.status_code == 200
    assert soup(response).find(id="legal-search")["value"] == "保" * 100


# --- Admin --------------------------------------------------------------------------------


def test_supervisors_edit_articles_in_the_admin(client, legal_texts):
    supervisor = factories.make_user("supervisor@example.com", is_staff=True, is_superuser=True)
    client.force_login(supervisor)
    article = Article.objects.get(number=25)
    url = reverse("admin:legal_article_change", args=[article.pk])
    assert client.get(url).status_code == 200
    data = {
        "law": article.law_id,
        "chapter": article.chapter_id,
        "number": 25,
        "text_zh": article.text_zh,
        "text_en": "A translation a supervisor checked.",
        "source_zh": article.source_zh,
        "source_en": "Checked by the district office",
    }
    assert_redirects_to(client.post(url, data), reverse("admin:legal_article_changelist"))
    assert Article.objects.get(pk=article.pk).text_en == "A translation a supervisor checked."


def test_staff_read_the_texts_in_the_admin_but_cannot_change_them(client, legal_texts):
    staff = factories.make_user("staff@example.com", is_staff=True)
    client.force_login(staff)
    article = Article.objects.get(number=4)
    url = reverse("admin:legal_article_change", args=[article.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Save" not in [b.get("value") for b in soup(page).select("input[type=submit]")]
    response = client.post(url, {"text_en": "Changed by staff"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).text_en.startswith("Employers")
    assert client.get(reverse("admin:legal_article_add")).status_code == 403


def test_parents_cannot_reach_the_legal_admin(client, legal_texts):
    client.force_login(factories.make_user())
    changelist = reverse("admin:legal_article_changelist")
    assert_redirects_to(client.get(changelist), sign_in_url(changelist, "admin:login"))


@pytest.mark.parametrize("number", [8, 25, 58, 81, 88])
def test_the_articles_the_portal_cites_have_english_with_its_source(client, legal_texts, number):
    article = Article.objects.get(number=number)
    assert article.text_en.count("\n") == article.text_zh.count("\n")
    assert "not an official translation" in article.source_en
    page = soup(client.get(reverse("legal:article", args=[LAW, number]) + "?text=en"))
    assert page.select_one(".article-text")["lang"] == "en"


@pytest.mark.parametrize("query", ["¹", "²5", "9" * 60, "２５"])
def test_a_search_for_odd_digits_answers_without_an_error(client, legal_texts, query):
    response = client.get(reverse("legal:search"), {"q": query})
    assert response.status_code == 200

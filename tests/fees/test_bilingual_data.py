"""Office, fee and subsidy texts are kept in Chinese and English: a page shows the interface's
language only, and an empty English text falls back to the Chinese one, nothing mixed."""

import pytest
from django.test import Client
from django.urls import reverse

from enrollment.models import FeeSchedule
from tools import factories, site_map
from tools.factories import make_application

from ..answers import step_url
from ..pages import text

ZH_NAME, EN_NAME = "幸福路社区服务中心", "Xingfu Road Community Office"
ZH_ADDRESS, EN_ADDRESS = "示例区幸福路 88 号", "88 Xingfu Road, Example District"


@pytest.fixture
def bilingual_office(db):
    office = factories.make_office(
        name_zh_hans=ZH_NAME,
        name_en=EN_NAME,
        address_zh_hans=ZH_ADDRESS,
        address_en=EN_ADDRESS,
        opening_hours_zh_hans="周一至周五 9:00–17:00",
        opening_hours_en="Monday to Friday 9:00–17:00",
    )
    schedule = factories.make_recent_schedules(region=office.region)
    FeeSchedule.objects.filter(region=office.region).update(
        payment_methods_zh_hans="微信或支付宝：搜索税务缴费",
        payment_methods_en="WeChat or Alipay: search for the tax payment service",
    )
    subsidy = factories.make_subsidy(schedule, name="低保家庭", proof="最低生活保障证")
    subsidy.name_en = "Minimum-living-guarantee families"
    subsidy.proof_required_en = "Minimum-living-guarantee certificate"
    subsidy.save()
    return office


def chinese(user=None):
    client = Client(headers={"Accept-Language": "zh-hans"})
    if user:
        client.force_login(user)
    return client


def english(user=None):
    client = Client(headers={"Accept-Language": "en"})
    if user:
        client.force_login(user)
    return client


def office_pages(parent, office):
    submitted = make_application(parent, office, upto="submitted")
    return [
        reverse("enrollment:new"),
        reverse("enrollment:confirmation", args=[submitted.public_id]),
        reverse("enrollment:print_form", args=[submitted.public_id]),
    ]


def test_english_pages_show_the_english_office_texts_only(parent, bilingual_office):
    for url in office_pages(parent, bilingual_office):
        page = text(english(parent).get(url))
        assert EN_NAME in page, url
        assert ZH_NAME not in page, url
    contact = text(
        english(parent).get(
            reverse(
                "enrollment:confirmation",
                args=[make_application(parent, bilingual_office, upto="submitted").public_id],
            )
        )
    )
    assert ZH_ADDRESS not in contact


def test_chinese_pages_show_the_chinese_office_texts_only(parent, bilingual_office):
    for url in office_pages(parent, bilingual_office):
        page = text(chinese(parent).get(url))
        assert ZH_NAME in page, url
        assert EN_NAME not in page, url


def test_an_office_without_english_falls_back_to_chinese(parent, db):
    office = factories.make_office(name_zh_hans="东城社区服务中心", address_zh_hans="东城路 1 号")
    factories.make_recent_schedules(region=office.region)
    office.refresh_from_db()
    assert office.name_en in (None, "")
    for url in office_pages(parent, office):
        page = text(english(parent).get(url))
        assert "东城社区服务中心" in page, url


def test_the_fee_step_shows_subsidy_and_payment_texts_in_the_pages_language(
    parent, bilingual_office
):
    application = make_application(parent, bilingual_office)
    english_page = text(english(parent).get(step_url(application, "fee")))
    assert "Minimum-living-guarantee families" in english_page
    assert "低保家庭" not in english_page
    assert "WeChat or Alipay: search for the tax payment service" in english_page
    assert "微信或支付宝" not in english_page
    chinese_page = text(chinese(parent).get(step_url(application, "fee")))
    assert "低保家庭" in chinese_page
    assert "Minimum-living-guarantee" not in chinese_page
    assert "微信或支付宝：搜索税务缴费" in chinese_page
    assert "WeChat" not in chinese_page


def test_the_subsidy_proof_falls_back_to_chinese(parent, office):
    schedule = FeeSchedule.objects.order_by("-year").first()
    factories.make_subsidy(schedule, name="孤儿", proof="孤儿证明原件")
    application = make_application(parent, office)
    page = text(english(parent).get(step_url(application, "fee")))
    assert "孤儿" in page


def test_the_office_admin_change_page_has_both_languages(bilingual_office):
    supervisor = factories.make_supervisor("boss@example.com")
    response = english(supervisor).get(
        reverse("admin:enrollment_communityoffice_change", args=[bilingual_office.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    for field in ("name", "address", "opening_hours"):
        assert f'name="{field}_zh_hans"' in page
        assert f'name="{field}_en"' in page
    assert ZH_NAME in page and EN_NAME in page


@pytest.mark.parametrize("language, other", [("en", 0), ("zh-hans", 1)])
def test_no_public_or_parent_page_shows_data_in_the_other_language(db, language, other):
    site = site_map.make_site_data()
    clients, shown_anywhere = {}, ""
    for page in site_map.pages(site):
        if not page.for_parents or page.redirects_first:
            continue
        if page.who not in clients:
            clients[page.who] = Client(headers={"Accept-Language": language})
            if page.who != "anonymous":
                clients[page.who].force_login(getattr(site, page.who))
        response = clients[page.who].get(page.url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        shown = text(response)
        shown_anywhere += shown
        for key, texts in site_map.DATA_TEXTS.items():
            assert texts[other] not in shown, (page.title, key, texts[other])
    for key, texts in site_map.DATA_TEXTS.items():
        assert texts[1 - other] in shown_anywhere, key


@pytest.mark.parametrize("language, shown, hidden", [("en", 1, 0), ("zh-hans", 0, 1)])
def test_the_fee_table_and_checklist_name_the_region_in_the_pages_language(
    db, language, shown, hidden
):
    site_map.make_site_data()
    region_names = site_map.DATA_TEXTS["region_name"]
    for url in (reverse("enrollment:start"), reverse("enrollment:public_checklist")):
        page = text(Client(headers={"Accept-Language": language}).get(url))
        assert region_names[shown] in page, url
        assert region_names[hidden] not in page, url


def test_a_card_left_at_the_office_is_collected_there_in_each_parents_language(
    parent, bilingual_office
):
    staff = factories.make_staff(bilingual_office, "clerk@example.com")
    paid = factories.move_to(
        make_application(parent, bilingual_office, upto="submitted"), "paid", staff=staff
    )
    form = english(staff).get(
        reverse("admin:enrollment_application_move", args=[paid.pk, "issue_card"])
    )
    assert 'name="collection_place"' in form.content.decode()
    assert ZH_NAME not in text(form).split("Where the family collects")[1]
    response = chinese(staff).post(
        reverse("admin:enrollment_application_move", args=[paid.pk, "issue_card"]),
        {"card_number": "A1", "issued_on": paid.paid_on.isoformat(), "collection_place": ""},
    )
    assert response.status_code == 302
    status_page = reverse("enrollment:application", args=[paid.public_id])
    english_page, chinese_page = (
        text(english(parent).get(status_page)),
        text(chinese(parent).get(status_page)),
    )
    assert f"{EN_NAME}, {EN_ADDRESS}" in english_page and ZH_NAME not in english_page
    assert f"{ZH_NAME}，{ZH_ADDRESS}" in chinese_page and EN_NAME not in chinese_page

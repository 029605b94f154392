"""Pages that show personal data are never kept by a browser or a proxy: every page a signed-in
parent, member of staff or supervisor gets, the printouts and the uploaded files."""

from django.test import Client
from django.urls import reverse

from tools import site_map


def cache_directives(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def test_every_signed_in_page_is_private_and_not_stored(db):
    data = site_map.make_site_data()
    browsers, checked, stored = {}, 0, []
    for page in site_map.pages(data):
        if page.who == "anonymous":
            continue
        if page.who not in browsers:
            browsers[page.who] = Client(headers={"Accept-Language": "en"})
            browsers[page.who].force_login(getattr(data, page.who))
        response = browsers[page.who].get(page.url, follow=True)
        checked += 1
        if not {"private", "no-store"} <= cache_directives(response):
            stored.append(f"{page.who} {page.url}: {response.get('Cache-Control')}")
    document = reverse("enrollment:document", args=[data.submitted.public_id, "register_head_page"])
    response = browsers["parent"].get(document)
    assert {"private", "no-store"} <= cache_directives(response)
    assert not stored, "\n".join(stored)
    assert checked >= 30


def test_a_public_page_for_someone_signed_out_may_be_kept(client, db):
    response = client.get(reverse("enrollment:start"))
    assert "no-store" not in cache_directives(response)

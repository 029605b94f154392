"""Every page reads the database the same number of times with 10 applications as with 1,000,
and never more than 12 times: no query grows with the tables."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enrollment.models import CommunityOffice
from tools import site_map
from tools.seed import seed

CEILING = 12


def query_counts(site):
    clients, counts = {}, {}
    for page in site_map.pages(site):
        if page.redirects_first:
            continue
        if page.who not in clients:
            clients[page.who] = Client(headers={"Accept-Language": "en"})
            if page.who != "anonymous":
                clients[page.who].force_login(getattr(site, page.who))
        clients[page.who].get(page.url)  # first visit fills the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = clients[page.who].get(page.url)
        assert response.status_code == page.status, page.url
        # The test's own transaction turns each inner atomic block into SAVEPOINT statements
        # that a server outside a test does not run; they are not the page's queries.
        counts[page.title] = sum(
            1 for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        )
    return counts


def test_query_counts_do_not_grow_with_the_number_of_applications(db):
    seed(10)
    site = site_map.make_site_data(office=CommunityOffice.objects.order_by("pk").first())
    with_ten = query_counts(site)
    seed(990)
    with_a_thousand = query_counts(site)
    assert with_ten == with_a_thousand
    assert max(with_ten.values()) <= CEILING, with_ten

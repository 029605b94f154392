"""Every page reads the database the same number of times with 10 applications as with 1,000,
and never more than 12 times: no query grows with the tables."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks import pages as bench_pages
from benchmarks.seed import seed

CEILING = 12


def query_counts(actors):
    clients, counts = {}, {}
    for page in bench_pages.pages(actors):
        if page.who not in clients:
            clients[page.who] = Client(headers={"Accept-Language": "en"})
            if page.who != "anonymous":
                clients[page.who].force_login(getattr(actors, page.who))
        clients[page.who].get(page.url)  # first visit fills the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = clients[page.who].get(page.url)
        assert response.status_code == 200, page.url
        # The test's own transaction turns each inner atomic block into SAVEPOINT statements
        # that a server outside a test does not run; they are not the page's queries.
        counts[page.name] = sum(
            1 for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        )
    return counts


def test_query_counts_do_not_grow_with_the_number_of_applications(db):
    seed(10)
    actors = bench_pages.make_actors()
    with_ten = query_counts(actors)
    seed(990)
    with_a_thousand = query_counts(actors)
    assert with_ten == with_a_thousand
    assert max(with_ten.values()) <= CEILING, with_ten

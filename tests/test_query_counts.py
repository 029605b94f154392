"""Each parent page reads the database a bounded number of times (issue 8 adds the benchmark)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import make_application

CEILING = 12


def wizard_urls(application):
    steps = ["office", "child", "household-register", "guardian", "photo", "fee"]
    return [reverse("enrollment:step", args=[application.public_id, s]) for s in steps] + [
        reverse("enrollment:check", args=[application.public_id]),
        reverse("enrollment:declaration", args=[application.public_id]),
    ]


@pytest.fixture
def busy_parent(parent, office):
    """A parent with several children's applications, one complete draft among them."""
    for _ in range(3):
        make_application(parent, office, upto="submitted")
    return make_application(parent, office, upto="fee")


def test_every_wizard_page_stays_under_the_query_ceiling(parent_client, busy_parent):
    counts = {}
    for url in wizard_urls(busy_parent):
        with CaptureQueriesContext(connection) as queries:
            response = parent_client.get(url)
        assert response.status_code == 200, url
        counts[url.rsplit("/", 2)[-2]] = len(queries)
    submitted = busy_parent.owner.applications.exclude(status="draft").first()
    for name, url in [
        ("my-applications", reverse("enrollment:my_applications")),
        ("status", reverse("enrollment:application", args=[submitted.public_id])),
        ("confirmation", reverse("enrollment:confirmation", args=[submitted.public_id])),
        ("start", reverse("enrollment:start")),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert parent_client.get(url).status_code == 200
        counts[name] = len(queries)
    print("\nSQL queries per page:", counts)
    assert max(counts.values()) <= CEILING, counts

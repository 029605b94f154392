"""After the first submission the office is fixed: a returned application cannot be moved to
another office (its history and the office's notes stay with the office that has them); the
parent withdraws and applies at the other office, and the page says so."""

import pytest
from django.urls import reverse

from enrollment.applications import answers, services
from enrollment.models import Application
from tools import factories
from tools.factories import make_application, make_staff

from ..pages import assert_redirects_to, soup, text


@pytest.fixture
def returned(parent, office):
    application = make_application(parent, office, upto="submitted")
    services.application_return(
        application=application,
        by=make_staff(office, "counter@example.com"),
        changes_needed="Rescan the child's page.",
    )
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def other_office(db):
    office = factories.make_office("Another office")
    return office


def test_a_returned_application_stays_with_its_office(
    parent_client, returned, office, other_office
):
    office_step = reverse("enrollment:step", args=[returned.public_id, "office"])
    # The office step no longer applies: the complete returned application opens its check page.
    check = reverse("enrollment:check", args=[returned.public_id])
    assert_redirects_to(parent_client.get(office_step), check)
    response = parent_client.post(office_step, {"office": str(other_office.pk)})
    assert_redirects_to(response, check)
    after = Application.objects.get(pk=returned.pk)
    assert after.office == office
    assert after.history.count() == returned.history.count()


def test_the_check_page_says_how_to_apply_elsewhere_instead_of_offering_a_change(
    parent_client, returned
):
    page = parent_client.get(reverse("enrollment:check", args=[returned.public_id]))
    assert "The office cannot change once the application has been submitted" in text(page)
    links = [a["href"] for a in soup(page).select("main a")]
    assert not [link for link in links if "/office/" in link]
    assert reverse("enrollment:withdraw", args=[returned.public_id]) in links


def test_the_service_refuses_to_move_a_submitted_application(returned, other_office):
    with pytest.raises(answers.OfficeFixed):
        answers.application_change_office(application=returned, office=other_office)
    assert Application.objects.get(pk=returned.pk).office_id != other_office.pk


def test_a_draft_can_still_change_office(parent_client, parent, office, other_office):
    draft = make_application(parent, office)
    response = parent_client.post(
        reverse("enrollment:step", args=[draft.public_id, "office"]) + "?change=1",
        {"office": str(other_office.pk)},
    )
    # Another office's fees: the fee question is asked again, on the way back to the check page.
    assert_redirects_to(
        response, reverse("enrollment:step", args=[draft.public_id, "fee"]) + "?change=1"
    )
    assert Application.objects.get(pk=draft.pk).office == other_office
    page = parent_client.get(reverse("enrollment:step", args=[draft.public_id, "office"]))
    assert "You cannot change the office once you have submitted" in text(page)

"""The printable checklist and application form: what they say for each child, and who may
open them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from enrollment.applications import qr_codes
from enrollment.models import FeeSchedule
from tools import factories
from tools.factories import make_application, make_staff, years_ago

from ..pages import assert_redirects_to, soup, text


def checklist_url(application):
    return reverse("enrollment:print_checklist", args=[application.public_id])


def form_url(application):
    return reverse("enrollment:print_form", args=[application.public_id])


@pytest.fixture
def subsidy(office):
    return factories.make_subsidy(
        FeeSchedule.objects.filter(region=office.region).latest("year"),
        name="Orphans",
        kind="full",
        proof="Orphan certificate",
    )


def test_the_public_checklist_lists_the_documents_the_offices_and_the_photo_rule(client, office):
    response = client.get(reverse("enrollment:public_checklist"))
    content = text(response)
    assert response.status_code == 200
    for words in [
        "The household register booklet (hukou), original and a copy",
        "The original ID card of the guardian acting for the child",
        "A preschool child (under 6) enrolling for the first time needs no photo",
        office.name,
        office.address,
        "What happens next",
    ]:
        assert words in content
    assert soup(response).select_one("a[data-print]")


def test_a_checklist_for_a_child_with_a_photo_and_no_subsidy(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted", born=years_ago(8))
    response = parent_client.get(checklist_url(application))
    content = text(response)
    assert application.reference_number in content
    assert "No printed photo is needed: you uploaded the photo" in content
    items = [li.strong.get_text() for li in soup(response).select(".print-checklist li")]
    assert items == [
        "The application form for urban and rural residents' and minors' medical insurance",
        "The household register booklet (hukou), original and a copy",
        "The original ID card of the guardian acting for the child",
    ]
    assert "Subsidy claimed" not in content
    assert "¥400.00" in content
    assert office.opening_hours in content and office.address in content


def test_a_checklist_for_a_first_time_preschooler_with_a_subsidy(
    parent_client, parent, office, subsidy
):
    application = make_application(
        parent, office, upto="submitted", born=years_ago(3), first_enrollment=True, subsidy=subsidy
    )
    content = text(parent_client.get(checklist_url(application)))
    assert "No photo is needed: the child is a preschooler enrolling for the first time" in content
    assert "Orphan certificate, the original" in content
    assert "Subsidy claimed: Orphans" in content
    assert "¥0.00" in content


def test_a_newborns_checklist_asks_for_the_birth_certificate(parent_client, parent, office):
    application = make_application(
        parent,
        office,
        upto="submitted",
        born=timezone.localdate() - datetime.timedelta(days=15),
        first_enrollment=True,
    )
    content = text(parent_client.get(checklist_url(application)))
    assert "The original birth medical certificate" in content


def test_the_form_holds_every_answer_signature_lines_and_the_office_box(
    parent_client, parent, office, subsidy
):
    application = make_application(parent, office, upto="submitted", subsidy=subsidy)
    response = parent_client.get(form_url(application))
    content = text(response)
    child, register, guardian = (
        application.child,
        application.household_register,
        application.guardian,
    )
    for answer in [
        child.full_name,
        child.id_number,
        date_format(child.date_of_birth, "j F Y"),
        register.register_number,
        register.address,
        register.head_name,
        guardian.full_name,
        guardian.id_number,
        guardian.phone,
        office.name,
        "Orphans",
        "Guardian's signature",
        "For office use",
        "Received by",
        "Orphan certificate, the original",
    ]:
        assert answer in content, answer
    assert soup(response).select_one("svg.qr-code")


def test_the_qr_code_leads_staff_to_the_application_in_the_admin(client, parent, office):
    application = make_application(parent, office, upto="submitted")
    url = qr_codes.staff_lookup_url(application)
    assert url.endswith(
        f"/admin/enrollment/application/by-reference/{application.reference_number}/"
    )
    path = url.removeprefix("http://127.0.0.1:8000")
    client.force_login(make_staff(office))
    assert client.get(path)["Location"] == reverse(
        "admin:enrollment_application_change", args=[application.pk]
    )
    client.force_login(make_staff(factories.make_office("Another office")))
    response = client.get(path, follow=True)
    assert f"No application {application.reference_number} in your office." in text(response)
    assert application.child.full_name not in text(response)


@pytest.mark.parametrize("url_for", [checklist_url, form_url])
def test_the_owner_and_the_offices_staff_may_print_and_no_one_else(
    client, parent, other_parent, office, url_for
):
    application = make_application(parent, office, upto="submitted")
    url = url_for(application)
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(parent)
    assert client.get(url).status_code == 200
    client.force_login(make_staff(office))
    assert client.get(url).status_code == 200
    client.force_login(factories.make_supervisor())
    assert client.get(url).status_code == 200
    client.force_login(other_parent)
    assert client.get(url).status_code == 404
    client.force_login(make_staff(factories.make_office("Another office")))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url_for", [checklist_url, form_url])
def test_a_draft_has_nothing_to_print_yet(parent_client, parent, office, url_for):
    draft = make_application(parent, office)
    response = parent_client.get(url_for(draft))
    assert_redirects_to(response, reverse("enrollment:application", args=[draft.public_id]))


def test_staff_find_the_print_links_on_the_admin_page(client, parent, office):
    application = make_application(parent, office, upto="submitted")
    client.force_login(make_staff(office))
    page = soup(client.get(reverse("admin:enrollment_application_change", args=[application.pk])))
    links = {a["href"] for a in page.select("a")}
    assert checklist_url(application) in links and form_url(application) in links


def test_the_confirmation_offers_both_documents_to_print(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    page = soup(parent_client.get(reverse("enrollment:confirmation", args=[application.public_id])))
    prints = {a["href"] for a in page.select("a[data-print]")}
    assert prints == {checklist_url(application) + "#print", form_url(application) + "#print"}

"""ID numbers the code table does not know: the wizard accepts them (never a 500) and staff see
what to check by hand on the application's page."""

import pytest
from django.urls import reverse

from enrollment import wizard
from enrollment.models import Child, Guardian
from tools.factories import make_application, years_ago
from tools.fake import resident_id

from ..answers import child_answers, guardian_answers, next_step_url, step_url
from ..pages import assert_field_error, assert_redirects_to, soup, text

UNKNOWN_COUNTY = "110199"  # Beijing, a county code python-stdnum does not list


def typed_child(id_number, born):
    return child_answers(id_number=id_number, date_of_birth=born.isoformat())


def test_the_child_step_accepts_an_unknown_county(parent_client, parent, office):
    draft = make_application(parent, office, before=wizard.ChildStep)
    born = years_ago(8)
    id_number = resident_id(born, male=True, region=UNKNOWN_COUNTY)
    response = parent_client.post(step_url(draft, "child"), typed_child(id_number, born))
    assert_redirects_to(response, next_step_url(draft, "child"))
    assert Child.objects.get(application=draft).id_number == id_number


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_the_child_step_sends_a_child_with_a_residence_permit_to_the_office_counter(
    parent_client, parent, office, region
):
    """The online form is built on a household register, which a child with a residence permit
    for Hong Kong, Macao or Taiwan residents does not have (rules.py): the page says where to
    apply instead, rather than leading to a page the family cannot answer."""
    draft = make_application(parent, office, before=wizard.ChildStep)
    born = years_ago(8)
    id_number = resident_id(born, male=True, region=region)
    response = parent_client.post(step_url(draft, "child"), typed_child(id_number, born))
    assert_field_error(
        response,
        "id_id_number",
        "apply at the counter of the community office where the child lives, with the "
        "residence permit",
    )
    assert not Child.objects.filter(application=draft).exists()


@pytest.mark.parametrize("region", [UNKNOWN_COUNTY, "810000", "820000", "830000"])
def test_the_guardian_step_accepts_an_unknown_county_and_residence_permits(
    parent_client, parent, office, region
):
    application = make_application(parent, office, before=wizard.GuardianStep)
    id_number = resident_id(years_ago(35), region=region)
    response = parent_client.post(
        step_url(application, "guardian"), guardian_answers(id_number=id_number)
    )
    assert_redirects_to(response, next_step_url(application, "guardian"))
    assert Guardian.objects.get(application=application).id_number == id_number


def test_the_child_step_still_checks_the_date_of_birth_against_an_unknown_county_number(
    parent_client, parent, office
):
    draft = make_application(parent, office, before=wizard.ChildStep)
    id_number = resident_id(years_ago(8), region=UNKNOWN_COUNTY)
    response = parent_client.post(
        step_url(draft, "child"), typed_child(id_number, years_ago(8, days=1))
    )
    assert_field_error(response, "id_date_of_birth", "does not match the ID number")


def test_a_guardian_under_eighteen_is_refused_whatever_the_county(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.GuardianStep)
    id_number = resident_id(years_ago(17), region=UNKNOWN_COUNTY)
    response = parent_client.post(
        step_url(application, "guardian"), guardian_answers(id_number=id_number)
    )
    assert_field_error(response, "id_id_number", "The guardian must be 18 or older")


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("990101", "starts with a region code that does not exist"),
        ("830100", "starts with 810000, 820000 or 830000"),
    ],
)
def test_the_child_step_refuses_a_region_that_does_not_exist(
    parent_client, parent, office, region, message
):
    draft = make_application(parent, office, before=wizard.ChildStep)
    born = years_ago(8)
    response = parent_client.post(
        step_url(draft, "child"), typed_child(resident_id(born, region=region), born)
    )
    assert_field_error(response, "id_id_number", message)
    assert not Child.objects.exists()


def change_url(application):
    return reverse("admin:enrollment_application_change", args=[application.pk])


def test_staff_see_what_to_check_about_the_childs_and_the_guardians_id_numbers(
    staff_client, parent, office
):
    application = make_application(
        parent,
        office,
        upto="submitted",
        child_id=resident_id(years_ago(8), region=UNKNOWN_COUNTY),
    )
    Guardian.objects.filter(application=application).update(
        id_number=resident_id(years_ago(35), region="830000")
    )
    response = staff_client.get(change_url(application))
    assert response.status_code == 200
    box = soup(response).select_one("#id-number-notes")
    assert box is not None
    assert box.h2.get_text(strip=True) == "Check before verifying"
    notes = [" ".join(item.get_text().split()) for item in box.select("li")]
    assert notes == [
        "The child's ID number has the county code 110199, which is not in the region code "
        "table the portal knows (GB/T 2260, from python-stdnum). New counties appear every year: "
        "compare it with the household register.",
        "The guardian's ID number is the number of a residence permit for Taiwan residents: "
        "ask to see the residence permit rather than a resident ID card.",
    ]


def test_staff_see_no_notice_for_id_numbers_in_the_code_table(staff_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    response = staff_client.get(change_url(application))
    assert response.status_code == 200
    assert soup(response).select_one("#id-number-notes") is None
    assert "Check before verifying" not in text(response)

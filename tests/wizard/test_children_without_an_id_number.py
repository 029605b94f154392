"""Children the online form cannot take as it stands: a newborn not yet
registered applies with the birth medical certificate number where the office takes newborns by
it, and staff add the ID number later; a child with a residence permit for Hong Kong, Macao or
Taiwan residents, or a foreign child, is told where to apply instead, never a bare "invalid"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import ric

from enrollment import formatting, wizard
from enrollment.applications import answers, checklist, services
from enrollment.children import contributions
from enrollment.models import Child, StatusChange
from tools import factories
from tools.factories import make_application, move_to, upload, years_ago
from tools.fake import PDF_BYTES, resident_id

from ..answers import child_answers, next_step_url, register_answers, step_url
from ..pages import assert_field_error, assert_redirects_to, field_value, soup, text

CERTIFICATE = "O123456789"


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def certificate_office(db):
    office = factories.make_office(
        "出生证明社区 Certificate office", takes_newborns_by_birth_certificate=True
    )
    factories.make_recent_schedules(region=office.region)
    return office


@pytest.fixture
def newborn_draft(parent, certificate_office):
    return make_application(parent, certificate_office, before=wizard.ChildStep)


def newborn_answers(**overrides):
    born = days_ago(20)
    answers = {
        "id_number": "",
        "birth_certificate_number": CERTIFICATE,
        "date_of_birth": born.isoformat(),
        "sex": "F",
        "first_enrollment": "True",
        "last_covered_year": "",
    }
    answers.update(overrides)
    return child_answers(**answers)


def registered_newborn(parent, office, staff=None):
    """A newborn's application made with the birth certificate number, submitted."""
    return make_application(
        parent,
        office,
        upto="submitted",
        born=days_ago(20),
        first_enrollment=True,
        birth_certificate_number=CERTIFICATE,
    )


# --- The child step: a newborn by the birth medical certificate number ----------------------


def test_a_newborn_applies_with_the_birth_certificate_number_where_the_office_takes_it(
    parent_client, newborn_draft
):
    response = parent_client.post(step_url(newborn_draft, "child"), newborn_answers())
    assert_redirects_to(response, next_step_url(newborn_draft, "child"))
    child = Child.objects.get(application=newborn_draft)
    assert (child.id_number, child.birth_certificate_number) == ("", CERTIFICATE)
    # Date of birth and sex are what the parent typed: there is no ID number to derive them.
    assert (child.date_of_birth, child.sex) == (days_ago(20), "F")


def test_the_birth_certificate_number_is_kept_as_printed_whatever_the_spacing_and_case(
    parent_client, newborn_draft
):
    response = parent_client.post(
        step_url(newborn_draft, "child"), newborn_answers(birth_certificate_number=" o12345 6789 ")
    )
    assert_redirects_to(response, next_step_url(newborn_draft, "child"))
    assert Child.objects.get(application=newborn_draft).birth_certificate_number == CERTIFICATE


@pytest.mark.parametrize(
    "typed",
    ["12345678901", "O12345678", "O1234567890", "OO23456789", "O12345678X", "出生123456789"],
)
def test_a_birth_certificate_number_not_in_its_printed_form_is_refused(
    parent_client, newborn_draft, typed
):
    response = parent_client.post(
        step_url(newborn_draft, "child"), newborn_answers(birth_certificate_number=typed)
    )
    assert_field_error(
        response,
        "id_birth_certificate_number",
        "Enter the birth medical certificate number as it is printed: 1 letter and 9 digits, "
        "for example O123456789",
    )
    assert field_value(response, "id_birth_certificate_number") == typed
    assert not Child.objects.exists()


def test_neither_number_asks_for_one_of_them(parent_client, newborn_draft):
    response = parent_client.post(
        step_url(newborn_draft, "child"), newborn_answers(birth_certificate_number="")
    )
    assert_field_error(
        response,
        "id_id_number",
        "Enter the child's resident ID number, or the birth medical certificate number if the "
        "child's household registration is not done yet",
    )


def test_only_a_child_under_one_applies_with_the_birth_certificate_number(
    parent_client, newborn_draft
):
    response = parent_client.post(
        step_url(newborn_draft, "child"),
        newborn_answers(date_of_birth=years_ago(2).isoformat()),
    )
    assert_field_error(
        response,
        "id_birth_certificate_number",
        "Only a child under 1 can apply with the birth medical certificate number",
    )


def test_a_birth_certificate_number_already_applied_with_is_refused(
    parent_client, parent, certificate_office, newborn_draft
):
    registered_newborn(factories.make_user(), certificate_office)
    response = parent_client.post(step_url(newborn_draft, "child"), newborn_answers())
    assert_field_error(
        response,
        "id_birth_certificate_number",
        "An application for a child with this birth medical certificate number has already "
        "been made",
    )


def test_an_id_number_given_too_is_checked_and_kept_with_the_certificate_number(
    parent_client, newborn_draft
):
    born = days_ago(20)
    id_number = resident_id(born, male=False)
    response = parent_client.post(
        step_url(newborn_draft, "child"), newborn_answers(id_number=id_number)
    )
    assert_redirects_to(response, next_step_url(newborn_draft, "child"))
    child = Child.objects.get(application=newborn_draft)
    assert (child.id_number, child.birth_certificate_number) == (id_number, CERTIFICATE)


def test_an_office_that_does_not_take_newborns_by_certificate_asks_only_the_id_number(
    parent_client, parent, office
):
    draft = make_application(parent, office, before=wizard.ChildStep)
    page = parent_client.get(step_url(draft, "child"))
    assert soup(page).find(id="id_birth_certificate_number") is None
    assert "Register the birth first" in text(page)
    response = parent_client.post(step_url(draft, "child"), newborn_answers())
    assert_field_error(response, "id_id_number", "Enter the child's resident ID number")
    assert not Child.objects.exists()


def test_the_service_refuses_a_child_without_an_id_number_at_an_office_that_needs_one(
    parent, office
):
    draft = make_application(parent, office, before=wizard.ChildStep)
    child = Child(
        full_name="王小红",
        birth_certificate_number=CERTIFICATE,
        date_of_birth=days_ago(20),
        sex="F",
        first_enrollment=True,
    )
    with pytest.raises(ValidationError) as refused:
        answers.answers_save(application=draft, part=child)
    assert "This office needs the child's resident ID number" in refused.value.messages


def test_the_child_step_labels_neither_number_optional(parent_client, newborn_draft):
    page = soup(parent_client.get(step_url(newborn_draft, "child")))
    for field_id in ("id_id_number", "id_birth_certificate_number"):
        label = page.find("label", attrs={"for": field_id}).get_text()
        assert "optional" not in label


# --- The pages after it ---------------------------------------------------------------------


def test_the_household_register_step_takes_the_certificate_instead_of_the_childs_page(
    parent_client, parent, certificate_office
):
    draft = make_application(
        parent,
        certificate_office,
        before=wizard.HouseholdRegisterStep,
        born=days_ago(20),
        first_enrollment=True,
        birth_certificate_number=CERTIFICATE,
    )
    page = parent_client.get(step_url(draft, "household-register"))
    assert soup(page).find(id="id_child_page") is None
    response = parent_client.post(
        step_url(draft, "household-register"),
        register_answers(child_page=None),
    )
    assert_field_error(
        response, "id_birth_certificate", "Upload the child's birth medical certificate"
    )
    response = parent_client.post(
        step_url(draft, "household-register"),
        register_answers(child_page=None, birth_certificate=upload("cert.pdf", PDF_BYTES)),
    )
    assert response.status_code == 302


def test_the_answers_printout_and_checklist_say_the_id_number_is_still_to_come(
    parent_client, parent, certificate_office
):
    application = registered_newborn(parent, certificate_office)
    rows = {
        answer.label: answer.value
        for section in wizard.answer_sections(application)
        if section.step in ("child", "household-register")
        for answer in section.answers
    }
    assert rows["Birth medical certificate number"] == CERTIFICATE
    assert str(rows["Resident ID number"]).startswith("Not added yet")
    assert "Child's page" not in rows
    printed = text(
        parent_client.get(reverse("enrollment:print_form", args=[application.public_id]))
    )
    assert CERTIFICATE in printed and "Not added yet" in printed
    titles = [str(item.title) for item in checklist.checklist_for(application)]
    assert "The household register booklet (hukou) the child will join, original and a copy" in (
        titles
    )
    assert str(formatting.masked_id_number("")) == "not added yet"


# --- Staff add the ID number --------------------------------------------------------------


def id_number_url(application):
    return reverse("admin:enrollment_application_child_id_number", args=[application.pk])


def test_verifying_waits_for_the_id_number(parent, certificate_office):
    staff = factories.make_staff(certificate_office)
    application = registered_newborn(parent, certificate_office)
    with pytest.raises(ValidationError, match="The child has no resident ID number yet"):
        services.application_verify(application=application, by=staff)
    application.refresh_from_db()
    assert application.status == "submitted"
    with pytest.raises(ValidationError, match="no resident ID number yet"):
        contributions.register_child(application, by=staff)


def test_staff_add_the_id_number_then_verify(client, parent, certificate_office):
    staff = factories.make_staff(certificate_office)
    application = registered_newborn(parent, certificate_office)
    client.force_login(staff)
    change_page = client.get(reverse("admin:enrollment_application_change", args=[application.pk]))
    assert id_number_url(application) in change_page.content.decode()
    id_number = resident_id(days_ago(20), male=True)
    response = client.post(id_number_url(application), {"id_number": id_number})
    assert response.status_code == 302
    child = Child.objects.get(application=application)
    assert (child.id_number, child.birth_certificate_number) == (id_number, CERTIFICATE)
    note = StatusChange.objects.filter(application=application).latest("changed_at", "id")
    assert CERTIFICATE in note.note and note.changed_by == staff
    verified = move_to(application, "verified", staff=staff)
    assert verified.insured_child.id_number == id_number
    # Once added, there is nothing more to add.
    assert client.get(id_number_url(application)).status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the child's resident ID number"),
        ("1101012018", "The ID number must be 18 characters"),
        ("110101201805010011", "The ID number is not correct"),
        ("other date", "The date of birth does not match the ID number"),
        ("other sex", "The sex does not match the ID number"),
    ],
)
def test_staff_see_what_is_wrong_with_the_id_number_they_add(
    client, parent, certificate_office, typed, message
):
    staff = factories.make_staff(certificate_office)
    application = registered_newborn(parent, certificate_office)
    client.force_login(staff)
    if typed == "other date":
        typed = resident_id(days_ago(21), male=True)
    elif typed == "other sex":
        typed = resident_id(days_ago(20), male=False)
    response = client.post(id_number_url(application), {"id_number": typed})
    assert response.status_code == 200
    assert message in text(response)
    assert Child.objects.get(application=application).id_number == ""


def test_staff_cannot_add_an_id_number_another_application_holds(
    client, parent, certificate_office
):
    staff = factories.make_staff(certificate_office)
    id_number = resident_id(days_ago(20), male=True)
    make_application(
        factories.make_user(),
        certificate_office,
        upto="submitted",
        born=days_ago(20),
        first_enrollment=True,
        child_id=id_number,
    )
    application = registered_newborn(parent, certificate_office)
    client.force_login(staff)
    response = client.post(id_number_url(application), {"id_number": id_number})
    assert "An application for a child with this ID number has already been made" in text(response)


def test_staff_of_another_office_cannot_add_the_id_number(client, parent, certificate_office):
    other = factories.make_staff(factories.make_office())
    application = registered_newborn(parent, certificate_office)
    client.force_login(other)
    response = client.post(
        id_number_url(application), {"id_number": resident_id(days_ago(20), male=True)}
    )
    assert response.status_code in (302, 404)
    assert Child.objects.get(application=application).id_number == ""


def test_staff_find_the_application_by_its_birth_certificate_number(
    client, parent, certificate_office
):
    staff = factories.make_staff(certificate_office)
    application = registered_newborn(parent, certificate_office)
    client.force_login(staff)
    response = client.get(
        reverse("admin:enrollment_application_changelist"), {"q": CERTIFICATE.lower()}
    )
    assert application.reference_number in text(response)
    assert "not added yet" in text(response)


# --- Children the form cannot take: the page says where to go -----------------------------


@pytest.mark.parametrize(
    "typed",
    [
        # The 2023 card: 9, the province that took the application (11, Beijing), the
        # nationality (840), the date of birth, the order code and a GB 11643 check digit.
        "91184020150101001" + ric.calc_check_digit("91184020150101001" + "0"),
        # The earlier card: 3 letters (the nationality) and 12 digits.
        "USA110015010100",
    ],
)
def test_a_foreign_permanent_residence_number_says_to_ask_the_office_where_the_child_lives(
    parent_client, parent, office, typed
):
    draft = make_application(parent, office, before=wizard.ChildStep)
    response = parent_client.post(step_url(draft, "child"), child_answers(id_number=typed))
    assert_field_error(
        response,
        "id_id_number",
        "This is the number of a foreign permanent residence ID card. The online form cannot "
        "take foreign children: ask the community office where the child lives",
    )
    assert not Child.objects.exists()


def test_the_child_step_says_where_each_child_it_cannot_take_applies(parent_client, newborn_draft):
    page = text(parent_client.get(step_url(newborn_draft, "child")))
    for expected in [
        "This office takes newborns before their household registration",
        "A child with a residence permit for Hong Kong, Macao or Taiwan residents",
        "Apply at the counter of the community office where the child lives",
        "Bring the child's residence permit (居住证)",
        "Whether a foreign child can join depends on the city",
    ]:
        assert expected in page, expected

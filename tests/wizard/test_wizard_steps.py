"""Every step's bad inputs: a clear message next to the field, the answers kept, nothing saved
lost, never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment import validators, wizard
from enrollment.models import Application, Child, Document, Guardian, HouseholdRegister
from tools import factories
from tools.factories import make_application, upload, years_ago
from tools.fake import PDF_BYTES, image_bytes, resident_id

from ..answers import child_answers, guardian_answers, next_step_url, register_answers, step_url
from ..pages import assert_field_error, assert_redirects_to, checked_value, field_value, soup, text


@pytest.fixture
def draft(parent, office):
    return make_application(parent, office, before=wizard.ChildStep)


# --- Office -------------------------------------------------------------------------------


def test_office_must_be_chosen(parent_client, office):
    response = parent_client.post(reverse("enrollment:new"), {})
    assert_field_error(response, "id_office_0", "Select the community office where you will apply")
    assert not Application.objects.exists()


def test_an_office_that_does_not_exist_is_refused(parent_client, office):
    response = parent_client.post(reverse("enrollment:new"), {"office": "999999"})
    assert_field_error(response, "id_office_0", "Select one of the community offices listed")


def test_an_office_that_no_longer_takes_applications_cannot_be_chosen(parent_client, office):
    closed = factories.make_office("Closed office", is_active=False)
    response = parent_client.post(reverse("enrollment:new"), {"office": closed.pk})
    assert_field_error(response, "id_office_0", "Select one of the community offices listed")


# --- Child --------------------------------------------------------------------------------


def test_an_empty_child_page_names_every_missing_answer(parent_client, draft):
    response = parent_client.post(step_url(draft, "child"), {})
    assert_field_error(response, "id_full_name", "Enter the child's full name")
    assert_field_error(response, "id_id_number", "Enter the child's resident ID number")
    assert_field_error(response, "id_date_of_birth", "Enter the child's date of birth")
    assert_field_error(response, "id_sex_0", "Select the child's sex")
    assert_field_error(
        response, "id_first_enrollment_0", "Select yes if this is the child's first enrollment"
    )
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "field_id", "message"),
    [
        ("full_name", "王" * 51, "id_full_name", "The child's name must be 50 characters or fewer"),
        ("full_name", "<b>王</b>", "id_full_name", "must only include Chinese characters"),
        ("id_number", "1101012018", "id_id_number", "The ID number must be 18 characters"),
        ("id_number", "11010120180501ABCD", "id_id_number", "17 digits followed by a digit or X"),
        ("id_number", "110101201805010011", "id_id_number", "The ID number is not correct"),
        (
            "date_of_birth",
            "2021-02-30",
            "id_date_of_birth",
            "The date of birth must be a real date",
        ),
        ("date_of_birth", "yesterday", "id_date_of_birth", "The date of birth must be a real date"),
        ("sex", "X", "id_sex_0", "Select the child's sex"),
        (
            "first_enrollment",
            "maybe",
            "id_first_enrollment_0",
            "Select yes if this is the child's first enrollment",
        ),
        (
            "last_covered_year",
            "",
            "id_last_covered_year",
            "Enter the last year the child was covered, like 2025",
        ),
        ("last_covered_year", "last year", "id_last_covered_year", "Enter the year as 4 digits"),
        (
            "last_covered_year",
            str(timezone.localdate().year + 1),
            "id_last_covered_year",
            "The last year covered cannot be after this year",
        ),
        (
            "last_covered_year",
            str(years_ago(8).year - 1),
            "id_last_covered_year",
            "The last year covered cannot be before the child was born",
        ),
    ],
)
def test_bad_child_answers_are_refused_and_kept(
    parent_client, draft, field, value, field_id, message
):
    answers = child_answers(**{field: value})
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_field_error(response, field_id, message)
    if field in ("full_name", "id_number", "date_of_birth", "last_covered_year"):
        assert (field_value(response, field_id) or "") == value
    assert field_value(response, "id_full_name") == answers["full_name"]
    assert not Child.objects.exists()


def test_a_first_enrollment_keeps_no_last_year_covered(parent_client, draft):
    answers = child_answers(first_enrollment="True", last_covered_year="2019")
    parent_client.post(step_url(draft, "child"), answers)
    assert Child.objects.get().last_covered_year is None


def test_the_last_year_covered_is_kept_and_shown_on_the_check_page(parent_client, parent, office):
    last_year = timezone.localdate().year - 1
    application = make_application(parent, office, upto="submitted", last_covered_year=last_year)
    assert application.child.last_covered_year == last_year
    content = text(
        parent_client.get(reverse("enrollment:application", args=[application.public_id]))
    )
    assert f"Last year covered {last_year}" in content


def test_the_date_of_birth_must_match_the_id_number(parent_client, draft):
    answers = child_answers(
        id_number=resident_id(datetime.date(2018, 5, 1)), date_of_birth="2018-05-02"
    )
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_field_error(
        response, "id_date_of_birth", "does not match the ID number, which gives 2018-05-01"
    )


def test_the_sex_must_match_the_id_number(parent_client, draft):
    answers = child_answers(id_number=resident_id(years_ago(8), male=False))
    answers["date_of_birth"] = (
        answers["id_number"][6:10]
        + "-"
        + answers["id_number"][10:12]
        + "-"
        + answers["id_number"][12:14]
    )
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_field_error(response, "id_sex_0", "The sex does not match the ID number")


def test_a_child_of_eighteen_is_refused(parent_client, draft):
    born = years_ago(18)
    answers = child_answers(id_number=resident_id(born), date_of_birth=born.isoformat())
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_field_error(response, "id_date_of_birth", "The child must be under 18")


def test_a_child_born_in_the_future_is_refused(parent_client, draft):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    answers = child_answers(id_number=resident_id(tomorrow), date_of_birth=tomorrow.isoformat())
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_field_error(response, "id_date_of_birth", "must be today or in the past")


def test_a_child_already_applied_for_cannot_be_entered_twice(parent_client, parent, office, draft):
    submitted = make_application(factories.make_user(), office, upto="submitted")
    answers = child_answers(
        id_number=submitted.child.id_number, date_of_birth=submitted.child.date_of_birth.isoformat()
    )
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_field_error(
        response,
        "id_id_number",
        "An application for a child with this ID number has already been made",
    )


def test_another_parents_draft_for_the_same_child_does_not_block(parent_client, office, draft):
    others = make_application(factories.make_user(), office, before=wizard.HouseholdRegisterStep)
    answers = child_answers(
        id_number=others.child.id_number, date_of_birth=others.child.date_of_birth.isoformat()
    )
    response = parent_client.post(step_url(draft, "child"), answers)
    assert_redirects_to(response, next_step_url(draft, "child"))


def test_a_bad_change_leaves_the_saved_child_as_it_was(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.HouseholdRegisterStep)
    saved = Child.objects.get(application=application)
    response = parent_client.post(
        step_url(application, "child"), child_answers(full_name="", id_number="123")
    )
    assert response.status_code == 200
    assert Child.objects.get(application=application).full_name == saved.full_name
    assert Child.objects.get(application=application).id_number == saved.id_number


# --- Household register -------------------------------------------------------------------


@pytest.fixture
def at_register(parent, office):
    return make_application(parent, office, before=wizard.HouseholdRegisterStep)


def test_an_empty_register_page_names_every_missing_answer(parent_client, at_register):
    response = parent_client.post(step_url(at_register, "household-register"), {})
    assert_field_error(response, "id_register_number", "Enter the household register number")
    assert_field_error(response, "id_register_type_0", "Select the household type")
    assert_field_error(response, "id_address", "Enter the address on the household register")
    assert_field_error(response, "id_head_name", "Enter the name of the head of household")
    assert_field_error(
        response,
        "id_relationship_to_head",
        "Select the child's relationship to the head of household",
    )
    assert_field_error(
        response, "id_head_page", "Upload the head of household page of the household register"
    )
    assert_field_error(
        response, "id_child_page", "Upload the child's page of the household register"
    )


@pytest.mark.parametrize(
    ("field", "value", "field_id", "message"),
    [
        (
            "register_number",
            "户号 123",
            "id_register_number",
            "must only include digits, letters and hyphens",
        ),
        ("register_number", "1" * 31, "id_register_number", "must be 30 characters or fewer"),
        (
            "register_type",
            "suburban",
            "id_register_type_0",
            "Select the household type",
        ),
        ("address", "东城", "id_address", "Enter the full address"),
        ("address", "路" * 201, "id_address", "The address must be 200 characters or fewer"),
        ("head_name", "王大明2", "id_head_name", "The head of household's name must only include"),
        (
            "relationship_to_head",
            "cousin",
            "id_relationship_to_head",
            "Select the child's relationship to the head of household",
        ),
    ],
)
def test_bad_register_answers_are_refused(
    parent_client, at_register, field, value, field_id, message
):
    response = parent_client.post(
        step_url(at_register, "household-register"), register_answers(**{field: value})
    )
    assert_field_error(response, field_id, message)
    assert not HouseholdRegister.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("head.jpg", b""),
            "The head of household page of the household register: the selected file is empty",
        ),
        (
            upload("head.jpg", b"<svg onload=alert(1)>"),
            "The head of household page of the household register: the selected file must be a JPG, PNG or PDF",
        ),
        (
            upload("head.pdf", b"MZ\x90\x00 executable"),
            "The head of household page of the household register: the selected file must be a JPG, PNG or PDF",
        ),
    ],
)
def test_a_bad_upload_is_refused_and_the_good_one_beside_it_is_kept(
    parent_client, at_register, file, message
):
    response = parent_client.post(
        step_url(at_register, "household-register"), register_answers(head_page=file)
    )
    assert_field_error(response, "id_head_page", message)
    assert field_value(response, "id_register_number") == "110001234"
    kinds = set(Document.objects.filter(application=at_register).values_list("kind", flat=True))
    assert kinds == {Document.Kind.REGISTER_CHILD_PAGE}
    assert "child.pdf" in text(response)


def test_an_upload_over_the_size_limit_is_refused(parent_client, at_register, settings):
    settings.UPLOAD_MAX_BYTES = 100_000
    big = upload("head.pdf", PDF_BYTES + b"0" * 100_000)
    response = parent_client.post(
        step_url(at_register, "household-register"), register_answers(head_page=big)
    )
    assert_field_error(
        response,
        "id_head_page",
        "The head of household page of the household register: the selected file must be smaller than",
    )


def test_uploads_are_kept_when_other_answers_are_wrong_and_need_not_be_chosen_again(
    parent_client, at_register
):
    url = step_url(at_register, "household-register")
    response = parent_client.post(url, register_answers(address=""))
    assert_field_error(response, "id_address", "Enter the address on the household register")
    assert "head.png" in text(response) and "child.pdf" in text(response)
    response = parent_client.post(url, register_answers(head_page=None, child_page=None))
    assert_redirects_to(response, next_step_url(at_register, "household-register"))
    assert HouseholdRegister.objects.filter(application=at_register).exists()


def test_a_newborn_needs_the_birth_certificate_when_the_office_asks(parent_client, parent, office):
    application = make_application(
        parent,
        office,
        before=wizard.HouseholdRegisterStep,
        born=timezone.localdate() - datetime.timedelta(days=20),
        first_enrollment=True,
    )
    response = parent_client.post(step_url(application, "household-register"), register_answers())
    assert_field_error(
        response, "id_birth_certificate", "Upload the child's birth medical certificate"
    )
    response = parent_client.post(
        step_url(application, "household-register"),
        register_answers(
            head_page=None, child_page=None, birth_certificate=upload("cert.pdf", PDF_BYTES)
        ),
    )
    assert_redirects_to(response, next_step_url(application, "household-register"))


def test_an_office_that_does_not_ask_for_the_birth_certificate_does_not_show_it(
    parent_client, parent
):
    office = factories.make_office(requires_birth_certificate=False)
    factories.make_fee_schedule(region=office.region, year=timezone.localdate().year + 2)
    application = make_application(
        parent,
        office,
        before=wizard.HouseholdRegisterStep,
        born=timezone.localdate() - datetime.timedelta(days=20),
    )
    response = parent_client.get(step_url(application, "household-register"))
    assert "id_birth_certificate" not in response.content.decode()


def test_a_replaced_upload_replaces_the_stored_file(
    parent_client, at_register, private_media_root, django_capture_on_commit_callbacks
):
    url = step_url(at_register, "household-register")
    parent_client.post(url, register_answers())
    first = Document.objects.get(application=at_register, kind=Document.Kind.REGISTER_HEAD_PAGE)
    first_path = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        parent_client.post(
            url, register_answers(head_page=upload("new-head.jpg", image_bytes()), child_page=None)
        )
    replaced = Document.objects.get(application=at_register, kind=Document.Kind.REGISTER_HEAD_PAGE)
    assert replaced.original_name == "new-head.jpg"
    assert replaced.content_type == "image/jpeg"
    assert replaced.file.path != first_path
    files = {path.name for path in (private_media_root / "documents").rglob("*.*")}
    # The new head page with its preview and the child page; the old head page and its preview
    # are gone.
    assert files == {
        replaced.file.name.rsplit("/", 1)[-1],
        replaced.thumbnail.name.rsplit("/", 1)[-1],
        Document.objects.get(
            application=at_register, kind=Document.Kind.REGISTER_CHILD_PAGE
        ).file.name.rsplit("/", 1)[-1],
    }


def test_stored_files_have_random_names_under_the_private_media_root(
    parent_client, at_register, private_media_root
):
    parent_client.post(step_url(at_register, "household-register"), register_answers())
    for document in Document.objects.filter(application=at_register):
        assert "head" not in document.file.name and "child" not in document.file.name
        assert document.file.path.startswith(str(private_media_root))


# --- Guardian -----------------------------------------------------------------------------


@pytest.fixture
def at_guardian(parent, office):
    return make_application(parent, office, before=wizard.GuardianStep)


def test_an_empty_guardian_page_names_every_missing_answer(parent_client, at_guardian):
    response = parent_client.post(step_url(at_guardian, "guardian"), {})
    assert_field_error(response, "id_full_name", "Enter the guardian's full name")
    assert_field_error(
        response, "id_relationship_0", "Select the guardian's relationship to the child"
    )
    assert_field_error(response, "id_id_number", "Enter the guardian's resident ID number")
    assert_field_error(response, "id_phone", "Enter a mobile phone number")


@pytest.mark.parametrize(
    ("field", "value", "field_id", "message"),
    [
        (
            "full_name",
            "x" * 51,
            "id_full_name",
            "The guardian's name must be 50 characters or fewer",
        ),
        (
            "relationship",
            "neighbour",
            "id_relationship_0",
            "Select the guardian's relationship to the child",
        ),
        ("id_number", "12345", "id_id_number", "The ID number must be 18 characters"),
        (
            "id_number",
            resident_id(years_ago(17)),
            "id_id_number",
            "The guardian must be 18 or older",
        ),
        ("phone", "010 8888 6666", "id_phone", "Enter a mainland China mobile number"),
        (
            "id_card_scan",
            upload("id.gif", b"GIF89a...."),
            "id_id_card_scan",
            "must be a JPG, PNG or PDF",
        ),
    ],
)
def test_bad_guardian_answers_are_refused(
    parent_client, at_guardian, field, value, field_id, message
):
    response = parent_client.post(
        step_url(at_guardian, "guardian"), guardian_answers(**{field: value})
    )
    assert_field_error(response, field_id, message)
    assert not Guardian.objects.exists()


def test_the_guardian_cannot_use_the_childs_id_number(parent_client, at_guardian):
    response = parent_client.post(
        step_url(at_guardian, "guardian"), guardian_answers(id_number=at_guardian.child.id_number)
    )
    assert_field_error(response, "id_id_number", "the same as the child's")


@pytest.mark.parametrize(
    ("relationship", "male", "message"),
    [
        ("father", False, "The ID number is a woman's, but you chose father"),
        ("mother", True, "The ID number is a man's, but you chose mother"),
    ],
)
def test_a_father_or_mother_must_have_an_id_number_of_that_sex(
    parent_client, at_guardian, relationship, male, message
):
    id_number = resident_id(years_ago(35), male=male)
    response = parent_client.post(
        step_url(at_guardian, "guardian"),
        guardian_answers(relationship=relationship, id_number=id_number),
    )
    assert_field_error(response, "id_id_number", message)
    assert field_value(response, "id_id_number") == id_number
    assert checked_value(response, "relationship") == relationship
    assert not Guardian.objects.exists()


@pytest.mark.parametrize(
    ("relationship", "male"),
    [("father", True), ("mother", False), ("grandparent", False), ("other", True)],
)
def test_a_relationship_that_agrees_with_the_id_number_is_accepted(
    parent_client, at_guardian, relationship, male
):
    response = parent_client.post(
        step_url(at_guardian, "guardian"),
        guardian_answers(
            relationship=relationship, id_number=resident_id(years_ago(40), male=male)
        ),
    )
    assert_redirects_to(response, next_step_url(at_guardian, "guardian"))
    assert Guardian.objects.get(application=at_guardian).relationship == relationship


def test_the_factories_make_a_guardian_whose_id_number_agrees_with_the_relationship(parent, office):
    guardian = make_application(parent, office, before=wizard.PhotoStep).guardian
    assert guardian.relationship == "father"
    assert (
        validators.guardian_relationship_mismatch(guardian.relationship, guardian.id_number) is None
    )


def test_the_guardian_id_scan_is_optional_and_says_so(parent_client, at_guardian):
    page = parent_client.get(step_url(at_guardian, "guardian"))
    assert "Upload a scan of the guardian's ID card (optional)" in text(page)
    response = parent_client.post(step_url(at_guardian, "guardian"), guardian_answers())
    assert_redirects_to(response, next_step_url(at_guardian, "guardian"))
    assert Guardian.objects.get(application=at_guardian).phone == "13800138000"


# --- Photo --------------------------------------------------------------------------------


@pytest.fixture
def at_photo(parent, office):
    return make_application(parent, office, before=wizard.PhotoStep)


def test_a_photo_is_required_when_the_child_needs_one(parent_client, at_photo):
    response = parent_client.post(step_url(at_photo, "photo"), {})
    assert_field_error(response, "id_photo", "Upload a photo of the child")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("p.jpg", image_bytes(200, 300)), "at least 358 pixels wide and 441 pixels high"),
        (upload("p.jpg", image_bytes(600, 500)), "The photo must be a portrait"),
        (upload("p.pdf", PDF_BYTES), "The photo must be a JPG or PNG"),
        (upload("p.jpg", b""), "The child's photo: the selected file is empty"),
    ],
)
def test_bad_photos_are_refused(parent_client, at_photo, file, message):
    response = parent_client.post(step_url(at_photo, "photo"), {"photo": file})
    assert_field_error(response, "id_photo", message)
    assert not Document.objects.filter(application=at_photo, kind=Document.Kind.PHOTO).exists()


def stored_photo(application):
    return Document.objects.get(application=application, kind=Document.Kind.PHOTO)


def test_an_uploaded_photo_is_shown_back_as_the_card_photo_to_confirm(parent_client, at_photo):
    response = parent_client.post(
        step_url(at_photo, "photo"), {"photo": factories.photo_upload("me.jpg", 1200, 1600)}
    )
    assert_redirects_to(response, step_url(at_photo, "photo"))
    page = parent_client.get(step_url(at_photo, "photo"))
    document_url = reverse("enrollment:document", args=[at_photo.public_id, "photo"])
    shown = soup(page).select_one(f'img[src="{document_url}"]')
    assert shown["alt"] == "The child's photo as it will be printed on the card"
    assert "This is the photo as it will be printed" in text(page)
    assert soup(page).select_one('button[name="use_photo"]').text == "Use this photo"
    assert soup(page).find("a", string="Choose another photo")["href"] == "?another=1"
    assert soup(page).select_one('input[type="file"]') is None
    assert stored_photo(at_photo).confirmed_at is None
    card_photo = parent_client.get(document_url)
    assert b"".join(card_photo.streaming_content).startswith(b"\xff\xd8\xff")
    assert (stored_photo(at_photo).width, stored_photo(at_photo).height) == (358, 441)
    assert stored_photo(at_photo).size < 40 * 1024


def test_using_the_photo_completes_the_step(parent_client, at_photo):
    parent_client.post(step_url(at_photo, "photo"), {"photo": factories.photo_upload()})
    response = parent_client.post(step_url(at_photo, "photo"), {"use_photo": "1"})
    assert_redirects_to(response, next_step_url(at_photo, "photo"))
    assert stored_photo(at_photo).confirmed_at is not None
    page = parent_client.get(step_url(at_photo, "photo"))  # coming back: the upload form
    assert soup(page).select_one('input[type="file"]') is not None
    assert "photo.jpg" in text(page)


def test_the_step_after_an_unconfirmed_photo_cannot_be_reached(parent_client, at_photo):
    parent_client.post(step_url(at_photo, "photo"), {"photo": factories.photo_upload()})
    assert_redirects_to(parent_client.get(step_url(at_photo, "fee")), step_url(at_photo, "photo"))
    # Continuing from the upload form without choosing a file comes back to confirm.
    response = parent_client.post(step_url(at_photo, "photo") + "?another=1", {})
    assert_redirects_to(response, step_url(at_photo, "photo"))
    assert stored_photo(at_photo).confirmed_at is None


def test_choosing_another_photo_replaces_it_and_asks_again(parent_client, at_photo):
    parent_client.post(step_url(at_photo, "photo"), {"photo": factories.photo_upload("a.jpg")})
    parent_client.post(step_url(at_photo, "photo"), {"use_photo": "1"})
    parent_client.post(
        step_url(at_photo, "photo") + "?change=1", {"photo": factories.photo_upload("b.jpg")}
    )
    page = parent_client.get(step_url(at_photo, "photo") + "?change=1")
    assert soup(page).find("a", string="Choose another photo")["href"] == "?another=1&change=1"

    another = parent_client.get(step_url(at_photo, "photo") + "?another=1")
    assert soup(another).select_one('input[type="file"]') is not None
    response = parent_client.post(
        step_url(at_photo, "photo") + "?another=1", {"photo": factories.photo_upload("c.jpg")}
    )
    assert_redirects_to(response, step_url(at_photo, "photo"))
    assert stored_photo(at_photo).original_name == "c.jpg"
    assert stored_photo(at_photo).confirmed_at is None


def test_a_bad_replacement_photo_is_refused_with_its_message(parent_client, at_photo):
    parent_client.post(step_url(at_photo, "photo"), {"photo": factories.photo_upload("a.jpg")})
    response = parent_client.post(
        step_url(at_photo, "photo") + "?another=1",
        {"photo": upload("p.jpg", image_bytes(600, 500))},
    )
    assert_field_error(response, "id_photo", "The photo must be a portrait")
    assert stored_photo(at_photo).original_name == "a.jpg"


# --- Fee ----------------------------------------------------------------------------------


@pytest.fixture
def at_fee(parent, office):
    return make_application(parent, office, before=wizard.FeeStep)


def test_the_subsidy_question_must_be_answered(parent_client, at_fee):
    response = parent_client.post(step_url(at_fee, "fee"), {})
    assert_field_error(
        response,
        "id_subsidy_0",
        "Select the group the child belongs to, or that the child belongs to none",
    )


def test_a_subsidy_of_another_schedule_cannot_be_chosen(parent_client, at_fee):
    other = factories.make_fee_schedule(region="Elsewhere")
    foreign = factories.make_subsidy(other)
    response = parent_client.post(step_url(at_fee, "fee"), {"subsidy": foreign.pk})
    assert_field_error(response, "id_subsidy_0", "Select one of the groups listed")


def test_a_subsidy_needs_its_proof(parent_client, at_fee):
    schedule = factories.FeeSchedule.objects.filter(region=at_fee.office.region).latest("year")
    subsidy = factories.make_subsidy(schedule)
    response = parent_client.post(step_url(at_fee, "fee"), {"subsidy": subsidy.pk})
    assert_field_error(
        response,
        "id_subsidy_proof",
        "Upload the proof that the child belongs to the group you chose",
    )
    assert checked_value(response, "subsidy") == str(subsidy.pk)
    response = parent_client.post(
        step_url(at_fee, "fee"),
        {"subsidy": subsidy.pk, "subsidy_proof": upload("p.pdf", PDF_BYTES)},
    )
    assert_redirects_to(response, reverse("enrollment:check", args=[at_fee.public_id]))
    assert Application.objects.get(pk=at_fee.pk).subsidy_category == subsidy


# --- Declaration --------------------------------------------------------------------------


def test_the_declaration_must_be_confirmed(parent_client, parent, office):
    application = make_application(parent, office)
    response = parent_client.post(
        reverse("enrollment:declaration", args=[application.public_id]), {}
    )
    assert_field_error(
        response,
        "id_confirmed",
        "Confirm that the information is correct to submit the application",
    )
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def test_the_fee_page_paraphrases_article_25_as_the_law_says_and_names_its_sources(
    parent_client, parent, office
):
    from enrollment.models import FeeSchedule

    FeeSchedule.objects.update(source="2025 national notice")
    application = make_application(parent, office)
    page = text(parent_client.get(step_url(application, "fee")))
    assert "people over 60 and minors of low-income families" in page
    assert "lost the ability to work through disability" in page
    assert "disabled children" not in page
    assert "Source: 2025 national notice" in page


def test_change_links_name_the_answer_as_written(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    Application.objects.filter(pk=application.pk).update(status="draft")
    page = soup(parent_client.get(reverse("enrollment:check", args=[application.public_id])))
    hidden = [span.get_text() for span in page.select("a .visually-hidden")]
    assert " resident ID number (child)" in hidden
    assert not any("id number" in text for text in hidden)


def test_the_office_question_is_the_pages_heading_and_one_office_is_ticked(parent_client, office):
    page = soup(parent_client.get(reverse("enrollment:new")))
    (heading,) = page.find_all("h1")
    assert heading.parent.name == "legend"
    assert heading.get_text() == "Which community office will you apply to?"
    assert page.main.get_text().count("Which community office will you apply to?") == 1
    (office_radio,) = page.select("input[name=office]")
    assert office_radio.has_attr("checked")


def test_with_several_offices_none_is_ticked_for_the_parent(parent_client, office):
    factories.make_office("Another office")
    page = soup(parent_client.get(reverse("enrollment:new")))
    assert not any(radio.has_attr("checked") for radio in page.select("input[name=office]"))

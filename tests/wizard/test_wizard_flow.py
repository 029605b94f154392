"""The order of the steps, skipping, resuming, changing answers and submitting."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enrollment import wizard
from enrollment.applications import answers, reference_numbers, services
from enrollment.models import Application, Document, StatusChange
from tools import factories
from tools.factories import make_application, years_ago
from tools.fake import resident_id

from ..answers import (
    STEP_ORDER,
    answers_by_step,
    child_answers,
    next_step,
    next_step_url,
    previous_step,
    step_url,
)
from ..pages import soup, text


def test_the_steps_come_in_the_order_of_the_paper_process():
    assert [step.identifier for step in wizard.STEPS] == STEP_ORDER


def test_the_photo_step_is_skipped_for_a_preschooler_enrolling_for_the_first_time(parent, office):
    application = make_application(
        parent,
        office,
        before=wizard.HouseholdRegisterStep,
        born=years_ago(3),
        first_enrollment=True,
    )
    flow = wizard.Flow(application)
    assert "photo" not in [s.identifier for s in flow.steps]
    before_photo = STEP_ORDER[STEP_ORDER.index("photo") - 1]
    after_photo = next_step("photo")
    assert flow.after(flow.step(before_photo)).identifier == after_photo
    assert flow.before(flow.step(after_photo)).identifier == before_photo
    # The counter keeps counting the photo's page: "Step 6 of 6" on the last.
    last = len(STEP_ORDER)
    assert flow.position(flow.step(STEP_ORDER[-1])) == (last, last)


def test_the_photo_step_applies_to_a_school_age_child(parent, office):
    application = make_application(
        parent,
        office,
        before=wizard.HouseholdRegisterStep,
        born=years_ago(7),
        first_enrollment=True,
    )
    flow = wizard.Flow(application)
    assert "photo" in [s.identifier for s in flow.steps]
    last = len(STEP_ORDER)
    assert flow.position(flow.step(STEP_ORDER[-1])) == (last, last)


def _walk_the_wizard(parent_client, parent, office, *, child):
    """Answer every step a parent is sent to, from the office on, and return the counter each
    page showed ("Step 2 of 6"), as numbers."""
    counters = []
    response = parent_client.get(reverse("enrollment:new"))
    counters.append(_step_counter(response))
    response = parent_client.post(reverse("enrollment:new"), {"office": office.pk})
    application = Application.objects.get(owner=parent)
    answers = answers_by_step(office, child=child)
    check = reverse("enrollment:check", args=[application.public_id])
    while response["Location"] != check:
        url = response["Location"]
        page = parent_client.get(url)
        answer = answers[url.rstrip("/").rsplit("/", 1)[-1]]
        if url.endswith("/photo/") and application.documents.filter(kind="photo").exists():
            # The card photo shown back to confirm: the same step, its counter unchanged.
            assert _step_counter(page) == counters[-1]
            answer = {"use_photo": "1"}
        else:
            counters.append(_step_counter(page))
        response = parent_client.post(url, answer)
        assert response.status_code == 302, text(response)
    return counters


def _step_counter(response):
    caption = re.fullmatch(r"Step (\d+) of (\d+)", soup(response).select_one("p.caption").text)
    return int(caption[1]), int(caption[2])


@pytest.mark.parametrize(
    "child",
    [
        child_answers(
            id_number=resident_id(years_ago(3), male=True),
            date_of_birth=years_ago(3).isoformat(),
            first_enrollment="True",
            last_covered_year="",
        ),
        child_answers(),
    ],
    ids=["preschooler-without-photo", "eight-year-old-with-photo"],
)
def test_the_step_counter_keeps_its_total_and_never_goes_back(parent_client, parent, office, child):
    counters = _walk_the_wizard(parent_client, parent, office, child=child)
    assert {total for _, total in counters} == {len(STEP_ORDER)}
    numbers = [number for number, _ in counters]
    assert numbers == sorted(set(numbers))
    assert numbers[0] == 1 and numbers[-1] == len(STEP_ORDER)


def test_asking_whether_a_step_applies_changes_nothing(parent, office):
    application = make_application(parent, office, born=years_ago(7))
    before = Document.objects.filter(application=application).count()
    application.child.date_of_birth = years_ago(3)
    application.child.first_enrollment = True
    application.child.save()
    application = Application.objects.get(pk=application.pk)
    assert not wizard.Flow.step("photo").is_applicable(application)
    assert Document.objects.filter(application=application).count() == before


def test_a_new_application_starts_with_the_office_and_goes_on_to_the_child(
    parent_client, parent, office
):
    response = parent_client.post(reverse("enrollment:new"), {"office": office.pk})
    application = Application.objects.get(owner=parent)
    assert response["Location"] == next_step_url(application, "office")
    assert application.history.get().to_status == Application.Status.DRAFT


def test_each_step_goes_on_to_the_next_and_the_last_to_check_answers(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.ChildStep)
    response = parent_client.post(step_url(application, "child"), child_answers())
    assert response["Location"] == next_step_url(application, "child")
    application = make_application(parent, office, before=wizard.FeeStep)
    response = parent_client.post(step_url(application, "fee"), {"subsidy": "none"})
    assert response["Location"] == next_step_url(application, "fee")


def test_a_parent_cannot_skip_ahead_of_the_first_unanswered_step(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.HouseholdRegisterStep)
    response = parent_client.get(step_url(application, "fee"))
    assert response["Location"] == step_url(application, "household-register")


def test_a_step_that_does_not_apply_sends_the_parent_on(parent_client, parent, office):
    application = make_application(
        parent, office, before=wizard.PhotoStep, born=years_ago(3), first_enrollment=True
    )
    response = parent_client.get(step_url(application, "photo"))
    assert response["Location"] == next_step_url(application, "photo")


def test_an_unknown_step_is_not_found(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.HouseholdRegisterStep)
    assert parent_client.get(step_url(application, "bank-details")).status_code == 404


def test_a_parent_resumes_from_another_browser_at_the_first_incomplete_step_with_answers_kept(
    parent, office
):
    application = make_application(parent, office, before=wizard.GuardianStep)
    elsewhere = Client(headers={"Accept-Language": "en"})
    elsewhere.post(
        reverse("email_sign_in"), {"username": parent.email, "password": factories.PASSWORD}
    )
    response = elsewhere.get(reverse("enrollment:application", args=[application.public_id]))
    assert response["Location"] == step_url(application, "guardian")
    child_page = elsewhere.get(step_url(application, "child"))
    assert soup(child_page).find(id="id_id_number")["value"] == application.child.id_number
    register_page = elsewhere.get(step_url(application, "household-register"))
    assert "Uploaded:" in text(register_page)


def test_the_back_link_goes_to_the_previous_step(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.PhotoStep)
    page = soup(parent_client.get(step_url(application, "guardian")))
    assert page.select_one("a.back-link")["href"] == step_url(
        application, previous_step("guardian")
    )


def test_check_answers_shows_every_answer_with_a_change_link(parent_client, parent, office):
    application = make_application(parent, office)
    response = parent_client.get(reverse("enrollment:check", args=[application.public_id]))
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Check your answers before submitting your application"
    content = text(response)
    for answer in [
        application.child.full_name,
        application.child.id_number,
        "110001234",
        "13800138000",
        "¥400.00",
    ]:
        assert answer in content
    assert "Not provided" in content  # the optional ID card scan
    change_links = [a for a in page.select("main a") if a.get_text().startswith("Change")]
    assert len(change_links) >= 15
    hidden = change_links[1].select_one(".visually-hidden").get_text()
    assert "full name" in hidden


def test_after_a_change_continue_returns_to_check_answers(parent_client, parent, office):
    application = make_application(parent, office)
    url = step_url(application, "guardian") + "?change=1"
    page = soup(parent_client.get(url))
    assert page.select_one("a.back-link")["href"] == reverse(
        "enrollment:check", args=[application.public_id]
    )
    response = parent_client.post(
        url,
        {
            "full_name": "李华",
            "relationship": "mother",
            "id_number": resident_id(years_ago(33), male=False),
            "phone": "13912345678",
        },
    )
    assert response["Location"] == reverse("enrollment:check", args=[application.public_id])
    assert Application.objects.get(pk=application.pk).guardian.full_name == "李华"


def test_a_change_that_makes_a_photo_needed_asks_for_it_before_returning_to_check(
    parent_client, parent, office
):
    application = make_application(parent, office, born=years_ago(3), first_enrollment=True)
    assert not Document.objects.filter(application=application, kind="photo").exists()
    answers = child_answers(
        id_number=application.child.id_number,
        date_of_birth=application.child.date_of_birth.isoformat(),
        first_enrollment="False",
    )
    response = parent_client.post(step_url(application, "child") + "?change=1", answers)
    check = reverse("enrollment:check", args=[application.public_id])
    assert response["Location"] == step_url(application, "photo") + "?change=1"
    assert parent_client.get(check)["Location"] == response["Location"]
    response = parent_client.post(response["Location"], {"photo": factories.photo_upload()})
    assert response["Location"] == step_url(application, "photo") + "?change=1"
    response = parent_client.post(response["Location"], {"use_photo": "1"})
    assert response["Location"] == check


def test_changing_the_office_asks_the_fee_question_again(parent, office):
    subsidy = factories.make_subsidy(
        factories.FeeSchedule.objects.filter(region=office.region).latest("year")
    )
    application = make_application(parent, office, subsidy=subsidy)
    other = factories.make_office(region=office.region)
    answers.application_change_office(application=application, office=other)
    application = Application.objects.get(pk=application.pk)
    assert not application.subsidy_answered and application.subsidy_category is None
    assert wizard.Flow(application).first_incomplete.identifier == "fee"


def test_submitting_freezes_the_application_with_a_reference_number_and_the_fee(
    parent_client, parent, office
):
    application = make_application(parent, office)
    response = parent_client.post(
        reverse("enrollment:declaration", args=[application.public_id]), {"confirmed": "on"}
    )
    assert response["Location"] == reverse("enrollment:confirmation", args=[application.public_id])
    application = Application.objects.get(pk=application.pk)
    assert application.status == Application.Status.SUBMITTED
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}", application.reference_number)
    assert application.reference_number.startswith(str(timezone.localdate().year))
    assert reference_numbers.is_well_formed(application.reference_number)
    assert str(application.fee_due) == "400.00"
    (year,) = application.quoted_years.all()
    next_year = timezone.localdate().year + 1
    assert (year.year, year.amount_due, year.cover_starts) == (
        next_year,
        Decimal("400.00"),
        datetime.date(next_year, 1, 1),
    )
    move = application.history.get(to_status=Application.Status.SUBMITTED)
    assert (move.from_status, move.changed_by) == (Application.Status.DRAFT, parent)


def test_a_submitted_application_can_no_longer_be_changed(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    for step in ["child", "household-register", "guardian", "photo", "fee"]:
        response = parent_client.post(step_url(application, step), child_answers(full_name="李四"))
        assert response["Location"] == reverse(
            "enrollment:application", args=[application.public_id]
        )
    assert Application.objects.get(pk=application.pk).child.full_name == "王小明"
    response = parent_client.get(reverse("enrollment:check", args=[application.public_id]))
    assert response["Location"] == reverse("enrollment:application", args=[application.public_id])


def test_submitting_twice_makes_one_submission(parent_client, parent, office):
    application = make_application(parent, office)
    url = reverse("enrollment:declaration", args=[application.public_id])
    first = parent_client.post(url, {"confirmed": "on"})
    reference = Application.objects.get(pk=application.pk).reference_number
    second = parent_client.post(url, {"confirmed": "on"})
    assert first["Location"] == second["Location"]
    assert Application.objects.get(pk=application.pk).reference_number == reference
    assert StatusChange.objects.filter(application=application, to_status="submitted").count() == 1


def test_the_service_refuses_a_second_submission(parent, office):
    application = make_application(parent, office, upto="submitted")
    with pytest.raises(answers.ApplicationNotEditable):
        services.application_submit(application=application, by=parent)


def test_an_incomplete_application_cannot_be_submitted(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.PhotoStep)
    response = parent_client.post(
        reverse("enrollment:declaration", args=[application.public_id]), {"confirmed": "on"}
    )
    assert response["Location"] == step_url(application, "photo") + "?change=1"
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def remove_register_page(application):
    application.documents.filter(kind=Document.Kind.REGISTER_CHILD_PAGE).delete()


def claim_a_subsidy_without_its_proof(application):
    schedule = factories.FeeSchedule.objects.filter(region=application.office.region).latest("year")
    answers.subsidy_choose(
        application=application, subsidy_category=factories.make_subsidy(schedule)
    )


@pytest.mark.parametrize(
    "remove",
    [
        lambda a: a.child.delete(),
        lambda a: a.household_register.delete(),
        remove_register_page,
        lambda a: a.guardian.delete(),
        lambda a: a.documents.filter(kind=Document.Kind.PHOTO).delete(),
        lambda a: Application.objects.filter(pk=a.pk).update(subsidy_answered=False),
        claim_a_subsidy_without_its_proof,
    ],
    ids=["child", "register", "register page", "guardian", "photo", "fee", "subsidy proof"],
)
def test_the_submit_service_refuses_an_application_missing_any_answer(parent, office, remove):
    application = make_application(parent, office, born=years_ago(8))
    remove(application)
    application = Application.objects.get(pk=application.pk)
    with pytest.raises(services.ApplicationIncomplete):
        services.application_submit(application=application, by=parent)
    after = Application.objects.get(pk=application.pk)
    assert (after.status, after.reference_number) == (Application.Status.DRAFT, None)
    assert not after.history.filter(to_status=Application.Status.SUBMITTED).exists()


def test_the_confirmation_page_works_when_bookmarked(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    response = parent_client.get(reverse("enrollment:confirmation", args=[application.public_id]))
    content = text(response)
    assert application.reference_number in content
    assert office.address in content and office.phone in content
    assert "The household register booklet (hukou), original and a copy" in content
    assert "What happens next" in content


def test_the_confirmation_checklist_fits_the_child(parent_client, parent, office):
    born = timezone.localdate() - datetime.timedelta(days=10)
    groups = {
        schedule.year: factories.make_subsidy(schedule, proof="Disability certificate")
        for schedule in factories.FeeSchedule.objects.filter(region=office.region)
    }
    subsidy = groups[born.year]  # a newborn's first year is the year of birth
    newborn = make_application(
        parent,
        office,
        upto="submitted",
        born=born,
        first_enrollment=True,
        subsidy=subsidy,
    )
    content = text(parent_client.get(reverse("enrollment:confirmation", args=[newborn.public_id])))
    assert "The original birth medical certificate" in content
    assert "Disability certificate, the original" in content
    assert "No photo is needed: the child is a preschooler enrolling for the first time" in content


def test_my_applications_lists_each_child_with_its_status(parent_client, parent, office):
    draft = make_application(parent, office, before=wizard.ChildStep)
    submitted = make_application(parent, office, upto="submitted")
    response = parent_client.get(reverse("enrollment:my_applications"))
    content = text(response)
    assert submitted.reference_number in content and "Submitted" in content
    assert "Draft" in content and "Child not given yet" in content
    page = soup(response)
    hrefs = [a["href"] for a in page.select("main .application-list a")]
    assert reverse("enrollment:application", args=[draft.public_id]) in hrefs


def test_the_status_page_shows_the_history(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    content = text(
        parent_client.get(reverse("enrollment:application", args=[application.public_id]))
    )
    assert "Application started" in content and "Submitted" in content
    assert application.reference_number in content

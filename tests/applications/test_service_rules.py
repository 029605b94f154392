"""The services keep the rules themselves: whatever calls them (a form, a command, an import)
cannot store a child or a guardian the forms would refuse, nor change an application that has
left the parent's hands."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from enrollment import wizard
from enrollment.applications import answers
from enrollment.models import Child, Guardian
from tools.factories import make_application, years_ago
from tools.fake import resident_id


def child(**fields):
    born = years_ago(8)
    values = {
        "full_name": "王小明",
        "id_number": resident_id(born, male=True),
        "date_of_birth": born,
        "sex": "M",
        "first_enrollment": False,
    }
    values.update(fields)
    return Child(**values)


def guardian(**fields):
    values = {
        "full_name": "王大明",
        "relationship": "father",
        "id_number": resident_id(years_ago(35)),
        "phone": "13800138000",
    }
    values.update(fields)
    return Guardian(**values)


@pytest.mark.parametrize(
    ("part", "field"),
    [
        (child(id_number="110101201805010000"), "id_number"),
        (child(id_number="110101 2018 0501 0031"), "id_number"),
        (child(date_of_birth=datetime.date(1990, 1, 1)), "date_of_birth"),
        (child(sex="F"), "sex"),
        (guardian(id_number=resident_id(years_ago(12))), "id_number"),
        (guardian(id_number="not a number"), "id_number"),
        (guardian(phone="010-88886666"), "phone"),
    ],
    ids=[
        "bad ID check digit",
        "ID with spaces",
        "born an adult and against the ID",
        "sex against the ID",
        "a child as guardian",
        "guardian ID not a number",
        "landline as mobile",
    ],
)
def test_answers_the_forms_refuse_are_refused_by_the_service(parent, office, part, field):
    upto = wizard.ChildStep if isinstance(part, Guardian) else wizard.OfficeStep
    application = make_application(parent, office, upto=upto)
    with pytest.raises(ValidationError) as refused:
        answers.answers_save(application=application, part=part)
    assert field in refused.value.message_dict
    assert not type(part).objects.filter(application=application).exists()


def test_a_second_application_for_the_same_child_is_refused_by_the_service(parent, office):
    first = make_application(parent, office, upto="submitted")
    second = make_application(parent, office, before=wizard.ChildStep)
    with pytest.raises(ValidationError) as refused:
        answers.answers_save(application=second, part=child(id_number=first.child.id_number))
    assert "already been made" in " ".join(refused.value.message_dict["id_number"])


def test_nothing_changes_once_the_application_has_left_the_parents_hands(parent, office):
    application = make_application(parent, office, upto="submitted")
    for change in (
        lambda: answers.answers_save(application=application, part=guardian()),
        lambda: answers.subsidy_choose(application=application, subsidy_category=None),
        lambda: answers.application_change_office(application=application, office=office),
    ):
        with pytest.raises(answers.ApplicationNotEditable):
            change()

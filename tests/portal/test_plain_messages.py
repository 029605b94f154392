"""A null character in any text answer, or a choice that is not one of the options, gets a
clear message of our own next to the field, in both languages: never Django's mistranslated
"不允许是用空字符串" and never the value sent echoed back."""

import pytest
from django.test import Client
from django.urls import reverse

from enrollment import wizard
from tools.factories import make_application, make_supervisor

from ..answers import child_answers, step_url
from ..pages import assert_field_error, soup, text

NULL_MESSAGE = {
    "en": "This answer contains a hidden character (a null character) that cannot be stored",
    "zh-hans": "此项包含无法保存的隐藏字符（空字符）",
}
HOSTILE_CHOICE = "<script>alert(1)</script>"


def browser(parent, language):
    client = Client(headers={"Accept-Language": language})
    client.force_login(parent)
    return client


def field_error_text(response, field_id):
    return " ".join(soup(response).select_one(f"#{field_id}_error").get_text().split())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_null_character_gets_our_message_in_both_languages(parent, office, language):
    application = make_application(parent, office, before=wizard.ChildStep)
    response = browser(parent, language).post(
        step_url(application, "child"), child_answers(full_name="王\x00小明")
    )
    assert response.status_code == 200
    assert NULL_MESSAGE[language] in field_error_text(response, "id_full_name")
    assert "不允许是用空字符串" not in text(response)


@pytest.mark.parametrize(
    ("step", "upto", "answers", "field_id", "message"),
    [
        (
            "child",
            wizard.OfficeStep,
            child_answers(sex=HOSTILE_CHOICE),
            "id_sex_0",
            "Select the child's sex",
        ),
        (
            "household-register",
            wizard.ChildStep,
            {"register_type": HOSTILE_CHOICE, "relationship_to_head": HOSTILE_CHOICE},
            "id_register_type_0",
            "Select the household type",
        ),
        (
            "guardian",
            wizard.HouseholdRegisterStep,
            {"relationship": HOSTILE_CHOICE},
            "id_relationship_0",
            "Select the guardian's relationship to the child",
        ),
    ],
)
def test_a_choice_that_is_not_an_option_is_not_echoed(
    parent_client, parent, office, step, upto, answers, field_id, message
):
    application = make_application(parent, office, upto=upto)
    response = parent_client.post(step_url(application, step), answers)
    assert_field_error(response, field_id, message)
    assert "alert(1)" not in text(response)
    assert "is not one of the available choices" not in text(response)


def test_the_staff_move_forms_give_our_null_character_message(client, office, parent, staff):
    application = make_application(parent, office, upto="submitted")
    client.force_login(staff)
    response = client.post(
        reverse("admin:enrollment_application_move", args=[application.pk, "reject"]),
        {"reason": "Not\x00 here"},
    )
    assert response.status_code == 200
    assert NULL_MESSAGE["en"] in text(response)


def test_the_supervisors_admin_forms_give_our_null_character_message(client, office):
    client.force_login(make_supervisor("lead@example.com"))
    response = client.post(
        reverse("admin:enrollment_communityoffice_change", args=[office.pk]),
        {
            "name_zh_hans": "Office\x00",
            "region": office.region,
            "address_zh_hans": office.address,
            "opening_hours_zh_hans": office.opening_hours,
            "phone": office.phone,
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert NULL_MESSAGE["en"] in text(response)

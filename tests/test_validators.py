import datetime

import pytest
from django.core.exceptions import ValidationError

from enrollment import validators

from .factories import resident_id

VALID_ID = "11010120210315003X"


def test_valid_resident_id_is_returned_in_its_compact_upper_case_form():
    assert validators.clean_resident_id(" 110101 2021 0315 003x ") == VALID_ID


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "The ID number must be 18 characters"),
        ("1101012021031500", "The ID number must be 18 characters"),
        ("11010120210315003XX", "The ID number must be 18 characters"),
        ("1101012021031500AX", "The ID number must be 17 digits followed by a digit or X"),
        ("110101202103150031", "The ID number is not correct"),
        # A date that does not exist (31 February), with a correct check digit.
        ("110101202102310030", "region code or date of birth that does not exist"),
        # A region code that does not exist, with a correct check digit.
        ("990101202103150034", "region code or date of birth that does not exist"),
    ],
)
def test_bad_resident_ids_are_refused_with_a_plain_message(value, message):
    from stdnum.cn import ric

    if len(value) == 18 and message != "The ID number is not correct":
        value = value[:17] + ric.calc_check_digit(value[:17] + "0")
    with pytest.raises(ValidationError) as error:
        validators.clean_resident_id(value)
    assert message in error.value.messages[0]


def test_birth_date_and_sex_are_read_from_the_id_number():
    born = datetime.date(2020, 2, 29)
    assert validators.birth_date_in_id(resident_id(born)) == born
    assert validators.sex_in_id(resident_id(born, male=True)) == "M"
    assert validators.sex_in_id(resident_id(born, male=False)) == "F"


@pytest.mark.parametrize(
    "value", ["13800138000", "138 0013 8000", "+86 138-0013-8000", "0086 19912345678"]
)
def test_mainland_mobile_numbers_are_stored_as_eleven_digits(value):
    assert len(validators.clean_mobile_number(value)) == 11


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a mobile phone number"),
        ("010-88886666", "Enter a mainland China mobile number of 11 digits"),
        ("12800138000", "Enter a mainland China mobile number of 11 digits"),
        ("1380013800", "Enter a mainland China mobile number of 11 digits"),
        ("+852 91234567", "Enter a mainland China mobile number of 11 digits"),
    ],
)
def test_bad_mobile_numbers_are_refused(value, message):
    with pytest.raises(ValidationError) as error:
        validators.clean_mobile_number(value)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("name", ["王小明", "阿依古丽·买买提", "Li Xiaoming", "O'Neil-Wang"])
def test_names_as_written_on_the_register_are_accepted(name):
    assert validators.clean_person_name(f"  {name} ", whose="child's") == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Enter the child's full name"),
        ("王" * 51, "must be 50 characters or fewer"),
        ("<script>", "must only include Chinese characters"),
        ("王小明1", "must only include Chinese characters"),
    ],
)
def test_bad_names_are_refused(name, message):
    with pytest.raises(ValidationError) as error:
        validators.clean_person_name(name, whose="child's")
    assert message in error.value.messages[0]


def test_a_child_must_be_born_and_under_eighteen():
    today = datetime.date(2026, 11, 25)
    validators.check_minor(datetime.date(2008, 11, 26), today)
    with pytest.raises(ValidationError, match="under 18"):
        validators.check_minor(datetime.date(2008, 11, 25), today)
    with pytest.raises(ValidationError, match="today or in the past"):
        validators.check_minor(datetime.date(2026, 11, 26), today)


def test_a_guardian_must_be_an_adult():
    today = datetime.date(2026, 11, 25)
    validators.check_adult(datetime.date(2008, 11, 25), today)
    with pytest.raises(ValidationError, match="18 or older"):
        validators.check_adult(datetime.date(2008, 11, 26), today)

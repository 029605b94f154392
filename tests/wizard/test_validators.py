import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from enrollment import validators
from tools.fake import resident_id

VALID_ID = "11010120210315003X"
# GB/T 2260's provinces, and 81, 82, 83 for residence permits of Hong Kong, Macao and Taiwan.
PROVINCES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83"
).split()
RESIDENCE_PERMITS = ["81", "82", "83"]


def test_valid_resident_id_is_returned_in_its_compact_upper_case_form():
    assert validators.clean_resident_id(" 110101 2021 0315 003x ") == VALID_ID


def with_check_digit(first_17: str) -> str:
    """The 17 digits followed by their ISO 7064 MOD 11-2 check digit."""
    return first_17 + ric.calc_check_digit(first_17 + "0")


@pytest.mark.parametrize(
    "value",
    [
        # Dongcheng, Beijing: in the code table.
        with_check_digit("11010120210315003"),
        # County codes python-stdnum does not list: new counties appear every year.
        with_check_digit("11019920210315003"),
        with_check_digit("44039920210315003"),
        with_check_digit("65999920210315003"),
        # Chongqing's codes date from 1997 and Hainan's from 1988; people born earlier keep them.
        with_check_digit("50010119850101001"),
        with_check_digit("46010019800101001"),
        # Residence permits for Hong Kong, Macao and Taiwan residents.
        with_check_digit("81000019900101001"),
        with_check_digit("82000019900101001"),
        with_check_digit("83000019900101001"),
        # The check digit 10 is written X.
        "11010120210315003X",
        # The earliest date of birth accepted.
        with_check_digit("11010119000101001"),
    ],
)
def test_resident_ids_that_may_be_real_are_accepted(value):
    assert validators.clean_resident_id(value) == value


def test_a_resident_id_born_today_is_accepted():
    value = with_check_digit(f"110101{timezone.localdate():%Y%m%d}001")
    assert validators.clean_resident_id(value) == value


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("", "id_length", "The ID number must be 18 characters"),
        ("1101012021031500", "id_length", "The ID number must be 18 characters"),
        ("11010120210315003XX", "id_length", "The ID number must be 18 characters"),
        ("1101012021031500AX", "id_format", "The ID number must be 17 digits followed by a digit"),
        ("11010120210315003A", "id_format", "The ID number must be 17 digits followed by a digit"),
        ("X10101202103150030", "id_format", "The ID number must be 17 digits followed by a digit"),
        ("１１０１０１２０２１０３１５００３Ｘ", "id_format", "17 digits followed by a digit or X"),
        ("١١٠١٠١٢٠٢١٠٣١٥٠٠٣٤", "id_format", "17 digits followed by a digit or X"),
        ("110101202103150031", "id_checksum", "The ID number is not correct"),
        ("110101202103150030", "id_checksum", "The ID number is not correct"),
        *[
            (
                with_check_digit(f"{province}010120210315003"),
                "id_province",
                "The ID number starts with a region code that does not exist: check the first 2",
            )
            for province in "00 10 16 20 38 47 49 55 60 66 72 84 90 91 99".split()
        ],
        *[
            (
                with_check_digit(f"110101{date}003"),
                "id_birth_date",
                "The ID number contains a date of birth that does not exist",
            )
            for date in "20210231 20211301 20210000 20210100 00000101 18991231 99991231 20230229".split()
        ],
        *[
            (
                with_check_digit(f"{address}19900101001"),
                "id_permit_region",
                "starts with 810000, 820000 or 830000: check the first 6 digits",
            )
            for address in ["810100", "820101", "830100", "839999", "810001"]
        ],
    ],
)
def test_bad_resident_ids_are_refused_with_a_plain_message(value, code, message):
    with pytest.raises(ValidationError) as error:
        validators.clean_resident_id(value)
    assert error.value.code == code
    assert message in error.value.messages[0]


def test_a_resident_id_born_tomorrow_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        validators.clean_resident_id(with_check_digit(f"110101{tomorrow:%Y%m%d}001"))
    assert error.value.code == "id_birth_date"


@pytest.mark.parametrize(
    ("value", "whose", "expected"),
    [
        (with_check_digit("11010120210315003"), "child's", []),
        (with_check_digit("50010119850101001"), "guardian's", []),
        (
            with_check_digit("11019920210315003"),
            "child's",
            [
                "The child's ID number has the county code 110199, which is not in the region code "
                "table the portal knows (GB/T 2260, from python-stdnum). New counties appear every "
                "year: compare it with the household register."
            ],
        ),
        *[
            (
                with_check_digit(f"{address}19900101001"),
                "guardian's",
                [
                    f"The guardian's ID number is the number of a residence permit for {place} "
                    "residents: ask to see the residence permit rather than a resident ID card."
                ],
            )
            for address, place in [
                ("810000", "Hong Kong"),
                ("820000", "Macao"),
                ("830000", "Taiwan"),
            ]
        ],
    ],
)
def test_staff_notes_name_the_person_and_what_to_check(value, whose, expected):
    assert validators.resident_id_notes(value, whose=whose) == expected


def id_like_text():
    """18 characters: anything at all, the characters of ID numbers, or 17 digits (often with a
    listed province) followed by their check digit."""
    any_character = st.text(min_size=18, max_size=18)
    id_characters = st.text(alphabet="0123456789Xx -\n１٣", min_size=18, max_size=18)
    first_17 = st.one_of(
        st.text(alphabet="0123456789", min_size=17, max_size=17),
        st.builds(
            lambda province, rest: province + rest,
            st.sampled_from(PROVINCES),
            st.text(alphabet="0123456789", min_size=15, max_size=15),
        ),
    )
    return st.one_of(any_character, id_characters, first_17.map(with_check_digit))


@settings(max_examples=500, deadline=None)
@given(value=id_like_text())
def test_any_18_characters_are_cleaned_or_refused_with_a_message(value):
    try:
        cleaned = validators.clean_resident_id(value)
    except ValidationError as error:
        assert error.messages and error.code.startswith("id_")
    else:
        assert len(cleaned) == 18
        assert validators.birth_date_in_id(cleaned) <= timezone.localdate()
        assert validators.sex_in_id(cleaned) in ("M", "F")


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(id_like_text(), st.text(max_size=30)))
def test_staff_notes_on_any_stored_text_are_a_list_of_sentences(value):
    notes = validators.resident_id_notes(value, whose="child's")
    assert all(note.startswith("The child's ID number") for note in notes)


@st.composite
def possible_resident_ids(draw):
    """Numbers that pass every check: a listed province, any county (0000 for a residence
    permit), a real date from 1900 to today, any order code and the right check digit."""
    province = draw(st.sampled_from(PROVINCES))
    if province in RESIDENCE_PERMITS:
        county = "0000"
    else:
        county = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=timezone.localdate()))
    order = draw(st.integers(min_value=0, max_value=999))
    return with_check_digit(f"{province}{county}{born:%Y%m%d}{order:03d}")


@settings(max_examples=500, deadline=None)
@given(value=possible_resident_ids())
def test_every_number_that_may_be_real_is_accepted(value):
    assert validators.clean_resident_id(value) == value
    assert validators.clean_resident_id(value.lower()) == value


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

import pytest

from portal.phone_numbers import masked_phone_number, parse_mainland_mobile, spaced_phone_number


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+8613800138000",
        "8613800138000",
        " 138 0013 8000 ",
    ],
)
def test_a_mainland_mobile_number_is_read_however_it_is_typed(typed):
    assert parse_mainland_mobile(typed) == "+8613800138000"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "010 6552 9988",  # a Beijing landline
        "12345678901",  # no carrier has 123
        "+1 650 253 0000",  # not mainland China
        "+852 9123 4567",  # Hong Kong
        "138 0013 800O",  # a letter O for a zero
        "1" * 41,
    ],
)
def test_anything_else_is_not_a_mainland_mobile_number(typed):
    assert parse_mainland_mobile(typed) is None


def test_a_number_is_shown_masked_to_others_and_spaced_to_its_owner():
    assert masked_phone_number("+8613800138000") == "138****8000"
    assert spaced_phone_number("+8613800138000") == "138 0013 8000"

"""Checks on what parents and staff type: resident ID numbers, phone numbers, names and dates.

Each check returns the cleaned value or raises a ValidationError whose message a parent can act
on; the messages name the person the field is about, so the same check serves child and guardian.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric

from . import rules

NAME_MAX_LENGTH = 50
# Names as written on the household register: Chinese characters (with the middle dot of
# minority-language names), or Latin letters with spaces, hyphens and apostrophes.
NAME_PATTERN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•\.A-Za-z' \-]+$")
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")

RESIDENT_ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")
# The first two digits of a GB 11643 address code: the provinces, autonomous regions and
# municipalities of GB/T 2260 (Codes for the administrative divisions of the People's Republic
# of China, as published by the Ministry of Civil Affairs), and 81, 82 and 83, which begin the
# numbers of residence permits for Hong Kong, Macao and Taiwan residents (Measures for applying
# for and issuing the permits, State Council General Office 2018 No. 81: address codes 810000,
# 820000 and 830000). 71 is Taiwan Province in GB/T 2260.
PROVINCE_CODES = frozenset(
    {
        *("11", "12", "13", "14", "15"),
        *("21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46"),
        *("50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65"),
        "71",
        *("81", "82", "83"),
    }
)
RESIDENCE_PERMIT_PLACES = {
    "81": gettext_lazy("Hong Kong"),
    "82": gettext_lazy("Macao"),
    "83": gettext_lazy("Taiwan"),
}
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# The number of a birth medical certificate (出生医学证明编号): one letter and 9 digits, printed
# at the bottom right of each of its three parts. The 7th edition (National Health Commission,
# in use since 1 April 2023) adds a bar code and keeps the "1 letter + 9 digits" form, as the
# Taixing government reports (www.taixing.gov.cn/xwzx/txxw/art/2023/
# art_ca004de18fc24669b6112f2192ce15c9.html).
BIRTH_CERTIFICATE_PATTERN = re.compile(r"[A-Z][0-9]{9}")
# Foreign permanent residence ID cards (外国人永久居留身份证): since 1 December 2023 18
# characters starting with 9, checked like a resident ID number; before, 3 letters (the
# nationality) and 12 digits (National Immigration Administration, machine-readable rules of
# the 2023 card).
# The 18 characters are 9, the province that took the application, the nationality (3 digits),
# the date of birth, an order code and the check digit.
FOREIGN_PERMANENT_RESIDENCE_PATTERNS = (
    re.compile(r"9[0-9]{16}[0-9X]"),
    re.compile(r"[A-Z]{3}[0-9]{12}"),
)


def compact_number(value: str) -> str:
    """A number as typed, without spaces or hyphens, in capitals."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def is_foreign_permanent_residence_number(value: str) -> bool:
    """The number of a foreign permanent residence ID card, of either form; an 18-character one
    only with a real province and the right check digit, so that a mistyped resident ID number
    still hears what is wrong with it."""
    new_form, old_form = FOREIGN_PERMANENT_RESIDENCE_PATTERNS
    compact = compact_number(value)
    if old_form.fullmatch(compact):
        return True
    return bool(
        new_form.fullmatch(compact)
        and compact[1:3] in PROVINCE_CODES
        and compact[-1] == ric.calc_check_digit(compact)
    )


def is_residence_permit_number(id_number: str) -> bool:
    """A resident ID number of a residence permit for Hong Kong, Macao or Taiwan residents."""
    return id_number[:2] in RESIDENCE_PERMIT_PLACES


def clean_birth_certificate_number(value: str) -> str:
    """The birth medical certificate number, compact and in capitals: one letter, 9 digits."""
    compact = compact_number(value)
    if not BIRTH_CERTIFICATE_PATTERN.fullmatch(compact):
        raise ValidationError(
            _(
                "Enter the birth medical certificate number as it is printed: 1 letter and 9 "
                "digits, for example O123456789"
            ),
            code="birth_certificate_format",
        )
    return compact


def validate_birth_certificate_number(value: str) -> None:
    if clean_birth_certificate_number(value) != value:
        raise ValidationError(
            _("The birth medical certificate number must be stored as 10 characters"),
            code="birth_certificate_not_compact",
        )


def clean_resident_id(value: str) -> str:
    """A resident ID number (GB 11643) in its 18-character form, upper-case X as check digit.

    Checks the format, the check digit, the province, the date of birth and, for residence
    permits, the whole address code. A county code missing from the code table is accepted:
    `resident_id_notes` tells staff to compare it with the household register.
    """
    compact = re.sub(r"[\s\-]", "", value or "").upper()
    if len(compact) != 18:
        raise ValidationError(_("The ID number must be 18 characters"), code="id_length")
    if not RESIDENT_ID_PATTERN.fullmatch(compact):
        raise ValidationError(
            _("The ID number must be 17 digits followed by a digit or X"), code="id_format"
        )
    if compact[-1] != ric.calc_check_digit(compact):
        raise ValidationError(
            _("The ID number is not correct: check it against the ID card or household register"),
            code="id_checksum",
        )
    if compact[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "The ID number starts with a region code that does not exist: "
                "check the first 2 digits"
            ),
            code="id_province",
        )
    born = _real_birth_date(compact)
    if born is None or not EARLIEST_BIRTH_DATE <= born <= timezone.localdate():
        raise ValidationError(
            _("The ID number contains a date of birth that does not exist: check digits 7 to 14"),
            code="id_birth_date",
        )
    if compact[:2] in RESIDENCE_PERMIT_PLACES and compact[2:6] != "0000":
        raise ValidationError(
            _(
                "A residence permit number for Hong Kong, Macao or Taiwan residents starts with "
                "810000, 820000 or 830000: check the first 6 digits"
            ),
            code="id_permit_region",
        )
    return compact


def _real_birth_date(id_number: str) -> datetime.date | None:
    """The date in digits 7 to 14 of an 18-digit number, or None when no such day exists."""
    try:
        return ric.get_birth_date(id_number)
    except stdnum_errors.InvalidComponent:
        return None


def _county_in_code_table(address_code: str) -> bool:
    """Whether python-stdnum's copy of GB/T 2260 lists the 6-digit address code, in any year.

    Not `ric.get_birth_place`: it raises KeyError for a county it does not list, and refuses a
    code listed only from a year after the birth, yet people keep the code they were first
    registered under (Chongqing's 50 codes date from 1997, Hainan's 46 codes from 1988).
    The table lookup itself cannot fail: an unknown code comes back without a county.
    """
    region_codes = numdb.get("cn/loc")  # read once, then kept by numdb
    return any("county" in properties for _part, properties in region_codes.info(address_code))


def resident_id_notes(id_number: str, *, whose: str) -> list[str]:
    """What staff should check by hand about an ID number the portal accepted: a residence
    permit number, or a county code missing from the code table. `whose` is "child's" or
    "guardian's" in the notes."""
    address_code = id_number[:6]
    if not re.fullmatch(r"[0-9]{6}", address_code):
        return []
    place = RESIDENCE_PERMIT_PLACES.get(address_code[:2])
    if place is not None:
        return [
            _(
                "The %(whose)s ID number is the number of a residence permit for %(place)s "
                "residents: ask to see the residence permit rather than a resident ID card."
            )
            % {"whose": whose, "place": place}
        ]
    if not _county_in_code_table(address_code):
        return [
            _(
                "The %(whose)s ID number has the county code %(code)s, which is not in the region "
                "code table the portal knows (GB/T 2260, from python-stdnum). New counties appear "
                "every year: compare it with the household register."
            )
            % {"whose": whose, "code": address_code}
        ]
    return []


def birth_date_in_id(id_number: str) -> datetime.date:
    return ric.get_birth_date(id_number)


def sex_in_id(id_number: str) -> str:
    """The 17th character is odd for men ("M") and even for women ("F") (GB 11643)."""
    return "M" if int(id_number[16]) % 2 else "F"


def child_id_mismatches(id_number: str, born, sex: str) -> dict[str, str]:
    """Where the child's date of birth or sex disagrees with the ID number, which holds both
    (GB 11643): field name -> message. Nothing for an answer that is missing or not valid
    itself: its own check says what is wrong with it."""
    if not id_number or not RESIDENT_ID_PATTERN.fullmatch(id_number):
        return {}
    from_id = _real_birth_date(id_number)
    mismatches = {}
    if born and from_id and born != from_id:
        mismatches["date_of_birth"] = _(
            "The date of birth does not match the ID number, which gives %(date)s"
        ) % {"date": from_id.isoformat()}
    if sex in ("M", "F") and sex_in_id(id_number) != sex:
        mismatches["sex"] = _(
            "The sex does not match the ID number: its 17th digit is odd for boys and even for girls"
        )
    return mismatches


# The guardian relationships that say the guardian's sex, and the sex each one says.
RELATIONSHIP_SEX = {"father": "M", "mother": "F"}


def guardian_relationship_mismatch(relationship: str, id_number: str) -> str | None:
    """What is wrong when a father's ID number is a woman's or a mother's a man's (the 17th
    character, GB 11643); None when they agree, when the relationship says no sex
    (grandparent, other guardian) or when the number is not valid: its own check says why."""
    expected = RELATIONSHIP_SEX.get(relationship)
    if expected is None or not id_number or not RESIDENT_ID_PATTERN.fullmatch(id_number):
        return None
    if sex_in_id(id_number) == expected:
        return None
    if expected == "M":
        return _(
            "The ID number is a woman's, but you chose father: check the number, or choose the "
            "relationship again"
        )
    return _(
        "The ID number is a man's, but you chose mother: check the number, or choose the "
        "relationship again"
    )


# Validators of the model fields: whatever stores a child or a guardian (a form, a service, an
# import) stores only what the forms accept.


def validate_resident_id(value: str) -> None:
    """A valid resident ID number, in the compact upper-case form the portal stores."""
    if clean_resident_id(value) != value:
        raise ValidationError(
            _("The ID number must be stored as 18 characters without spaces"), code="id_not_compact"
        )


def validate_child_birth_date(value: datetime.date) -> None:
    check_minor(value, timezone.localdate())


def validate_adult_id_number(value: str) -> None:
    """The ID number of someone 18 or older (a number that is not valid is left to
    validate_resident_id, which runs beside this one)."""
    born = _real_birth_date(value) if RESIDENT_ID_PATTERN.fullmatch(value or "") else None
    if born is not None:
        check_adult(born, timezone.localdate())


def validate_mobile_number(value: str) -> None:
    """A mainland mobile number in the 11 digits the portal stores."""
    if clean_mobile_number(value) != value:
        raise ValidationError(
            _("The mobile phone number must be stored as 11 digits"), code="phone_not_compact"
        )


def clean_person_name(value: str, *, whose: str) -> str:
    """A name as written on the register; `whose` is "child's" or "guardian's" in the message."""
    name = re.sub(r"\s+", " ", value or "").strip()
    if not name:
        raise ValidationError(
            _("Enter the %(whose)s full name") % {"whose": whose}, code="name_required"
        )
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("The %(whose)s name must be %(max)d characters or fewer")
            % {"whose": whose, "max": NAME_MAX_LENGTH},
            code="name_length",
        )
    if not NAME_PATTERN.match(name):
        raise ValidationError(
            _(
                "The %(whose)s name must only include Chinese characters, letters, spaces, "
                "hyphens, apostrophes and the middle dot"
            )
            % {"whose": whose},
            code="name_characters",
        )
    return name


def clean_mobile_number(value: str) -> str:
    """A mainland China mobile number, stored as 11 digits without +86, spaces or hyphens."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits:
        raise ValidationError(_("Enter a mobile phone number"), code="phone_required")
    if not MOBILE_PATTERN.match(digits):
        raise ValidationError(
            _("Enter a mainland China mobile number of 11 digits, like 138 0013 8000"),
            code="phone_format",
        )
    return digits


def check_minor(born: datetime.date, today: datetime.date) -> None:
    if born > today:
        raise ValidationError(
            _("The child's date of birth must be today or in the past"), code="born_in_future"
        )
    if rules.age_in_years(born, today) >= rules.ADULT_AGE:
        raise ValidationError(
            _("The child must be under %(age)d: adults enrol through their own application")
            % {"age": rules.ADULT_AGE},
            code="not_minor",
        )


def check_adult(born: datetime.date, today: datetime.date) -> None:
    if rules.age_in_years(born, today) < rules.ADULT_AGE:
        raise ValidationError(
            _("The guardian must be %(age)d or older: check the guardian's ID number")
            % {"age": rules.ADULT_AGE},
            code="not_adult",
        )


def check_paid_on(paid_on: datetime.date, today: datetime.date) -> None:
    """The office records a payment already made: its date is today or earlier."""
    if paid_on > today:
        raise ValidationError(
            _("The date of payment cannot be in the future"), code="paid_in_future"
        )


def check_card_issued_on(
    issued_on: datetime.date, today: datetime.date, *, paid_on: datetime.date | None
) -> None:
    """A card is issued today or earlier, and not before the fee it insures was paid."""
    if issued_on > today:
        raise ValidationError(
            _("The date the card was issued cannot be in the future"), code="issued_in_future"
        )
    if paid_on is not None and issued_on < paid_on:
        raise ValidationError(
            _("The card cannot be issued before the fee was paid on %(date)s")
            % {"date": formats.date_format(paid_on)},
            code="issued_before_payment",
        )

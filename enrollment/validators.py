"""Checks on what parents type: resident ID numbers, phone numbers, names and dates.

Each check returns the cleaned value or raises a ValidationError whose message a parent can act
on; the messages name the person the field is about, so the same check serves child and guardian.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from . import rules
from .models import Sex

NAME_MAX_LENGTH = 50
# Names as written on the household register: Chinese characters (with the middle dot of
# minority-language names), or Latin letters with spaces, hyphens and apostrophes.
NAME_PATTERN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•\.A-Za-z' \-]+$")
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def clean_resident_id(value: str) -> str:
    """A resident ID number (GB 11643) in its 18-character form, upper-case X as check digit."""
    compact = re.sub(r"[\s\-]", "", value or "").upper()
    try:
        return ric.validate(compact)
    except stdnum_errors.InvalidLength as error:
        raise ValidationError(_("The ID number must be 18 characters"), code="id_length") from error
    except stdnum_errors.InvalidFormat as error:
        raise ValidationError(
            _("The ID number must be 17 digits followed by a digit or X"), code="id_format"
        ) from error
    except stdnum_errors.InvalidChecksum as error:
        raise ValidationError(
            _("The ID number is not correct: check it against the ID card or household register"),
            code="id_checksum",
        ) from error
    except stdnum_errors.InvalidComponent as error:
        raise ValidationError(
            _("The ID number contains a region code or date of birth that does not exist"),
            code="id_component",
        ) from error


def birth_date_in_id(id_number: str) -> datetime.date:
    return ric.get_birth_date(id_number)


def sex_in_id(id_number: str) -> str:
    """The 17th character is odd for men and even for women (GB 11643)."""
    return Sex.MALE if int(id_number[16]) % 2 else Sex.FEMALE


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

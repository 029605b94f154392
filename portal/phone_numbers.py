"""Mainland China mobile numbers, as parents type them and as the portal keeps them.

Parents type "138 0013 8000", "+86 138-0013-8000" or "8613800138000"; the portal keeps the
E.164 form "+8613800138000" (one account per number) and shows it masked where others might
read it ("138****8000", as the national services do). The `phonenumbers` library (Google's
libphonenumber metadata) knows which prefixes the carriers have been given.
"""

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

MAINLAND_REGION = "CN"


def parse_mainland_mobile(typed: str) -> str | None:
    """The number in E.164 form, or None when it is not a mainland mobile number."""
    text = (typed or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        number = phonenumbers.parse(text, MAINLAND_REGION)
    except NumberParseException:
        return None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_digits(phone: str) -> str:
    """ "+8613800138000" -> "13800138000", the form providers and parents write."""
    return phone.removeprefix("+86") if phone else ""


def spaced_phone_number(phone: str) -> str:
    """ "+8613800138000" -> "138 0013 8000", for the owner to check what they typed."""
    digits = national_digits(phone)
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}" if len(digits) == 11 else digits


def masked_phone_number(phone: str | None) -> str:
    """ "+8613800138000" -> "138****8000": enough for its owner to recognise it."""
    digits = national_digits(phone or "")
    if len(digits) != 11:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[7:]}"

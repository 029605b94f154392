"""Reference numbers a parent can read over the phone: the year and eight digits, like
2026-4817-3305. Digits only, grouped in fours; the last digit is a Luhn check digit, so a number
misheard or mistyped by one digit is refused rather than finding another family's application."""

import secrets

from stdnum import luhn

RANDOM_DIGITS = 7


def new_reference_number(year: int) -> str:
    body = f"{year:04d}" + "".join(secrets.choice("0123456789") for _ in range(RANDOM_DIGITS))
    digits = body + luhn.calc_check_digit(body)
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def is_well_formed(reference_number: str) -> bool:
    digits = reference_number.replace("-", "").replace(" ", "")
    return len(digits) == 4 + RANDOM_DIGITS + 1 and luhn.is_valid(digits)


def canonical(text: str) -> str | None:
    """The reference number as it is stored and printed (2026-4817-3305), however it was spaced
    or hyphenated; None for text that is not a well-formed reference number."""
    digits = text.replace("-", "").replace(" ", "")
    if not is_well_formed(digits):
        return None
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))

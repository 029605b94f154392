"""Text messages to parents' phones, through one interface whatever the provider.

As Django's email: a message (`SmsMessage`) and a backend chosen by the SMS_BACKEND setting
(`portal.sms.backends.console` in development, `.locmem` in tests, `.alibaba` or `.tencent` in
production). Mainland providers send only texts approved in advance ("templates", with the
sender's signature), so a message is a kind and its parameters: the provider fills its approved
template, and the portal's own copy of the text (templates/sms/<kind>.txt) is what the console
and the tests show and what the length check measures.
"""

import dataclasses
import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

from .errors import SmsError, SmsInvalidNumber, SmsNotConfigured, SmsTemplateRefused, SmsThrottled

__all__ = [
    "SmsError",
    "SmsInvalidNumber",
    "SmsMessage",
    "SmsNotConfigured",
    "SmsTemplateRefused",
    "SmsThrottled",
    "get_backend",
    "send_sms",
]

# One SMS segment holds 70 Chinese characters (UCS-2), signature included; longer texts are
# split and billed per segment, and may arrive out of order on older phones.
SEGMENT_CHARACTERS = 70


@dataclasses.dataclass(frozen=True)
class SmsMessage:
    """One message to one mainland mobile number (E.164, "+86...")."""

    to: str
    kind: str
    params: dict
    language: str

    def text(self) -> str:
        """The message as the phone shows it, with the signature the providers put first."""
        with translation.override(self.language):
            body = " ".join(render_to_string(f"sms/{self.kind}.txt", self.params).split())
        return f"【{settings.SMS_SIGNATURE}】{body}"


@functools.cache
def _backend_class(path: str):
    return import_string(path)


def get_backend():
    return _backend_class(settings.SMS_BACKEND)()


def send_sms(message: SmsMessage) -> str:
    """Send the message; the provider's id for it. Raises an SmsError the caller records."""
    return get_backend().send(message)

import abc

from django.conf import settings

from ..errors import SmsNotConfigured


class BaseSmsBackend(abc.ABC):
    @abc.abstractmethod
    def send(self, message) -> str:
        """Send one message; return the provider's id for it or raise an SmsError."""

    @staticmethod
    def template_id(message) -> str:
        """The provider's approved template for the message's kind and language: SMS_TEMPLATES
        maps "sign_in_code" (Chinese) and "sign_in_code.en" (English) to template ids; a kind
        with no English template is sent in Chinese."""
        templates = settings.SMS_TEMPLATES
        template = templates.get(f"{message.kind}.{message.language}") or templates.get(
            message.kind
        )
        if not template:
            raise SmsNotConfigured(f"SMS_TEMPLATES has no template for {message.kind}")
        return template

    @staticmethod
    def setting(name: str) -> str:
        value = getattr(settings, name, "")
        if not value:
            raise SmsNotConfigured(f"{name} is not set")
        return value

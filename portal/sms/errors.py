"""What can go wrong when a provider is asked to send, in the portal's own terms: the caller
records it and tells the parent or staff what it means, whichever provider said it."""


class SmsError(Exception):
    """The provider did not take the message. `code` is the provider's own word for why."""

    retryable = True

    def __init__(self, message: str = "", *, code: str = ""):
        super().__init__(message or code)
        self.code = code


class SmsThrottled(SmsError):
    """The provider's own rate limit for the number or the account: try again later."""


class SmsInvalidNumber(SmsError):
    """The provider says the number cannot receive messages: sending again will not help."""

    retryable = False


class SmsTemplateRefused(SmsError):
    """The template or signature is not approved, or does not match the message: a setting to
    fix (README, "Production"), not something the parent can change."""

    retryable = False


class SmsNotConfigured(SmsError):
    """A setting the backend needs is missing."""

    retryable = False

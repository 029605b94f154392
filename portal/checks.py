"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_addresses_are_trusted_when_behind_a_proxy(app_configs, **kwargs):
    """Behind a proxy with TRUSTED_PROXY_COUNT unset, every client has the proxy's address,
    and the sign-in lockout (per address and IP) lets anyone lock anyone out."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT < 1:
        return [
            Warning(
                "BEHIND_TLS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every sign-in seems to "
                "come from the proxy, so failed sign-ins from anyone lock an account out for "
                "everyone.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (1 for a single TLS proxy).",
                id="portal.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def text_messages_reach_phones(app_configs, **kwargs):
    """In production the console SMS backend prints sign-in codes into the server's log, and
    no parent receives one."""
    if settings.SMS_BACKEND.startswith(
        ("portal.sms.backends.console", "portal.sms.backends.locmem")
    ):
        return [
            Warning(
                f"SMS_BACKEND is {settings.SMS_BACKEND}: sign-in codes and notices are written "
                "to the server's output instead of reaching parents' phones.",
                hint="Set SMS_BACKEND to portal.sms.backends.alibaba.SmsBackend or "
                "portal.sms.backends.tencent.SmsBackend with its settings (README, Production).",
                id="portal.W002",
            )
        ]
    return []


PROVIDER_SETTINGS = {
    "portal.sms.backends.alibaba.SmsBackend": (
        "ALIBABA_SMS_ACCESS_KEY_ID",
        "ALIBABA_SMS_ACCESS_KEY_SECRET",
    ),
    "portal.sms.backends.tencent.SmsBackend": (
        "TENCENT_SMS_SECRET_ID",
        "TENCENT_SMS_SECRET_KEY",
        "TENCENT_SMS_APP_ID",
    ),
}
# The kinds of text message the portal sends, each needing an approved template.
SMS_KINDS = (
    "sign_in_code",
    "change_number_code",
    "number_changed",
    "status_returned",
    "status_verified",
    "status_paid",
    "status_sent_to_card_centre",
    "status_card_issued",
    "renewal_open",
    "renewal_due",
    "cover_lapsed",
)


@register(Tags.security, deploy=True)
def sms_provider_is_configured(app_configs, **kwargs):
    """A provider backend without its keys, or without a template for a kind of message, fails
    at the first code a parent asks for: say so before."""
    needed = PROVIDER_SETTINGS.get(settings.SMS_BACKEND)
    if needed is None:
        return []
    missing = [name for name in needed if not getattr(settings, name, "")]
    missing += [
        f"SMS_TEMPLATES[{kind}]" for kind in SMS_KINDS if kind not in settings.SMS_TEMPLATES
    ]
    if not settings.SMS_SIGNATURE:
        missing.append("SMS_SIGNATURE")
    if not missing:
        return []
    return [
        Warning(
            f"{settings.SMS_BACKEND} lacks {', '.join(missing)}: text messages will fail.",
            hint='See README, "Production": text messages.',
            id="portal.W003",
        )
    ]

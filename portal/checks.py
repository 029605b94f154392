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

"""Where to send someone next, when the request names the place (`?next=`)."""

from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def safe_next_url(request) -> str:
    """The `next` the request carries (the form's, then the address's) when it leads to a page
    of this site; "" otherwise. Absolute URLs to other hosts, `//host`, backslashes and schemes
    like javascript: are refused by Django's own check, as its sign-in view does."""
    for candidate in (request.POST.get("next"), request.GET.get("next")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return ""


def with_next(url: str, next_url: str) -> str:
    """The address with the page to come back to, when there is one."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url

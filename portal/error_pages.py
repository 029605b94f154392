"""The pages shown when a request cannot be served as sent: too large, unreadable, or a form
that expired. Each in the site's design and the reader's language, saying what happened and that
the answers saved before are kept."""

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .limits import size_limit_text


def _back_url(request):
    """Where "go back" leads: the page the form was sent from (the browser names it, and a GET
    of it shows the answers saved so far), else the address sent to, else the home page."""
    try:
        host = request.get_host()
    except DisallowedHost:  # the very reason this page is shown: trust nothing of the request
        return reverse("home")
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path() if request.method == "POST" else reverse("home")


def request_too_large(request):
    """The page for a request whose body is over the limit: said in plain words, with the
    limits a parent can act on. Also the page a proxy shows for its own 413 (README)."""
    return render(
        request,
        "413.html",
        {
            "upload_limit": size_limit_text(),
            "return_url": _back_url(request),
        },
        status=413,
    )


def bad_request(request, exception=None):
    """handler400: what went wrong, in the site's design and the reader's language. Django
    raises these while reading a request (too many fields or files, a form it cannot parse,
    such as a file name longer than its part headers allow)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        reason = _("The form sent more answers or files than any page of this site has.")
    elif isinstance(exception, MultiPartParserError):
        reason = _(
            "The form could not be read. The usual cause is a file whose name is very long: "
            "rename the file with a shorter name and choose it again."
        )
    else:
        reason = ""
    return render(
        request, "400.html", {"reason": reason, "return_url": _back_url(request)}, status=400
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page that was open too long (or after signing in
    or out in another tab) cannot be accepted; say so kindly, and that saved answers are kept."""
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "return_url": _back_url(request)},
        status=403,
    )

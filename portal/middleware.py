"""A sliding session expiry that costs a database write every few minutes, not every request,
and pages of signed-in people that no browser or proxy keeps."""

import time

from django.conf import settings
from django.utils.cache import patch_cache_control

RENEWED_AT = "_renewed_at"


def renew_active_sessions(get_response):
    """Mark a signed-in session modified when it was last renewed more than
    SESSION_RENEW_AFTER_SECONDS ago, so that Django saves it with a fresh expiry: two idle hours
    sign a parent out, two busy hours do not."""

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) > settings.SESSION_RENEW_AFTER_SECONDS:
                session[RENEWED_AT] = now
        return response

    return middleware


def private_pages_not_stored(get_response):
    """Every page a signed-in person gets shows their children's data (or, for staff, other
    families'): `Cache-Control: private, no-store`, so that neither a shared proxy nor the
    browser's cache or back button keeps a copy after signing out on a family computer."""

    def middleware(request):
        response = get_response(request)
        # A session cookie is enough to say so, without reading the session for pages that
        # never do (static files, the health check); a sign-in in this very request counts too.
        user = getattr(request, "user", None)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or (
            user is not None and user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware

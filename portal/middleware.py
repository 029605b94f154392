"""A sliding session expiry that costs a database write every few minutes, not every request."""

import time

from django.conf import settings

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

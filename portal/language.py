"""The site speaks the account's language once it signs in."""

from django.conf import settings


def remember_language(response, language: str):
    """Set the language cookie Django's LocaleMiddleware reads (not the session: a parent who
    chose Chinese on one phone finds Chinese on the next once signed in)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response

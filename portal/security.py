"""Helpers for django-axes, which records failed sign-ins."""

from django.contrib.auth import get_user_model

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("email").max_length


def username_for_lockout(request, credentials):
    """The name a failed sign-in is counted against, as the database can store it: whatever a
    client sends (10,000 characters, NUL bytes) is cut to size and cleaned first."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    cleaned = "".join(char for char in str(typed) if char.isprintable())
    return cleaned.strip().lower()[:USERNAME_MAX_LENGTH]

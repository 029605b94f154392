"""Helpers for django-axes, which records failed sign-ins and locks an account out."""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render

from .models import normalize_email_address

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("email").max_length


def username_for_lockout(request, credentials):
    """The name a failed sign-in is counted against, as the database can store it: whatever a
    client sends (10,000 characters, NUL bytes) is cut to size and cleaned first, and the
    address is normalised as accounts store it, so `A@x` and `a@x` count together."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    cleaned = "".join(char for char in str(typed) if char.isprintable())
    return normalize_email_address(cleaned)[:USERNAME_MAX_LENGTH]


def client_ip(request) -> str:
    """The address of the person signing in, as the lockout counts it.

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it received the request from
    to X-Forwarded-For, so the client is the entry that many places from the right; anything
    further left was written by the client and proves nothing. With no trusted proxy the
    header is ignored (anyone can send it) and the connection's own address counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: the staff site's own for the admin's sign-in (staff
    have no self-service reset there), the parents' page with its reset link otherwise."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
    }
    if request.path.startswith("/" + settings.ADMIN_URL):
        from django.contrib import admin

        template = "admin/locked_out.html"
        context.update(admin.site.each_context(request))
    else:
        template = "registration/locked_out.html"
    return render(request, template, context, status=429)

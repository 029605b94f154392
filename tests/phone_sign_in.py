"""Signing in with a mobile number and the code the in-memory SMS backend "sent", as a test
client or a browser would: shared by the account tests."""

from django.urls import reverse

from portal.sms import outbox


def ask_for_code(client, number="138 0013 8000", **extra):
    return client.post(reverse("login"), {"phone": number, **extra})


def last_code(number="+8613800138000") -> str:
    sent = [message for message in outbox.messages if message.to == number]
    assert sent, f"no text message to {number}"
    return sent[-1].params["code"]


def sign_in_by_phone(client, number="138 0013 8000", *, e164="+8613800138000", next_url=""):
    """Ask for a code and type it: the response after the code (a redirect when right)."""
    query = f"?next={next_url}" if next_url else ""
    client.post(reverse("login") + query, {"phone": number})
    return client.post(reverse("phone_code") + query, {"code": last_code(e164)})

"""The messages the in-memory backend "sent" (portal.sms.backends.locmem)."""

messages: list = []

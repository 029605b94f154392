"""Tests: messages are kept in `portal.sms.outbox`, as Django's test runner keeps emails in
mail.outbox (tests/conftest.py empties it before each test)."""

import uuid

from .. import outbox
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    def send(self, message) -> str:
        message.text()  # a kind without its text fails here, as it would in production
        outbox.messages.append(message)
        return f"locmem-{uuid.uuid4().hex[:12]}"

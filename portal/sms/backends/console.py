"""Development: each message is written to the console `make run` serves from, as Django's
console email backend does with emails, so a newcomer reads their sign-in code there."""

import sys
import threading
import uuid

from .base import BaseSmsBackend

_lock = threading.Lock()


class SmsBackend(BaseSmsBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        with _lock:
            self.stream.write(
                f"SMS to {message.to} ({message.kind}, {message.language}):\n"
                f"{message.text()}\n{'-' * 79}\n"
            )
            self.stream.flush()
        return message_id

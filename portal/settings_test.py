"""Test settings: the development settings with a fast hasher and in-memory mail.

The database stays as DATABASE_URL says (SQLite by default), so the same suite runs against
PostgreSQL by setting it. The SQLite test database is a file rather than Django's shared
in-memory one: only a file gives threads real locking with a busy timeout, which the tests of
concurrent moves and the live server rely on.
"""

import os
import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"portal-test-{os.getpid()}.sqlite3")
    }
SMS_BACKEND = "portal.sms.backends.locmem.SmsBackend"

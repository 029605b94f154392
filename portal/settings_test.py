"""Test settings: the development settings with a fast hasher and in-memory mail.

The database stays as DATABASE_URL says (SQLite by default, which Django's test runner keeps in
memory), so the same suite runs against PostgreSQL by setting it.
"""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

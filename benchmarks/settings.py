"""The portal's settings for the benchmark: its own database file, its own URLconf (the portal
plus a bare view, the ceiling a Django request can reach on this machine)."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
if os.environ.get("BENCH_FORMS") == "before-crispy":
    from .forms_before_crispy import templates_before_crispy

    TEMPLATES = templates_before_crispy(TEMPLATES)  # noqa: F405
if "BENCH_MEDIA_ROOT" in os.environ:
    MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]

"""Settings, read from the environment (django-environ) with safe development defaults.

Production (PORTAL_ENV=production) refuses to start without SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; development runs on a SQLite file with no configuration at all.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

for name in ("DATABASE_URL", "CACHE_URL"):
    if os.environ.get(name) == "":
        # An empty value is a script that failed to start its server, not a wish for the default.
        raise ImproperlyConfigured(f"{name} is set but empty.")

PRODUCTION = env.str("PORTAL_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

# No transaction around each request: the services open their own, short, around each write
# and its lock (enrollment/services.py), and a page that only reads holds none. A request-wide
# transaction would hold row locks while templates render and emails are built.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one file: readers do not block the writer (WAL), a writer
    # takes its lock when its transaction starts (IMMEDIATE) and others wait for it (timeout).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Opening a PostgreSQL connection (with its SCRAM handshake) costs several milliseconds, more
    # than a whole page: keep each worker's connection for a while and check it before reuse.
    # `?conn_max_age=N` in DATABASE_URL overrides the 60 seconds.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The same few queries run on every page, and PostgreSQL spends longer planning a page's
    # joined query than running it: bound on the server, a statement is prepared after five
    # runs on a connection and its plan kept. (Behind a transaction-pooling PgBouncer, add
    # ?server_side_binding=False to DATABASE_URL.)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("server_side_binding", True)
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)

INSTALLED_APPS = [
    "portal",
    "enrollment",
    "legal",
    # Before django.contrib.admin, so its admin integration and static files take precedence.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "axes",
    "captcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

# Forms are laid out by crispy-forms with the project's own template packs (portal/form_layout.py).
CRISPY_TEMPLATE_PACK = "portal"
CRISPY_ALLOWED_TEMPLATE_PACKS = ("portal", "portal_admin")
CRISPY_FAIL_SILENTLY = False  # a layout naming a field the form lacks is a bug: say so
FORM_RENDERER = "portal.form_rendering.FormRenderer"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.renew_active_sessions",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff pass a second factor (an authenticator app) before any admin page.
    "django_otp.middleware.OTPMiddleware",
    "portal.staff_two_factor.require_staff_second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the body; after the locale and the user, so its page is the site's.
    "portal.request_limits.refuse_oversized_requests",
    "portal.middleware.private_pages_not_stored",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.site_links",
            ],
        },
    },
]

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "enrollment:my_applications"
LOGOUT_REDIRECT_URL = "home"

# Simplified Chinese first; English one click away. Each language is named in itself, as a
# language switch should.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LOCALE_PATHS = [BASE_DIR / "locale"]
# Office, fee and subsidy texts are kept in both languages (django-modeltranslation, see each
# app's translation.py): name_zh_hans / name_en. The interface's language is shown; English
# falls back to Chinese when the English text is empty, and Chinese never shows the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hans",), "zh-hans": ()}
# A text given without a language (create(name=...)) is the Chinese text.
MODELTRANSLATION_AUTO_POPULATE = "default"
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target, used in production only; development serves from the finders.
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads hold children's and guardians' documents: they live outside the static tree and no URL
# serves MEDIA_ROOT; enrollment.applications.views.document_file streams them to those allowed to see them.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads stay on this server's disk by default. With UPLOAD_STORAGE=s3 they go to S3-compatible
# object storage (django-storages), private, so that several app servers share them.
UPLOAD_STORAGE = env.str("UPLOAD_STORAGE", default="filesystem")
if UPLOAD_STORAGE == "s3":
    UPLOADS_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    UPLOADS_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": UPLOADS_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every app server: Redis where CACHE_URL says so (redis://host:port/db, Django's
# own Redis backend), this process's memory otherwise (development, a single server). The fee
# schedules and the list of law articles live there; saving one clears it for every server.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
# Text messages (portal/sms/): the console in development (codes print where `make run`
# serves, as emails do), the in-memory outbox in tests, Alibaba Cloud or Tencent Cloud in
# production (README, "Production"): portal.sms.backends.alibaba.SmsBackend or .tencent.
SMS_BACKEND = env.str("SMS_BACKEND", default="portal.sms.backends.console.SmsBackend")
# The sender's approved signature (签名), which the provider puts first: 【...】.
SMS_SIGNATURE = env.str("SMS_SIGNATURE", default="少儿医保参保")
# Each message kind's approved template id at the provider: kind=id, and kind.en=id for an
# English template (without one, English-speaking parents get the Chinese text).
# e.g. SMS_TEMPLATES=sign_in_code=SMS_465300001,change_number_code=SMS_465300002
SMS_TEMPLATES = env.dict("SMS_TEMPLATES", default={})
ALIBABA_SMS_ACCESS_KEY_ID = env.str("ALIBABA_SMS_ACCESS_KEY_ID", default="")
ALIBABA_SMS_ACCESS_KEY_SECRET = env.str("ALIBABA_SMS_ACCESS_KEY_SECRET", default="")
ALIBABA_SMS_ENDPOINT = env.str("ALIBABA_SMS_ENDPOINT", default="dysmsapi.aliyuncs.com")
TENCENT_SMS_SECRET_ID = env.str("TENCENT_SMS_SECRET_ID", default="")
TENCENT_SMS_SECRET_KEY = env.str("TENCENT_SMS_SECRET_KEY", default="")
TENCENT_SMS_APP_ID = env.str("TENCENT_SMS_APP_ID", default="")
TENCENT_SMS_REGION = env.str("TENCENT_SMS_REGION", default="ap-guangzhou")

# For django.core.mail.backends.filebased.EmailBackend: one file per email, in this folder.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))  # e.g. smtp+tls://user:password@smtp.example:587
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="enrollment@portal.example")
# The address links in emails and QR codes start with, as parents reach the portal. Unset, it
# is the development server's own address: `make run PORT=8001` passes its port as PORTAL_PORT.
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default=f"http://127.0.0.1:{env.int('PORTAL_PORT', default=8000)}"
)

ADMIN_URL = env.str("ADMIN_URL", default="admin/")

# A session ends after two hours without a request, or when the browser closes: parents share
# family computers. portal.middleware renews an active session every few minutes rather than
# writing it on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 2)
SESSION_RENEW_AFTER_SECONDS = 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security headers, in every mode so that the tests see what production sends.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],  # no inline script anywhere
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its form icons as data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    # Over HTTPS only. `make serve` turns these off to try the production stack on loopback.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool(
        "COOKIES_SECURE", default=True
    )
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Brute force: five failed sign-ins for one account from one address lock it for 15 minutes,
# on the parents' sign-in and the admin's alike (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.security.username_for_lockout"
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (a TLS proxy: 1; a load
# balancer and a TLS proxy: 2). 0 ignores the header, which any client can write: then every
# client counts as the proxy's address and one person could lock anyone out.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# One-time codes by SMS (portal/phone_codes.py): 6 digits, valid 5 minutes, 5 tries each.
PHONE_CODE_VALID_MINUTES = 5
PHONE_CODE_TRIES = 5
# Wrong codes in a row for one number (two codes' tries) lock it for PHONE_CODE_LOCKOUT_MINUTES:
# no code is sent to it or accepted for it meanwhile, whoever asks.
PHONE_CODE_LOCKOUT_WRONG = env.int("PHONE_CODE_LOCKOUT_WRONG", default=10)
PHONE_CODE_LOCKOUT_MINUTES = env.int("PHONE_CODE_LOCKOUT_MINUTES", default=15)
# Codes sent to one number, as (seconds, at most): 1 a minute, 5 an hour, 10 a day, the
# limits Alibaba Cloud applies by default to verification codes (its isv.BUSINESS_LIMIT_CONTROL),
# so that the portal says so before the provider refuses.
SMS_CODE_LIMITS_PER_NUMBER = [(60, 1), (60 * 60, 5), (24 * 60 * 60, 10)]
# Codes and account emails asked for in an hour from one browser session and from one client
# address (portal.security.client_ip) before each further one needs the human check. Whole
# housing estates share one address behind a carrier's NAT, so the address's is larger.
ACCOUNT_MESSAGES_BEFORE_CHECK_PER_SESSION = env.int(
    "ACCOUNT_MESSAGES_BEFORE_CHECK_PER_SESSION", default=3
)
ACCOUNT_MESSAGES_BEFORE_CHECK_PER_ADDRESS = env.int(
    "ACCOUNT_MESSAGES_BEFORE_CHECK_PER_ADDRESS", default=10
)
# Beyond this in a day from one client address nothing more is sent, human check or not.
ACCOUNT_MESSAGES_PER_ADDRESS_PER_DAY = env.int("ACCOUNT_MESSAGES_PER_ADDRESS_PER_DAY", default=200)
# The human check (django-simple-captcha's picture, or a written sum for those who cannot see
# it): 4 letters, valid 10 minutes, one answer each.
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10
CAPTCHA_FONT_SIZE = 30
CAPTCHA_FOREGROUND_COLOR = "#0b0c0c"
CAPTCHA_BACKGROUND_COLOR = "#ffffff"
CAPTCHA_IMAGE_SIZE = (150, 50)

# Staff's second factor (portal/staff_two_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Child insurance enrollment (staff)")

# Drafts untouched for this many days are deleted with their files (manage.py purge_abandoned_drafts).
DRAFT_RETENTION_DAYS = env.int("DRAFT_RETENTION_DAYS", default=180)
# The tax authority's payment lists, kept for a preview and its confirmation, then deleted (the
# record of each import stays): they hold the ID number of every payer.
PAYMENT_LIST_RETENTION_DAYS = env.int("PAYMENT_LIST_RETENTION_DAYS", default=90)

# Uploads: size limit in bytes and the pixel ceiling Pillow enforces against decompression bombs.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000)
# Request limits (portal/request_limits.py). The largest page sends three files: a body up to
# three files at the limit and a megabyte of answers is read (a file over the limit is cut at
# the limit and refused next to its field, the page's answers kept); a larger body gets the
# "too large" page without being parsed. The proxy's client_max_body_size sits just above.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=3 * UPLOAD_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "portal.request_limits.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the answers without the files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300  # the admin's longest form (a law's articles) has fewer
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file, cut at the limit
CSRF_FAILURE_VIEW = "portal.error_pages.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; its warnings (lockouts) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}

"""Settings for the Stanton moderation portal: one module, read from the environment.

Defaults are safe for production (HTTPS, HSTS, secure cookies, MFA required). The demo
(`make run`) turns DEBUG on and MFA off explicitly; nothing here is relaxed silently.
Every secret may also be read from a file: set `SECRET_KEY_FILE=/run/secrets/key` instead of
`SECRET_KEY` (django-environ's `*_FILE` convention, extended below to all secrets).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_NAMES = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "META_APP_SECRET",
    "META_VERIFY_TOKEN",
    "CONNECTOR_TOKEN_KEY",
)


def _read_secret_files() -> None:
    """Let every secret come from `<NAME>_FILE` (Docker/Kubernetes secrets)."""
    for name in SECRET_NAMES:
        path = os.environ.get(f"{name}_FILE")
        if path and not os.environ.get(name):
            os.environ[name] = Path(path).read_text(encoding="utf-8").strip()


_read_secret_files()
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# A demo key is offered only while DEBUG is on; production refuses to start on it.
DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production-stanton-portal"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEMO_SECRET_KEY
if not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured("The demo SECRET_KEY cannot be used with DEBUG off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    # Otherwise gunicorn would start and answer every request with 400.
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "stanton",
    "audit",
    "outbox",
    "accounts",
    "moderation",
    "records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so redirects the later middleware answer are covered too.
    "accounts.middleware.NoStoreWhenSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stanton.urls"
WSGI_APPLICATION = "stanton.wsgi.application"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
# An empty DATABASE_URL (the Makefile's demo passes `DATABASE_URL=`) means "not set".
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Short socket timeouts: a request must never hang because Redis is away.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="stanton"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Identity and sign-in (NIST 800-63B AAL2, OWASP ASVS L2) -------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# NIST 800-63B 3.1.1.2: length over composition; at least 12 characters, long ones allowed,
# screened against a list of commonly used passwords.
AUTH_PASSWORD_VALIDATORS = [
    {
        # The default attributes (username, first_name, ...) are not fields of our User.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 256}},
]

REQUIRE_MFA = env.bool("REQUIRE_MFA", default=True)
OTP_TOTP_ISSUER = "City of Stanton"
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions end after 30 idle minutes and 12 hours in all (checked by SessionLimitsMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failures, keyed on the account *and* the address together, so one
# attacker cannot lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The sign-in form's field is "username" (axes would look for "email", the USERNAME_FIELD, and
# find nothing); the callable also lower-cases it, as sign-in matches email in any case.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_VERBOSE = False
SIGN_IN_RATE_LIMIT = env.int("SIGN_IN_RATE_LIMIT", default=30)  # POSTs per address per window
SIGN_IN_RATE_WINDOW = env.int("SIGN_IN_RATE_WINDOW_SECONDS", default=60)
# The public's report form (/report/): submissions per address per window.
PUBLIC_REPORT_RATE_LIMIT = env.int("PUBLIC_REPORT_RATE_LIMIT", default=10)
# A comment that asks the City something is owed an answer within this many business days
# (California judicial holidays, stanton/calendar.py), counted from the day it was posted.
RESPONSE_TARGET_BUSINESS_DAYS = env.int("RESPONSE_TARGET_BUSINESS_DAYS", default=2)
# Public City lines a reply may give (the staff directory's public phones are allowed too).
CITY_PUBLIC_PHONES = env.list("CITY_PUBLIC_PHONES", default=["714-379-9222"])
PUBLIC_REPORT_RATE_WINDOW = env.int("PUBLIC_REPORT_RATE_WINDOW_SECONDS", default=3600)
# The public records request portal: requests and requesters' messages per address.
RECORDS_PUBLIC_REQUEST_RATE_LIMIT = env.int("RECORDS_PUBLIC_REQUEST_RATE_LIMIT", default=10)
RECORDS_PUBLIC_REQUEST_RATE_WINDOW = env.int(
    "RECORDS_PUBLIC_REQUEST_RATE_WINDOW_SECONDS", default=3600
)
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0) or None

# --- Transport security: on unless explicitly turned off (e.g. behind a TLS proxy) ----------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health probe speaks plain HTTP to the app behind the TLS terminator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# Strict CSP: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Locale and time: store UTC, show Pacific -----------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True
# How a moment is shown where the record matters (the audit log, a comment's history): one
# format, always with the zone, so "14:05" is never ambiguous across a DST change. Django's
# date syntax: "3 Dec 2026, 14:05 PST". Read by the `when` template filter.
RECORD_DATETIME_FORMAT = "j M Y, H:i T"

# --- Celery --------------------------------------------------------------------------------
# Without REDIS_URL (the demo) tasks run in-process, eagerly.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
# Task modules outside an app's own tasks.py (autodiscovery only finds `<app>.tasks`).
CELERY_IMPORTS = [
    "moderation.flagging.tasks",
    "moderation.ingest.tasks",
    "moderation.responses.tasks",
]

# --- Attachment copies (moderation/ingest/attachments.py) ---------------------------------------
# Only media on these hosts (or their subdomains) is fetched; administrators extend the list
# (comma-separated ATTACHMENT_FETCH_HOSTS) when a platform serves media from a new CDN.
ATTACHMENT_FETCH_HOSTS = env.list(
    "ATTACHMENT_FETCH_HOSTS",
    default=[
        "fbcdn.net",
        "cdninstagram.com",
        "twimg.com",
        "ytimg.com",
        "googleusercontent.com",
        "licdn.com",
        "tiktokcdn.com",
        "nextdoor.com",
    ],
)
ATTACHMENT_FETCH_MAX_BYTES = env.int("ATTACHMENT_FETCH_MAX_BYTES", default=25 * 1024 * 1024)
ATTACHMENT_FETCH_CONNECT_TIMEOUT = 5  # seconds
ATTACHMENT_FETCH_TIMEOUT = 30  # seconds, the whole fetch
# Tests only: plain http and private/loopback addresses (the test server is on 127.0.0.1).
ATTACHMENT_FETCH_ALLOW_HTTP = False
ATTACHMENT_FETCH_ALLOW_PRIVATE = False

# --- Outbox ------------------------------------------------------------------------------------
OUTBOX_RESEND_AFTER = timedelta(seconds=env.int("OUTBOX_RESEND_AFTER_SECONDS", default=60))
# A task published but not done after this long is sent again (its message was lost, or it
# failed): longer than a task may run plus Redis's own redelivery (stanton.celery:
# VISIBILITY_TIMEOUT 20 min + TASK_TIME_LIMIT 6 min), and than a package build may go without
# progress before another worker takes it over (records STALE_BUILD_AFTER, 15 min).
OUTBOX_REDELIVER_AFTER = timedelta(
    seconds=env.int("OUTBOX_REDELIVER_AFTER_SECONDS", default=30 * 60)
)
OUTBOX_MAX_DELIVERIES = env.int("OUTBOX_MAX_DELIVERIES", default=5)

# --- Email -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@stantonca.gov")

# --- Logging: to stdout, one line an event ------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Ingestion: REST API, Meta webhook (README "Ingestion") ------------------------------------
# The API authenticates with per-integration Bearer tokens only: no session, so no CSRF.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "moderation.ingest.api.authentication.BearerTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["moderation.ingest.api.authentication.HasApiToken"],
    "DEFAULT_PARSER_CLASSES": ["moderation.ingest.api.body.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "moderation.ingest.api.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["moderation.ingest.api.throttling.ApiTokenRateThrottle"],
}
# Rate limits in the default cache (Redis when REDIS_URL is set), "number/period" (s, min,
# hour, day); empty turns one off. Over a limit: 429 with Retry-After.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/min")  # requests per API token
API_FAILED_ATTEMPT_RATE_LIMIT = env.str(  # failed API authentications per address
    "API_FAILED_ATTEMPT_RATE_LIMIT", default="20/min"
)
WEBHOOK_RATE_LIMIT = env.str("WEBHOOK_RATE_LIMIT", default="600/min")  # per address
SPECTACULAR_SETTINGS = {
    "TITLE": "City of Stanton moderation portal — ingestion API",
    "DESCRIPTION": "Comments and subscriber lists from the City's social media pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
# Body limits, enforced before parsing (413 above them).
INGEST_MAX_BODY_BYTES = env.int("INGEST_MAX_BODY_BYTES", default=5 * 1024 * 1024)
INGEST_MAX_SUBSCRIBER_BODY_BYTES = env.int(
    "INGEST_MAX_SUBSCRIBER_BODY_BYTES", default=32 * 1024 * 1024
)
# Meta (Facebook/Instagram) webhook. No production default: unset, the webhook refuses (503).
META_APP_SECRET = env.str("META_APP_SECRET", default="demo-meta-app-secret" if DEBUG else "")
META_VERIFY_TOKEN = env.str("META_VERIFY_TOKEN", default="demo-meta-verify-token" if DEBUG else "")

# Platform connectors (moderation/connectors): where the APIs are (tests point them at a local
# server), the Fernet key that encrypts the access tokens administrators enter (generate one
# with `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`;
# without it tokens can only come from the environment, CONNECTOR_TOKEN_<SITE SLUG>), and how
# many times a call is tried before the action is shown as failed.
META_GRAPH_URL = env.str("META_GRAPH_URL", default="https://graph.facebook.com/v21.0")
YOUTUBE_API_URL = env.str("YOUTUBE_API_URL", default="https://www.googleapis.com")
CONNECTOR_TOKEN_KEY = env.str("CONNECTOR_TOKEN_KEY", default="")
CONNECTOR_MAX_ATTEMPTS = env.int("CONNECTOR_MAX_ATTEMPTS", default=5)
CONNECTOR_TIMEOUT_SECONDS = env.float("CONNECTOR_TIMEOUT_SECONDS", default=20.0)
# Supervisors review a random sample of the decisions that are not reviewed anyway (flow 4):
# each is drawn at decision time, and the draw, its seed and this rate are kept on the decision.
REVIEW_SAMPLE_RATE = env.float("REVIEW_SAMPLE_RATE", default=0.10)
if not 0.0 <= REVIEW_SAMPLE_RATE <= 1.0:
    raise ImproperlyConfigured("REVIEW_SAMPLE_RATE must be between 0 and 1 (0.10 is 10%).")
# Site compliance: a site that received no comment for this many days is flagged.
SITE_QUIET_DAYS = env.int("SITE_QUIET_DAYS", default=14)

# Demo content for `manage.py seed_demo`, in order; each takes users, sites and stdout.
DEMO_SEEDERS = [
    "moderation.demo.queue.seed_moderation_demo",
    "moderation.demo.bans.seed_ban_demo",
    "moderation.demo.supervision.seed_supervision_demo",
    "moderation.demo.flagging.seed_flagging_demo",
    "moderation.demo.responses.seed_responses_demo",
    "moderation.demo.policy.seed_policy_demo",
    "records.demo.seed_records_demo",
]
FORMS_URLFIELD_ASSUME_HTTPS = True

"""Test settings: the production settings module, with test-only environment defaults.

DATABASE_URL and REDIS_URL come from the environment when set (CI points them at the
machine's PostgreSQL and Redis); otherwise SQLite and in-process tasks.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# Decisions are drawn for review at random (10 % in production): none here, so no test's
# outcome depends on a draw; the sampling tests set the rate themselves.
os.environ.setdefault("REVIEW_SAMPLE_RATE", "0")

from stanton.settings import *  # noqa: E402,F403

# Tests run eagerly in-process; the worker tests start a real worker against REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Serve static files from the source folders (the e2e live server has no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = BASE_DIR / "var" / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

"""Settings for the benchmarks: the production settings module, with DEBUG off, plain HTTP for
the in-process test client, and tasks sent to a real Celery worker over Redis (never eager).

DATABASE_URL and REDIS_URL come from the environment (the runner sets them per database).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-deployment-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from stanton.settings import *  # noqa: E402,F403

if not REDIS_URL:  # noqa: F405
    raise RuntimeError("The benchmarks need REDIS_URL: classification runs on a real worker.")
CELERY_TASK_ALWAYS_EAGER = False
# A queue of the benchmark's own, so no other worker on the same Redis takes its tasks.
CELERY_TASK_DEFAULT_QUEUE = "stanton-bench"
# No collectstatic for a benchmark: serve the source folders as the tests do.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"  # noqa: F405

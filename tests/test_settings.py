"""Production settings, checked the way production starts: a fresh process reading only the
environment (no test settings, no DATABASE_URL, so SQLite)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_KEY = "demo-only-insecure-key-do-not-use-in-production-stanton-portal"


def real_key() -> str:
    return secrets.token_urlsafe(50)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`python manage.py ...` with only the given variables (plus PATH and HOME)."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "stanton.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def print_setting(name: str, **env: str) -> subprocess.CompletedProcess:
    code = f"from django.conf import settings; print(settings.{name})"
    return manage("shell", "--no-imports", "-c", code, **env)


def test_check_deploy_is_clean_with_only_a_key_and_hosts():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=real_key(),
        ALLOWED_HOSTS="portal.stanton.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_warns_when_https_is_switched_off():
    """The check is not vacuous: turning a protection off is reported."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=real_key(),
        ALLOWED_HOSTS="x",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W012" in result.stderr


@pytest.mark.parametrize(
    "setting",
    [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "REQUIRE_MFA",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    ],
)
def test_production_defaults_are_secure(setting):
    result = print_setting(setting, DEBUG="0", SECRET_KEY=real_key(), ALLOWED_HOSTS="x")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_demo_key_is_refused_with_debug_off():
    result = manage("check", DEBUG="0", SECRET_KEY=DEMO_KEY, ALLOWED_HOSTS="x")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "demo SECRET_KEY" in result.stderr


def test_missing_key_is_refused_with_debug_off():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="x")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_missing_allowed_hosts_is_refused_with_debug_off():
    result = manage("check", DEBUG="0", SECRET_KEY=real_key())

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_demo_starts_with_debug_on_and_the_demo_key():
    result = print_setting("SECRET_KEY", DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEMO_KEY


def test_secret_key_file_is_read(tmp_path):
    key = real_key()
    path = tmp_path / "secret_key"
    path.write_text(key + "\n", encoding="utf-8")

    printed = print_setting("SECRET_KEY", DEBUG="0", SECRET_KEY_FILE=str(path), ALLOWED_HOSTS="x")
    checked = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY_FILE=str(path),
        ALLOWED_HOSTS="x",
    )

    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == key  # the trailing newline is not part of the key
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_demo_key_in_a_file_is_refused_too(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text(DEMO_KEY, encoding="utf-8")

    result = manage("check", DEBUG="0", SECRET_KEY_FILE=str(path), ALLOWED_HOSTS="x")

    assert result.returncode != 0
    assert "demo SECRET_KEY" in result.stderr


def test_other_secrets_are_read_from_files(tmp_path):
    path = tmp_path / "redis_url"
    path.write_text("redis://127.0.0.1:6399/7\n", encoding="utf-8")

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.REDIS_URL, settings.CELERY_BROKER_URL, "
        "settings.CELERY_TASK_ALWAYS_EAGER)",
        DEBUG="1",
        REDIS_URL_FILE=str(path),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://127.0.0.1:6399/7",
        "redis://127.0.0.1:6399/7",
        "False",
    ]


def test_without_redis_tasks_run_in_process_and_the_cache_is_local():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CACHES['default']['BACKEND'])",
        DEBUG="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.core.cache.backends.locmem.LocMemCache"]


def test_time_zone_is_pacific_and_storage_is_utc():
    result = print_setting("TIME_ZONE", DEBUG="1")

    assert result.stdout.strip() == "America/Los_Angeles"


def test_empty_database_and_redis_urls_mean_the_demo_defaults():
    """`make run` passes `DATABASE_URL= REDIS_URL=`: empty must mean "not set", not a
    database with no engine (which failed `migrate` on a clean clone)."""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['NAME'].endswith('var/db.sqlite3'), "
        "settings.CELERY_TASK_ALWAYS_EAGER)",
        DEBUG="1",
        REQUIRE_MFA="0",
        DATABASE_URL="",
        REDIS_URL="",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_database_url_file_is_read_when_the_variable_is_empty(tmp_path):
    path = tmp_path / "database_url"
    path.write_text(f"sqlite:///{tmp_path}/from-file.sqlite3\n", encoding="utf-8")

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DEBUG="1",
        DATABASE_URL="",
        DATABASE_URL_FILE=str(path),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{tmp_path}/from-file.sqlite3"

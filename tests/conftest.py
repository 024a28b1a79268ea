"""Shared fixtures: named roles, signed-in clients, real services.

Under CI=true nothing skips for want of PostgreSQL, Redis or Chromium: `require_service`
turns a missing service into a failure there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import TransactionTestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import ADMINISTRATOR, MODERATOR, RECORDS_CLERK, SUPERVISOR
from tests.factories import DesignationFactory, SiteFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parent.parent


def require_service(available: bool, what: str) -> None:
    """Skip locally when an optional service is missing; fail under CI=true."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available")
    pytest.skip(f"{what} not available")


def on_postgresql() -> bool:
    return connections["default"].vendor == "postgresql"


@pytest.fixture
def require_postgresql():
    require_service(on_postgresql(), "PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def require_redis():
    require_service(bool(settings.REDIS_URL), "Redis (set REDIS_URL)")


# --- transactional tests: flush with permission, then put the reference data back ---------
_original_teardown = TransactionTestCase._fixture_teardown

# Rows the data migrations seed and every test may rely on. A transactional test's flush
# (TRUNCATE) empties them, so they are made again, idempotently, right after each flush.
# (serialized_rollback is not used: it collides with content types re-created on flush.)
REFERENCE_SEEDERS = (
    ("accounts.migrations.0002_roles", "create_roles"),
    ("moderation.migrations.0005_policy_categories", "seed_categories"),
    ("records.migrations.0002_retention_exemptions_search", "seed_exemptions"),
    ("records.migrations.0006_exemption_catalogue", "catalogue_update"),
    ("records.migrations.0013_visual_redaction", "exemption_names"),
)

# The data migrations that install the default flag rules, each from its frozen file.
FLAG_RULE_MIGRATIONS = (
    "0006_default_flag_rules",
    "0007_more_default_flag_rules",
    "0008_general_case_flag_rules",
    "0016_spam_pii_rules",
    "0017_harm_rules",
)
# ... and the ones that change them afterwards, in order.
FLAG_RULE_UPGRADES = (
    "0011_default_patterns_re2",
    "0018_offer_signals_sales",
    "0019_spam_offer_signals",
    "0024_uploads_kitchen_clothes",
    "0028_general_shapes",
    "0029_generalise_shapes",
    "0030_strangers_words",
    "0032_spam_shapes",
    "0033_harm_shapes",
    "0035_spam_fifth",
)
# ... and the ones that give them new public descriptions, in order.
FLAG_RULE_DESCRIPTION_UPGRADES = (
    "0031_true_descriptions",
    "0034_shape_descriptions",
    "0036_harm_fifth",
)
# ... and the one that installs each category's rule learned from the City's decisions.
LEARNED_RULE_MIGRATION = "moderation.migrations.0014_learned_models"


def reseed_reference_data() -> None:
    from importlib import import_module

    from django.apps import apps

    for module, function in REFERENCE_SEEDERS:
        getattr(import_module(module), function)(apps, None)
    from moderation.migrations._frozen import descriptions_upgrade, rules_install, rules_upgrade

    for migration in FLAG_RULE_MIGRATIONS:
        rules_install(apps, None, migration)
    for migration in FLAG_RULE_UPGRADES:
        rules_upgrade(apps, None, migration)
    for migration in FLAG_RULE_DESCRIPTION_UPGRADES:
        descriptions_upgrade(apps, None, migration)
    import_module(LEARNED_RULE_MIGRATION).install_learned_rules(apps, None)


def _flush_with_permission(self):
    """Transactional tests empty the database with TRUNCATE between tests, which the retention
    triggers refuse. The tests connect as the `postgres` superuser, and only a superuser may
    set `session_replication_role`: in `replica` mode PostgreSQL fires no ordinary trigger
    (ALTER TABLE ... ENABLE TRIGGER: "simply enabled triggers" fire only in `origin` and
    `local` modes), the statement-level TRUNCATE ones included. The application's role is
    not a superuser, so it has no such way round them (audit/retention.py, README)."""
    aliases = self._databases_names(include_mirrors=False)
    for alias in aliases:
        conn = connections[alias]
        if conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
    try:
        _original_teardown(self)
    finally:
        for alias in aliases:
            conn = connections[alias]
            if conn.vendor == "postgresql" and conn.connection is not None:
                with conn.cursor() as cursor:
                    cursor.execute("RESET session_replication_role")
    reseed_reference_data()


TransactionTestCase._fixture_teardown = _flush_with_permission


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached values live in the cache (Redis under CI): start each
    test from an empty one so tests cannot leak into each other."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- people -----------------------------------------------------------------------------------
@pytest.fixture
def site(db):
    return SiteFactory(name="Stanton on Facebook", slug="facebook-main")


@pytest.fixture
def other_site(db):
    return SiteFactory(name="Stanton on Nextdoor", slug="nextdoor-main", platform="nextdoor")


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@stanton.example", full_name="Ada Admin", roles=[ADMINISTRATOR])


@pytest.fixture
def moderator(db, site, admin):
    user = UserFactory(email="mod@stanton.example", full_name="Mo Moderator", roles=[MODERATOR])
    DesignationFactory(user=user, site=site, designated_by=admin)
    return user


@pytest.fixture
def other_moderator(db, other_site, admin):
    """A moderator designated for another site only."""
    user = UserFactory(email="mod2@stanton.example", full_name="Oz Other", roles=[MODERATOR])
    DesignationFactory(user=user, site=other_site, designated_by=admin)
    return user


@pytest.fixture
def supervisor(db, site, other_site, admin):
    user = UserFactory(email="sup@stanton.example", full_name="Sue Supervisor", roles=[SUPERVISOR])
    DesignationFactory(user=user, site=site, designated_by=admin)
    DesignationFactory(user=user, site=other_site, designated_by=admin)
    return user


@pytest.fixture
def clerk(db):
    return UserFactory(email="clerk@stanton.example", full_name="Cal Clerk", roles=[RECORDS_CLERK])


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role."""
    return UserFactory(email="nobody@stanton.example", full_name="No Role")


def sign_in(client, user):
    """Sign in as `user` with a verified second factor, as after a real TOTP check."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def signed_in(client):
    def _sign_in(user):
        return sign_in(client, user)

    return _sign_in


# --- a real Celery worker ----------------------------------------------------------------------
@contextlib.contextmanager
def running_celery_worker(redis_url: str):
    """A real `celery -A stanton worker` process against `redis_url` (its broker and cache)
    and the test database, consuming a queue of its own, which tasks published from the test
    go to meanwhile."""
    from celery import current_app

    db = connections["default"].settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "REDIS_URL": redis_url}
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log_path = ROOT / "var" / f"worker-{queue}.log"
    celery_bin = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                celery_bin,
                "-A",
                "stanton",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    proc.log_path = log_path
    previous = (current_app.conf.task_always_eager, current_app.conf.task_default_queue)
    current_app.conf.task_always_eager = False
    current_app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text() and time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"celery worker exited early:\n{log_path.read_text()}")
            time.sleep(0.2)
        if "ready." not in log_path.read_text():
            pytest.fail(f"celery worker did not start:\n{log_path.read_text()}")
        yield proc
    finally:
        current_app.conf.task_always_eager, current_app.conf.task_default_queue = previous
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def celery_worker(require_redis, transactional_db):
    """A real worker against REDIS_URL and the test database."""
    with running_celery_worker(settings.REDIS_URL) as proc:
        yield proc


# --- a Redis the test owns: stopped and started by the test ------------------------------------
class OwnRedis:
    """A `redis-server` of the test's own on a free port, keeping nothing (no RDB snapshot, no
    AOF): stopping it is a Redis outage, and starting it again is a restart that lost every
    message and counter it held, as a production Redis without persistence would."""

    def __init__(self, directory: Path) -> None:
        import socket

        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    pytest.fail(f"redis-server on port {self.port} did not start")
                time.sleep(0.05)  # waiting for a process to listen, not for time to pass
            finally:
                client.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture
def own_redis(tmp_path):
    """A running Redis the test may stop and start (`own_redis.stop()`, `.start()`)."""
    require_service(shutil.which("redis-server") is not None, "redis-server (the Redis binary)")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset_broker_pools() -> None:
    """Celery caches its connection and producer pools per broker URL, in kombu's process-wide
    registries; close them all and empty the registries. Closing only `current_app.pool` left
    that closed pool registered under the shared Redis's URL, so a later test that published
    there failed with "Acquire on closed pool"."""
    from celery import current_app
    from kombu import pools

    pools.reset()
    current_app._pool = None
    current_app.amqp._producer_pool = None


@pytest.fixture
def on_own_redis(own_redis, settings):
    """The cache (rate limits), /healthz and the Celery broker all on `own_redis`, with tasks
    published to it rather than run in-process."""
    from celery import current_app

    settings.REDIS_URL = own_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "stanton",
            "OPTIONS": {"socket_connect_timeout": 2.0, "socket_timeout": 2.0},
        }
    }
    conf = current_app.conf
    previous = (conf.broker_url, conf.broker_write_url, conf.task_always_eager)
    conf.broker_url, conf.broker_write_url, conf.task_always_eager = own_redis.url, None, False
    _reset_broker_pools()
    try:
        yield own_redis
    finally:
        conf.broker_url, conf.broker_write_url, conf.task_always_eager = previous
        _reset_broker_pools()

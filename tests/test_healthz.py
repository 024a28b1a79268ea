"""GET /healthz: 200 when the database and Redis answer, 503 naming what does not."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.urls import reverse

HEALTHZ = reverse("healthz")


def test_healthy_with_real_redis(client, db, require_redis):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthy_without_redis_configured(client, db, settings):
    settings.REDIS_URL = ""

    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["redis"].startswith("not configured")


def test_unreachable_redis_is_503_naming_redis_and_does_not_hang(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    started = time.monotonic()
    response = client.get(HEALTHZ)

    assert time.monotonic() - started < 10
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "ok", "redis": "unavailable"}


def test_unreachable_database_is_503_naming_the_database(client, db, monkeypatch, settings):
    settings.REDIS_URL = ""

    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


def test_healthz_needs_no_sign_in_and_reveals_nothing(client, db, settings):
    settings.REDIS_URL = "redis://:s3cret@127.0.0.1:1/0"

    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert b"s3cret" not in response.content
    assert b"127.0.0.1" not in response.content


def test_healthz_is_get_only(client, db):
    assert client.post(HEALTHZ).status_code == 405


@pytest.mark.parametrize("https", [False, True])
def test_healthz_answers_plain_http_when_https_is_enforced(client, db, settings, https):
    """A load balancer probes over plain HTTP behind the TLS terminator: no redirect for it."""
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""

    response = client.get(HEALTHZ, secure=https)

    assert response.status_code == 200
    assert client.get(reverse("accounts:login"), secure=False).status_code == 301

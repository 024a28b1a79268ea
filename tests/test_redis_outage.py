"""A Redis outage (issue 9, item 6): the cache (rate limits) and the broker both point at a Redis
the test owns, and the test stops it. Comments are still stored (the platforms do not resend),
staff still sign in (the per-account lockout lives in the database), the work the request
enqueued waits in the outbox, the outage is logged once a minute rather than once a request,
and /healthz names Redis. The worker side (the queued work runs once Redis is back) is in
tests/test_celery_worker.py."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from accounts import ratelimit
from moderation.ingest.services import CLASSIFY_TASK
from moderation.ingest.tokens import api_token_create
from moderation.models import Comment
from outbox.models import OutboxMessage
from tests.accounts.test_sign_in import code_for, password_step
from tests.factories import SiteFactory, UserFactory
from tests.fixtures.ingest import load, sign

API = "/api/v1/comments/"
SECRET = "test-app-secret-0123456789"
PAGE_ID = "104857600123456"


@pytest.fixture
def redis_down(on_own_redis):
    on_own_redis.stop()
    ratelimit.outage_log.reset()  # a fresh outage: its first request is logged
    return on_own_redis


@pytest.mark.django_db(transaction=True)
def test_an_api_batch_is_stored_and_its_task_waits_in_the_outbox(client, site, admin, redis_down):
    _, raw = api_token_create(name="Facebook export job", sites=[site], actor=admin)
    body = json.dumps(load("api_batch.json")).encode()

    response = client.generic(
        "POST", API, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )

    assert response.status_code == 200, response.content
    assert Comment.objects.filter(site=site).count() == len(load("api_batch.json")["comments"])
    [message] = OutboxMessage.objects.filter(task_name=CLASSIFY_TASK)
    assert message.sent_at is None and message.done_at is None  # pending: resent later
    assert message.last_error


@pytest.mark.django_db(transaction=True)
def test_failed_api_attempts_are_still_answered_401_not_500(client, redis_down):
    response = client.generic(
        "POST", API, b"{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer stn_x"
    )
    assert response.status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_webhook_delivery_is_stored(client, settings, redis_down):
    settings.META_APP_SECRET = SECRET
    site = SiteFactory(slug="stanton-fb", platform="facebook", platform_page_id=PAGE_ID)
    body = json.dumps(load("meta_feed_add.json")).encode()

    response = client.generic(
        "POST",
        reverse("webhooks-meta"),
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body, SECRET),
    )

    assert response.status_code == 200, response.content
    assert Comment.objects.filter(site=site).exists()
    assert OutboxMessage.objects.filter(task_name=CLASSIFY_TASK, sent_at=None).count() == 1


@pytest.mark.django_db(transaction=True)
def test_staff_sign_in_with_password_and_code_succeeds(client, settings, redis_down):
    settings.REQUIRE_MFA = True
    staff = UserFactory(email="pat@stanton.example", full_name="Pat Person")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    response = password_step(client, staff.email)
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    response = client.post(reverse("accounts:mfa_verify"), {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_account_lockout_still_applies(client, redis_down):
    """The per-address count is off while Redis is away; django-axes (database) is not."""
    staff = UserFactory(email="pat@stanton.example", full_name="Pat Person")
    statuses = [
        password_step(client, staff.email, password="wrong-password-123").status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert password_step(client, staff.email).status_code == 429  # even the right password


@pytest.mark.django_db(transaction=True)
def test_the_outage_is_logged_once_not_per_request(client, redis_down, caplog):
    with caplog.at_level(logging.ERROR, logger="accounts.ratelimit"):
        for _ in range(20):
            response = client.generic(
                "POST", API, b"{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer x"
            )
            assert response.status_code == 401
            client.post(reverse("accounts:login"), {"username": "a@b.example", "password": "x"})
    lines = [r for r in caplog.records if r.name == "accounts.ratelimit"]
    assert len(lines) == 1
    assert "cache is unreachable" in lines[0].getMessage()


@pytest.mark.django_db(transaction=True)
def test_healthz_names_redis_while_it_is_down_and_recovers(client, redis_down):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }

    redis_down.start()
    assert client.get(reverse("healthz")).status_code == 200

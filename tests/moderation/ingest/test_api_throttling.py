"""Rate limits on the API and the Meta webhook (issue #6: "rate limits on sign-in and the API
backed by Redis"): per token, per address for failed attempts, per address on the webhook.
Over a limit the answer is 429 in the API's error shape with Retry-After, and nothing is
stored."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from moderation.ingest.api.throttling import (
    ApiFailedAttemptThrottle,
    ApiTokenRateThrottle,
    WebhookAddressThrottle,
)
from moderation.ingest.tokens import api_token_create, api_token_revoke
from moderation.models import ApiToken, Comment
from tests.fixtures.ingest import load

pytestmark = pytest.mark.django_db

URL = "/api/v1/comments/"


@pytest.fixture
def tokens(site, admin):
    made = []
    for name in ("Facebook export job", "Instagram export job"):
        _, raw = api_token_create(name=name, sites=[site], actor=admin)
        made.append(raw)
    return made


@pytest.fixture
def body():
    return json.dumps(load("api_batch.json")).encode()


def post(client, body, authorization=None, address="203.0.113.7", url=URL, **extra):
    extra["REMOTE_ADDR"] = address
    if authorization is not None:
        extra["HTTP_AUTHORIZATION"] = authorization
    return client.generic("POST", url, body, content_type="application/json", **extra)


def assert_throttled(response, window=60):
    assert response.status_code == 429, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "throttled" and error["message"]
    assert 1 <= int(response["Retry-After"]) <= window
    return error


# --- per token ----------------------------------------------------------------------------------
def test_a_token_over_its_limit_gets_429_and_another_token_does_not(client, settings, tokens, body):
    settings.API_RATE_LIMIT = "3/min"
    first, second = tokens
    statuses = [post(client, body, f"Bearer {first}").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    stored = Comment.objects.count()

    assert_throttled(post(client, body, f"Bearer {first}"))
    assert Comment.objects.count() == stored
    # Same address, another integration's token: its own allowance.
    assert post(client, body, f"Bearer {second}").status_code == 200


def test_a_token_may_send_again_once_the_window_has_passed(client, settings, tokens, body):
    settings.API_RATE_LIMIT = "2/min"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(2):
            assert post(client, body, f"Bearer {tokens[0]}").status_code == 200
        assert_throttled(post(client, body, f"Bearer {tokens[0]}"))
        clock.shift(timedelta(seconds=61))
        assert post(client, body, f"Bearer {tokens[0]}").status_code == 200


def test_an_empty_rate_turns_the_token_limit_off(client, settings, tokens, body):
    settings.API_RATE_LIMIT = ""
    assert {post(client, body, f"Bearer {tokens[0]}").status_code for _ in range(5)} == {200}


# --- failed attempts per address ----------------------------------------------------------------
@pytest.mark.parametrize(
    "authorization, url, first_status",
    [
        ("Bearer stn_guess", URL, 401),  # an unknown token
        (None, URL, 401),  # no token at all
        ("Basic dXNlcjpwYXNz", URL, 401),  # not a Bearer header
        ("Bearer stn_guess", URL + "?token=stn_guess", 400),  # a token in the URL
    ],
)
def test_failed_attempts_from_an_address_are_limited_even_for_a_right_token(
    client, settings, tokens, body, authorization, url, first_status
):
    settings.API_FAILED_ATTEMPT_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert post(client, body, authorization, url=url).status_code == first_status
    assert_throttled(post(client, body, authorization, url=url))
    # Past the limit even the right token is refused from that address, so guessing faster
    # gains nothing; from another address it works.
    assert_throttled(post(client, body, f"Bearer {tokens[0]}"))
    assert not Comment.objects.exists()
    assert post(client, body, f"Bearer {tokens[0]}", address="198.51.100.20").status_code == 200


def test_a_revoked_token_counts_as_a_failed_attempt(client, settings, site, admin, body):
    settings.API_FAILED_ATTEMPT_RATE_LIMIT = "2/min"
    token, raw = api_token_create(name="Old job", sites=[site], actor=admin)
    api_token_revoke(token=token, actor=admin)
    assert [post(client, body, f"Bearer {raw}").status_code for _ in range(2)] == [401, 401]
    assert_throttled(post(client, body, f"Bearer {raw}"))


def test_successful_requests_are_not_failed_attempts(client, settings, tokens, body):
    settings.API_FAILED_ATTEMPT_RATE_LIMIT = "2/min"
    assert {post(client, body, f"Bearer {tokens[0]}").status_code for _ in range(4)} == {200}
    # One failure after four successes is the first failure, not the fifth.
    assert post(client, body, "Bearer stn_guess").status_code == 401
    assert post(client, body, f"Bearer {tokens[0]}").status_code == 200


def test_the_forwarded_for_header_does_not_give_a_new_address(client, settings, body):
    settings.API_FAILED_ATTEMPT_RATE_LIMIT = "2/min"
    for n in range(2):
        post(client, body, "Bearer stn_guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert_throttled(post(client, body, "Bearer stn_guess", HTTP_X_FORWARDED_FOR="10.0.0.99"))


# --- the webhook --------------------------------------------------------------------------------
def test_the_webhook_is_limited_per_address(client, settings):
    settings.WEBHOOK_RATE_LIMIT = "2/min"
    settings.META_VERIFY_TOKEN = "test-verify-token"
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": "test-verify-token",
        "hub.challenge": "1158201444",
    }
    url = reverse("webhooks-meta")
    assert [client.get(url, params, REMOTE_ADDR="203.0.113.7").status_code for _ in "ab"] == [
        200,
        200,
    ]
    assert_throttled(client.get(url, params, REMOTE_ADDR="203.0.113.7"))
    assert_throttled(client.post(url, b"{}", "application/json", REMOTE_ADDR="203.0.113.7"))
    assert client.get(url, params, REMOTE_ADDR="198.51.100.20").status_code == 200


# --- Redis --------------------------------------------------------------------------------------
def test_the_counts_live_in_redis(require_redis, client, settings, tokens, body):
    """Every process counts together: the throttles use the default cache, which is Redis."""
    settings.API_RATE_LIMIT = "2/min"
    cache = caches["default"]
    assert type(cache).__name__ == "RedisCache"
    for _ in range(2):
        assert post(client, body, f"Bearer {tokens[0]}").status_code == 200
    keys = redis.Redis.from_url(settings.REDIS_URL).keys("*ratelimit:api_token:*")
    assert len(keys) == 1
    cache.clear()  # as if the counts had gone: the limit starts again
    assert post(client, body, f"Bearer {tokens[0]}").status_code == 200


# --- concurrency: counts are atomic -------------------------------------------------------------
def allowed_out_of(n: int, attempt) -> int:
    """Run `attempt` n times at once (threads released together by a barrier) against the
    real Redis, as gunicorn's processes and threads do; how many were let through."""
    barrier = threading.Barrier(n)

    def one(_):
        barrier.wait()
        return attempt()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return sum(1 for ok in pool.map(one, range(n)) if ok)


def test_400_concurrent_requests_let_exactly_the_limit_through(require_redis, settings, tokens):
    settings.API_RATE_LIMIT = "120/min"
    token = ApiToken.objects.first()
    request = RequestFactory().post(URL, REMOTE_ADDR="203.0.113.7")
    request.auth = token

    with time_machine.travel("2026-04-01 09:00:10 -0700", tick=False):
        allowed = allowed_out_of(400, lambda: ApiTokenRateThrottle().allow_request(request, None))

    assert allowed == 120


def test_concurrent_webhook_requests_are_counted_exactly(require_redis, settings):
    settings.WEBHOOK_RATE_LIMIT = "50/min"
    request = RequestFactory().post(URL, REMOTE_ADDR="203.0.113.9")
    with time_machine.travel("2026-04-01 09:00:10 -0700", tick=False):
        allowed = allowed_out_of(200, lambda: WebhookAddressThrottle().allow_request(request, None))
    assert allowed == 50


def test_concurrent_failed_attempts_are_all_counted(require_redis, settings):
    """100 failures at once against a limit of 100: not one of them is lost, so the address
    is blocked (a read-modify-write count loses some, and the address could guess on)."""
    settings.API_FAILED_ATTEMPT_RATE_LIMIT = "100/min"
    request = RequestFactory().post(URL, REMOTE_ADDR="203.0.113.9")
    with time_machine.travel("2026-04-01 09:00:10 -0700", tick=False):
        allowed_out_of(100, lambda: ApiFailedAttemptThrottle().record_failure(request) or True)
        assert ApiFailedAttemptThrottle().wait_if_blocked(request) is not None

"""`POST /api/v1/comments/` and `POST /api/v1/subscribers/` through the HTTP client: the
happy path, replay, edits, and every kind of bad input (a 4xx JSON error naming the problem,
nothing half-saved)."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.services import CLASSIFY_TASK
from moderation.ingest.tokens import api_token_create, api_token_revoke
from moderation.models import (
    ApiToken,
    Comment,
    CommentRevision,
    Post,
    PublicAccount,
    SubscriberSnapshot,
)
from outbox.models import OutboxMessage
from tests.fixtures.ingest import load, path

pytestmark = pytest.mark.django_db

URL = "/api/v1/comments/"


@pytest.fixture
def token(site, admin):
    token, raw = api_token_create(name="Facebook export job", sites=[site], actor=admin)
    token.raw = raw
    return token


@pytest.fixture
def payload():
    return load("api_batch.json")


def post_json(client, url, data, token=None, **extra):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    extra.setdefault("content_type", "application/json")
    if not body:  # the test client sends no Content-Type with an empty body; a real one may
        extra["CONTENT_TYPE"] = extra["content_type"]
    return client.generic("POST", url, body, **extra)


def db_counts():
    return (
        Comment.objects.count(),
        CommentRevision.objects.count(),
        PublicAccount.objects.count(),
        Post.objects.count(),
        SubscriberSnapshot.objects.count(),
        OutboxMessage.objects.filter(task_name=CLASSIFY_TASK).count(),
    )


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code, error
    assert error["message"]
    return error


# --- the happy path ---------------------------------------------------------------------------
def test_a_batch_is_accepted_and_answered_item_by_item(client, token, payload, site):
    response = post_json(client, URL, payload, token.raw)

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["site"] == site.slug
    assert data["counts"] == {"created": 4, "revised": 0, "unchanged": 0, "rejected": 0}
    ids = [r["comment_id"] for r in data["results"]]
    assert [r["external_id"] for r in data["results"]] == [
        c["external_id"] for c in payload["comments"]
    ]
    assert set(Comment.objects.filter(site=site).values_list("pk", flat=True)) == set(ids)
    # Exactly one classification task for the batch, with the comments that are new.
    [message] = OutboxMessage.objects.filter(task_name=CLASSIFY_TASK)
    assert message.kwargs == {"comment_ids": ids}
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENTS_INGESTED)
    assert event.actor is None
    assert event.data["origin"]["token_id"] == token.pk
    assert event.data["origin"]["token_prefix"] == token.prefix


def test_replay_is_all_unchanged_and_an_edit_is_a_revision(client, token, payload):
    post_json(client, URL, payload, token.raw)
    before = db_counts()

    replay = post_json(client, URL, payload, token.raw)

    assert replay.status_code == 200
    assert replay.json()["counts"] == {"created": 0, "revised": 0, "unchanged": 4, "rejected": 0}
    assert db_counts() == before

    edited = copy.deepcopy(payload)
    edited["comments"] = [edited["comments"][0]]
    edited["comments"][0]["body"] += " Update: it came today."
    response = post_json(client, URL, edited, token.raw)

    [result] = response.json()["results"]
    assert result["status"] == "revised" and result["changes"] == ["body"]
    comment = Comment.objects.get(pk=result["comment_id"])
    assert list(comment.revisions.values_list("number", "body")) == [
        (1, payload["comments"][0]["body"]),
        (2, edited["comments"][0]["body"]),
    ]


def test_rejected_items_are_reported_and_the_others_stored(client, token, payload):
    payload["comments"][1]["posted_at"] = "not a date"
    payload["comments"][2]["author"] = "fb_u_503"  # a string, not an object
    response = post_json(client, URL, payload, token.raw)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "rejected", "created"]
    assert "posted_at" in results[1]["reason"]
    assert "author" in results[2]["errors"]
    assert "comment_id" not in results[1]
    assert not Comment.objects.filter(external_id__in=["fb_c_1002", "fb_c_1003"]).exists()


def test_flags_exist_once_the_classification_task_runs(
    client, token, payload, django_capture_on_commit_callbacks
):
    """Done-when: a batch posted to the API appears in the queue with flags once the task
    runs (eagerly here; tests/moderation/ingest/test_api_worker.py runs a real worker)."""
    from moderation.models import Flag, QueueState

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, URL, payload, token.raw)
    assert response.status_code == 200
    message = OutboxMessage.objects.get(task_name=CLASSIFY_TASK)
    assert message.sent_at is not None, message.last_error
    spam = Comment.objects.get(external_id="fb_c_1003")
    assert Flag.objects.filter(comment=spam).exists()
    assert spam.queue_state == QueueState.OPEN
    flag = Flag.objects.filter(comment=spam).first()
    assert flag.evidence.get("explanation")


# --- authentication ---------------------------------------------------------------------------
def test_no_token_is_401_with_a_bearer_challenge(client, payload):
    response = post_json(client, URL, payload)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert db_counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Bearer stn_not-a-real-token", "invalid_token"),
        ("Token abc", "bad_authorization_header"),
        ("Bearer", "bad_authorization_header"),
        ("Bearer a b", "bad_authorization_header"),
        ("Basic dXNlcjpwYXNz", "bad_authorization_header"),
    ],
)
def test_a_wrong_token_is_401(client, token, payload, header, code):
    response = post_json(client, URL, payload, HTTP_AUTHORIZATION=header)
    assert_error(response, 401, code)
    assert not Comment.objects.exists()


def test_a_revoked_token_is_401(client, token, payload, admin):
    api_token_revoke(token=token, actor=admin)
    response = post_json(client, URL, payload, token.raw)
    assert_error(response, 401, "revoked_token")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("param", ["token", "access_token", "api_key"])
def test_a_token_in_the_url_is_refused_even_when_valid(client, token, payload, param):
    response = post_json(client, f"{URL}?{param}={token.raw}", payload, token.raw)
    error = assert_error(response, 400, "token_in_url")
    assert "Authorization header" in error["message"]
    assert not Comment.objects.exists()


def test_a_signed_in_session_is_not_api_authentication(client, admin, payload):
    from tests.conftest import sign_in

    sign_in(client, admin)
    assert_error(post_json(client, URL, payload), 401, "not_authenticated")


def test_a_token_not_scoped_to_the_site_is_403(client, site, other_site, admin, payload):
    _, raw = api_token_create(name="Nextdoor only", sites=[other_site], actor=admin)
    response = post_json(client, URL, payload, raw)
    assert_error(response, 403, "site_not_in_scope")
    assert not Comment.objects.exists()


def test_an_unknown_site_is_404(client, token, payload):
    payload["site"] = "no-such-site"
    assert_error(post_json(client, URL, payload, token.raw), 404, "unknown_site")


def test_last_used_is_stamped_at_most_once_a_minute(client, token, payload):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        post_json(client, URL, payload, token.raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        post_json(client, URL, payload, token.raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        post_json(client, URL, payload, token.raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == start + timedelta(seconds=61)


# --- bad bodies -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=latin-1"],
)
def test_a_wrong_content_type_is_415(client, token, payload, content_type):
    response = post_json(
        client, URL, json.dumps(payload).encode(), token.raw, content_type=content_type
    )
    assert_error(response, 415, "unsupported_media_type")
    assert not Comment.objects.exists()


def test_json_with_a_utf8_charset_is_fine(client, token, payload):
    response = post_json(
        client, URL, payload, token.raw, content_type="application/json; charset=UTF-8"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"site": "facebook-main", "comments": [', "invalid_json"),
        (b"", "empty_body"),
        (b'{"site": "facebook-main", "comments": [{"body": NaN}]}', "invalid_json"),
        (b'{"site": "facebook-main", "comments": [{"external_id": "\xff\xfe"}]}', "invalid_utf8"),
        (b"[" * 5000 + b"]" * 5000, "invalid_json"),
        (b'{"a": ' + b"9" * 5000 + b"}", "invalid_json"),
        (b'["site", "comments"]', "invalid_envelope"),
        (b'{"site": "facebook-main"}', "invalid_envelope"),
        (b'{"site": "facebook-main", "comments": {}}', "invalid_envelope"),
        (b'{"site": "facebook-main", "comments": []}', "invalid_envelope"),
        (b'{"site": 5, "comments": [{}]}', "invalid_envelope"),
        (b'{"site": "bad\\u0000slug", "comments": [{}]}', "invalid_envelope"),
    ],
)
def test_malformed_bodies_are_400_naming_the_problem(client, token, body, code):
    assert_error(post_json(client, URL, body, token.raw), 400, code)
    assert db_counts() == (0, 0, 0, 0, 0, 0)


def test_a_batch_over_1000_is_400(client, token, payload):
    item = payload["comments"][0]
    payload["comments"] = [{**item, "external_id": f"c{n}"} for n in range(1001)]
    error = assert_error(post_json(client, URL, payload, token.raw), 400, "batch_too_large")
    assert "1001" in error["message"]
    assert not Comment.objects.exists()


def test_a_body_over_the_limit_is_413_before_it_is_read(client, token, settings, payload):
    settings.INGEST_MAX_BODY_BYTES = 1000
    body = json.dumps(payload).encode()
    assert len(body) > 1000
    error = assert_error(post_json(client, URL, body, token.raw), 413, "body_too_large")
    assert "1,000" in error["message"]
    assert not Comment.objects.exists()


def test_a_lying_content_length_cannot_slip_past_the_limit(rf, token, settings, payload):
    """Read at most limit+1 bytes whatever Content-Length says."""
    from moderation.ingest.api.views import CommentBatchView

    settings.INGEST_MAX_BODY_BYTES = 1000
    body = json.dumps(payload).encode()
    request = rf.generic(
        "POST", URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token.raw}"
    )
    request.META["CONTENT_LENGTH"] = "10"  # claims to be small
    request._stream.limit = len(body)  # but the stream holds it all
    response = CommentBatchView.as_view()(request)
    response.render()
    assert response.status_code == 413
    assert not Comment.objects.exists()


def test_the_documented_limit_is_five_megabytes(settings):
    from django.conf import settings as live

    assert live.INGEST_MAX_BODY_BYTES == 5 * 1024 * 1024


def test_other_methods_are_405_json(client, token):
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token.raw}")
    assert_error(response, 405, "method_not_allowed")
    response = client.delete(URL, HTTP_AUTHORIZATION=f"Bearer {token.raw}")
    assert_error(response, 405, "method_not_allowed")


# --- subscribers ------------------------------------------------------------------------------
SUBSCRIBERS = "/api/v1/subscribers/"


def test_a_subscriber_snapshot_is_recorded(client, token, site):
    entries = [
        {"external_id": f"u{n}", "handle": f"fan{n}", "display_name": f"Fan {n}"}
        for n in range(250)
    ]
    response = post_json(
        client,
        SUBSCRIBERS,
        {"site": site.slug, "captured_at": "2026-03-01T08:00:00-08:00", "subscribers": entries},
        token.raw,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    snapshot = SubscriberSnapshot.objects.get(pk=data["id"])
    assert data["count"] == snapshot.subscriber_count == 250
    assert snapshot.subscribers == entries
    assert snapshot.site == site
    event = AuditEvent.objects.get(verb=AuditVerb.SUBSCRIBERS_SNAPSHOT_RECORDED)
    assert event.data["origin"]["token_id"] == token.pk


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"site": "facebook-main", "captured_at": "2026-03-01", "subscribers": []},
            400,
            "invalid_envelope",
        ),
        (
            {
                "site": "facebook-main",
                "captured_at": "2026-03-01T00:00:00Z",
                "subscribers": [{"handle": "x"}],
            },
            400,
            "invalid_subscribers",
        ),
        (
            {
                "site": "facebook-main",
                "captured_at": "2026-03-01T00:00:00Z",
                "subscribers": {"a": 1},
            },
            400,
            "invalid_subscribers",
        ),
        ({"site": "facebook-main", "subscribers": []}, 400, "invalid_envelope"),
        (
            {"site": "nope", "captured_at": "2026-03-01T00:00:00Z", "subscribers": []},
            404,
            "unknown_site",
        ),
    ],
)
def test_bad_subscriber_snapshots_are_refused(client, token, body, status, code):
    assert_error(post_json(client, SUBSCRIBERS, body, token.raw), status, code)
    assert not SubscriberSnapshot.objects.exists()


def test_subscribers_need_a_token_in_scope(client, site, other_site, admin):
    _, raw = api_token_create(name="Nextdoor only", sites=[other_site], actor=admin)
    body = {"site": site.slug, "captured_at": "2026-03-01T00:00:00Z", "subscribers": []}
    assert_error(post_json(client, SUBSCRIBERS, body), 401, "not_authenticated")
    assert_error(post_json(client, SUBSCRIBERS, body, raw), 403, "site_not_in_scope")


# --- the schema -------------------------------------------------------------------------------
def test_the_openapi_schema_describes_the_endpoints(client):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert "/api/v1/comments/" in schema["paths"]
    assert "/api/v1/subscribers/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    operation = schema["paths"]["/api/v1/comments/"]["post"]
    assert {"200", "400", "401", "403", "404", "413", "415"} <= set(operation["responses"])


def test_fixture_file_is_the_documented_shape():
    assert path("api_batch.json").exists()


def test_the_api_needs_no_csrf_token(token, payload):
    """Bearer tokens, not cookies, authenticate the API: CSRF does not apply."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post_json(strict, URL, payload, token.raw).status_code == 200

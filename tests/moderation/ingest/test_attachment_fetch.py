"""Storing attachment copies (`moderation.ingest.attachments`), against a real HTTP server on
127.0.0.1: what is stored, what is refused before any request is sent, and the one task an
ingested batch publishes."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.attachments import attachment_fetch
from moderation.ingest.services import FETCH_ATTACHMENTS_TASK
from moderation.ingest.tasks import fetch_attachments
from moderation.ingest.tokens import api_token_create
from moderation.models import Attachment
from outbox.models import OutboxMessage
from tests.conftest import sign_in
from tests.factories import CommentFactory
from tests.fixtures.ingest import load

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
LIMIT = 2000


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def _send(self, status, body=b"", content_type="application/octet-stream", length=True):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.split("?")[0] == "/photo.png":
            self._send(200, PNG, "image/png")
        elif self.path == "/big":
            self._send(200, b"x" * (LIMIT + 1))
        elif self.path == "/big-unannounced":  # no Content-Length: only counting catches it
            self._send(200, b"x" * (LIMIT * 3), length=False)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/photo.png")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            self.server.release.wait(10)  # released when the test ends
            self._send(200, PNG, "image/png")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture(autouse=True)
def fetch_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_FETCH_ALLOW_HTTP = True
    settings.ATTACHMENT_FETCH_ALLOW_PRIVATE = True
    settings.ATTACHMENT_FETCH_HOSTS = ["127.0.0.1"]
    settings.ATTACHMENT_FETCH_MAX_BYTES = LIMIT
    settings.ATTACHMENT_FETCH_TIMEOUT = 0.5
    return settings


def attachment_at(site, url, media_type="image/png"):
    return Attachment.objects.create(
        comment=CommentFactory(site=site), source_url=url, media_type=media_type
    )


def events(verb, attachment):
    return list(AuditEvent.objects.filter(verb=verb, target_id=str(attachment.pk)).order_by("seq"))


def test_a_png_is_stored_with_its_hash_and_audited(site, server):
    attachment = attachment_at(site, f"{server.base}/photo.png")

    result = attachment_fetch(attachment_id=attachment.pk)

    attachment.refresh_from_db()
    digest = hashlib.sha256(PNG).hexdigest()
    assert result.pk == attachment.pk
    assert attachment.sha256 == digest
    assert attachment.size == len(PNG)
    assert attachment.fetch_error == ""
    assert attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith(f"/{attachment.pk}-{digest[:12]}.png")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PNG
    [event] = events(AuditVerb.ATTACHMENT_FETCHED, attachment)
    assert event.actor is None
    assert event.site_id == site.pk
    assert event.data["sha256"] == digest
    assert event.data["size"] == len(PNG)
    assert event.data["server_content_type"] == "image/png"
    assert attachment.history.first().history_user is None
    assert server.requests == ["/photo.png"]


def test_a_second_run_leaves_a_stored_copy_alone(site, server):
    attachment = attachment_at(site, f"{server.base}/photo.png")
    attachment_fetch(attachment_id=attachment.pk)
    attachment.refresh_from_db()
    stored = (attachment.file.name, attachment.sha256, attachment.history.count())

    attachment_fetch(attachment_id=attachment.pk)
    fetch_attachments.apply(kwargs={"attachment_ids": [attachment.pk]})

    attachment.refresh_from_db()
    assert (attachment.file.name, attachment.sha256, attachment.history.count()) == stored
    assert len(events(AuditVerb.ATTACHMENT_FETCHED, attachment)) == 1
    assert server.requests == ["/photo.png"]


def test_the_server_type_fills_an_empty_media_type(site, server):
    attachment = attachment_at(site, f"{server.base}/photo.png", media_type="")
    stored = attachment_fetch(attachment_id=attachment.pk)
    # Information only: the download view still checks the bytes before serving inline.
    assert stored.file.name.endswith(".png") and stored.media_type == "image/png"


def test_an_unknown_type_is_stored_as_bin(site, server):
    attachment = attachment_at(site, f"{server.base}/missing-type", media_type="")
    server.requests.clear()
    assert attachment_fetch(attachment_id=attachment.pk).fetch_error.startswith("HTTP 404")
    from moderation.ingest.attachments import _extension

    assert _extension("text/html; charset=utf-8", "image/svg+xml") == ".bin"
    assert _extension("", "image/jpeg") == ".jpg"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big", "too large"),
        ("/big-unannounced", "too large"),
        ("/redirect", "redirect (HTTP 302) not followed"),
        ("/missing", "HTTP 404"),
    ],
)
def test_permanent_failures_are_recorded_and_nothing_is_stored(
    site, server, tmp_path, path, reason
):
    attachment = attachment_at(site, f"{server.base}{path}")

    result = fetch_attachments.apply(kwargs={"attachment_ids": [attachment.pk]}).get()

    attachment.refresh_from_db()
    assert reason in attachment.fetch_error
    assert not attachment.file and attachment.sha256 == "" and attachment.size is None
    assert not (tmp_path / "attachments").exists()
    assert result == {"stored": [], "failed": [attachment.pk], "retryable": []}
    [event] = events(AuditVerb.ATTACHMENT_FETCH_FAILED, attachment)
    assert event.site_id == site.pk
    assert reason in event.data["reason"] and event.data["retryable"] is False
    assert server.requests == [path]  # the redirect's target was never requested


def test_a_slow_server_times_out_as_retryable(site, server):
    attachment = attachment_at(site, f"{server.base}/slow")

    result = attachment_fetch(attachment_id=attachment.pk)

    attachment.refresh_from_db()
    assert attachment.fetch_error == "timed out"
    assert result.fetch_retryable is True
    assert not attachment.file
    [event] = events(AuditVerb.ATTACHMENT_FETCH_FAILED, attachment)
    assert event.data["retryable"] is True


@pytest.mark.parametrize(
    ("url", "overrides", "reason"),
    [
        # A host not in the allowlist (localhost is the same server, by another name).
        ("http://localhost:{port}/photo.png", {}, "not in ATTACHMENT_FETCH_HOSTS"),
        # An allowed host on a private address, with private addresses not allowed.
        (
            "http://127.0.0.1:{port}/photo.png",
            {"ATTACHMENT_FETCH_ALLOW_PRIVATE": False},
            "non-public address 127.0.0.1",
        ),
        # Plain http when only https is allowed.
        (
            "http://127.0.0.1:{port}/photo.png",
            {"ATTACHMENT_FETCH_ALLOW_HTTP": False},
            "https only",
        ),
        ("https://user:pw@127.0.0.1:{port}/photo.png", {}, "credentials"),
        ("https://scontent.example.com/a.png", {}, "not in ATTACHMENT_FETCH_HOSTS"),
    ],
)
def test_refused_addresses_send_no_request(site, server, fetch_settings, url, overrides, reason):
    for name, value in overrides.items():
        setattr(fetch_settings, name, value)
    attachment = attachment_at(site, url.format(port=server.server_address[1]))

    attachment_fetch(attachment_id=attachment.pk)

    attachment.refresh_from_db()
    assert reason in attachment.fetch_error
    assert attachment.fetch_error.startswith("refused")
    assert not attachment.file
    assert server.requests == []
    assert len(events(AuditVerb.ATTACHMENT_FETCH_FAILED, attachment)) == 1


def test_the_default_allowlist_names_the_platform_cdns(settings):
    del settings.ATTACHMENT_FETCH_HOSTS
    from django.conf import settings as live

    from moderation.ingest.attachments import DEFAULT_HOSTS, _host_allowed

    assert "fbcdn.net" in DEFAULT_HOSTS
    assert not hasattr(live, "ATTACHMENT_FETCH_HOSTS")
    assert _host_allowed("scontent-lax3-1.xx.fbcdn.net")
    assert _host_allowed("pbs.twimg.com")
    assert not _host_allowed("evilfbcdn.net")
    assert not _host_allowed("fbcdn.net.evil.example")


def test_an_api_batch_enqueues_one_fetch_and_the_copy_is_served(
    client, site, admin, moderator, server, django_capture_on_commit_callbacks
):
    token, raw = api_token_create(name="Facebook export job", sites=[site], actor=admin)
    payload = load("api_batch.json")
    payload["comments"][0]["attachments"] = [
        {"url": f"{server.base}/photo.png", "media_type": "image/png"},
        {"url": f"{server.base}/missing", "media_type": "image/png"},
    ]
    payload["comments"][1]["attachments"] = [{"url": f"{server.base}/photo.png?size=2"}]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.generic(
            "POST",
            "/api/v1/comments/",
            json.dumps(payload).encode(),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    assert response.status_code == 200, response.content
    attachments = list(Attachment.objects.order_by("pk"))
    [message] = OutboxMessage.objects.filter(task_name=FETCH_ATTACHMENTS_TASK)
    assert message.kwargs == {"attachment_ids": [a.pk for a in attachments]}
    assert message.sent_at is not None  # run eagerly on commit
    photo, missing, second = (a for a in attachments if a.source_url.startswith(server.base))
    # The fixture's own attachment is on a host outside the allowlist: refused, not fetched.
    [elsewhere] = (a for a in attachments if not a.source_url.startswith(server.base))
    assert "not in ATTACHMENT_FETCH_HOSTS" in elsewhere.fetch_error
    assert photo.sha256 == second.sha256 == hashlib.sha256(PNG).hexdigest()
    assert missing.fetch_error.startswith("HTTP 404") and not missing.file
    assert len(events(AuditVerb.ATTACHMENT_FETCHED, photo)) == 1
    assert len(events(AuditVerb.ATTACHMENT_FETCH_FAILED, missing)) == 1

    # Sent again: nothing new, so no second fetch task.
    with django_capture_on_commit_callbacks(execute=True):
        client.generic(
            "POST",
            "/api/v1/comments/",
            json.dumps(payload).encode(),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    assert OutboxMessage.objects.filter(task_name=FETCH_ATTACHMENTS_TASK).count() == 1

    sign_in(client, moderator)
    served = client.get(reverse("moderation:attachment_download", args=[photo.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG


def test_a_batch_without_attachments_enqueues_no_fetch(client, site, admin):
    token, raw = api_token_create(name="job", sites=[site], actor=admin)
    payload = load("api_batch.json")
    for item in payload["comments"]:
        item.pop("attachments", None)
    response = client.generic(
        "POST",
        "/api/v1/comments/",
        json.dumps(payload).encode(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    assert not OutboxMessage.objects.filter(task_name=FETCH_ATTACHMENTS_TASK).exists()


def test_a_rejected_item_leaves_no_attachment_in_the_fetch_task(site, server, monkeypatch):
    """When the database refuses one item, the batch is stored again item by item: the task
    names only attachments that were kept."""
    from django.db import IntegrityError

    from moderation.ingest import services

    payload = load("api_batch.json")["comments"][:2]
    payload[0]["attachments"] = [{"url": f"{server.base}/photo.png?a"}]
    payload[1]["attachments"] = [{"url": f"{server.base}/photo.png?b"}]
    real = services._Batch._create
    calls = {"n": 0}

    def refuse_the_second_once(self, item, *args):
        result = real(self, item, *args)
        # Refused in the whole-batch savepoint, then once more in its own (then retried).
        if item.external_id == payload[1]["external_id"] and calls["n"] < 2:
            calls["n"] += 1
            self.flush()
            raise IntegrityError("refused once")
        return result

    monkeypatch.setattr(services._Batch, "_create", refuse_the_second_once)
    services.comments_ingest_batch(site=site, items=payload, source="api")

    assert calls["n"] == 2
    kept = list(Attachment.objects.order_by("pk").values_list("pk", flat=True))
    assert len(kept) == 2
    [message] = OutboxMessage.objects.filter(task_name=FETCH_ATTACHMENTS_TASK)
    assert message.kwargs["attachment_ids"] == kept


@pytest.mark.parametrize(("retries", "retried"), [(0, True), (8, False)])
def test_the_task_retries_only_timeouts_until_its_limit(
    site, server, monkeypatch, retries, retried
):
    slow = attachment_at(site, f"{server.base}/slow")
    missing = attachment_at(site, f"{server.base}/missing")
    photo = attachment_at(site, f"{server.base}/photo.png")
    calls = []

    class Retry(Exception):
        pass

    def fake_retry(**kwargs):
        calls.append(kwargs)
        return Retry()

    monkeypatch.setattr(fetch_attachments, "retry", fake_retry)
    fetch_attachments.push_request(is_eager=False, retries=retries)
    try:
        if retried:
            with pytest.raises(Retry):
                fetch_attachments.run(attachment_ids=[slow.pk, missing.pk, photo.pk])
            [call] = calls
            assert call["kwargs"] == {"attachment_ids": [slow.pk]}  # the timeout only
            assert 0 <= call["countdown"] <= 600
        else:  # the last attempt: the failure stays recorded, nothing raised
            result = fetch_attachments.run(attachment_ids=[slow.pk, missing.pk, photo.pk])
            assert calls == []
            assert result == {"stored": [photo.pk], "failed": [missing.pk], "retryable": [slow.pk]}
    finally:
        fetch_attachments.pop_request()
    slow.refresh_from_db()
    assert slow.fetch_error == "timed out"

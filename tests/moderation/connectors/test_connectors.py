"""The connectors against a real HTTP server on 127.0.0.1 (pytest-httpserver) answering as the
Graph API and the YouTube Data API document: success, rate limit, expired token, timeout, 500.

Removing a comment makes exactly one call and its receipt shows on the comment; a failing call
is tried again with backoff and finally shown as failed, the decision kept; what a platform
cannot do goes to the worklist and is confirmed there; a package never calls a removal done
that the platform has not confirmed."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from datetime import timedelta

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.connectors.models import SiteConnection
from moderation.connectors.services import (
    platform_actions_resend_due,
    site_token,
)
from moderation.ingest.services import comments_ingest_batch
from moderation.models import Comment, Decision, PlatformAction, PlatformState, Site
from moderation.queue.services import comment_decide
from records import services as records_services
from records.selectors.search import SearchCriteria
from tests.conftest import sign_in
from tests.factories import CommentFactory
from tests.records.scene import make_request

pytestmark = pytest.mark.django_db

TOKEN = "EAAG-test-page-token-never-shown"


@pytest.fixture
def graph(httpserver, settings, monkeypatch, site):
    """The moderator's site as a connected Facebook Page, its Graph API on 127.0.0.1."""
    settings.META_GRAPH_URL = httpserver.url_for("/v21.0")
    Site.objects.filter(pk=site.pk).update(platform="facebook", platform_page_id="1122334455")
    monkeypatch.setenv("CONNECTOR_TOKEN_FACEBOOK_MAIN", TOKEN)
    return httpserver


def fb_comment(site, external_id="1122334455_9001"):
    return CommentFactory(site=site, external_id=external_id, body="Buy followers at spam.example")


def remove(comment, actor):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return comment_decide(
            comment=comment,
            actor=actor,
            action="remove",
            categories=["off_topic"],
            rationale="Spam: an advertisement for followers.",
            sub_reason="spam",
            seen_decision_id=0,  # decided from the comment's own page
        )


def action_of(comment) -> PlatformAction:
    return PlatformAction.objects.get(comment=comment)


# --- success -----------------------------------------------------------------------------
def test_removal_makes_one_call_and_the_receipt_shows_on_the_comment(
    graph, site, moderator, client
):
    comment = fb_comment(site)
    graph.expect_oneshot_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {"success": True}, headers={"X-App-Usage": '{"call_count":3,"total_time":1}'}
    )
    remove(comment, moderator)

    assert len(graph.log) == 1
    request, _response = graph.log[0]
    assert request.form["access_token"] == TOKEN
    action = action_of(comment)
    assert action.state == PlatformAction.State.CONFIRMED and action.attempts == 1
    assert action.receipt["status"] == 200 and action.receipt["body"] == {"success": True}
    assert TOKEN not in json.dumps(action.receipt)
    comment.refresh_from_db()
    assert comment.platform_reported_state == PlatformState.REMOVED
    assert AuditEvent.objects.filter(
        verb=AuditVerb.PLATFORM_ACTION_CONFIRMED, target_id=str(action.pk)
    ).exists()

    sign_in(client, moderator)
    page = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    assert "Confirmed by the platform" in page and "Receipt (the platform" in page
    assert "&quot;success&quot;: true" in page and TOKEN not in page
    # A second run of the task (a redelivered message) makes no second call.
    with TestCase.captureOnCommitCallbacks(execute=True):
        platform_actions_resend_due()
    assert len(graph.log) == 1


def test_hide_and_reply_and_ban_use_the_graph_shapes(graph, site, moderator):
    comment = fb_comment(site)
    graph.expect_oneshot_request(
        "/v21.0/1122334455_9001", method="POST", data="is_hidden=true&access_token=" + TOKEN
    ).respond_with_json({"success": True})
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_decide(
            comment=comment,
            actor=moderator,
            action="hide",
            categories=["off_topic"],
            rationale="Spam.",
            sub_reason="spam",
            seen_decision_id=0,  # decided from the comment's own page
        )
    assert action_of(comment).state == PlatformAction.State.CONFIRMED
    graph.check_assertions()


# --- failures ----------------------------------------------------------------------------
def test_a_failing_call_is_retried_with_backoff_then_failed_and_the_decision_stays(
    graph, site, moderator, client, settings
):
    settings.CONNECTOR_MAX_ATTEMPTS = 3
    comment = fb_comment(site)
    graph.expect_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {"error": {"message": "An unknown error occurred", "type": "OAuthException", "code": 1}},
        status=500,
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        remove(comment, moderator)
        action = action_of(comment)
        assert action.state == PlatformAction.State.PENDING and action.attempts == 1
        assert action.next_attempt_at == start + timedelta(seconds=30)
        assert platform_actions_resend_due() == 0  # not before its time
        traveller.shift(31)
        platform_actions_resend_due()
        action.refresh_from_db()
        assert action.attempts == 2 and action.next_attempt_at > timezone.now()  # 60 s now
        traveller.shift(61)
        platform_actions_resend_due()
    action.refresh_from_db()
    assert len(graph.log) == 3
    assert action.state == PlatformAction.State.FAILED and "after 3 attempts" in action.last_error
    assert action.receipt["status"] == 500
    decision = Decision.objects.get(comment=comment)
    assert decision.action == "remove"
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED  # the City's decision stands
    assert comment.platform_reported_state != PlatformState.REMOVED
    verbs = list(AuditEvent.objects.filter(target_id=str(action.pk)).values_list("verb", flat=True))
    assert verbs.count(AuditVerb.PLATFORM_ACTION_RETRY_SCHEDULED) == 2
    assert verbs.count(AuditVerb.PLATFORM_ACTION_FAILED) == 1

    sign_in(client, moderator)
    worklist = client.get(reverse("moderation:platform_worklist")).content.decode()
    assert f"platform-action-{action.pk}" in worklist and "Send again" in worklist
    # Staff send it again once the platform is back.
    graph.clear()
    graph.expect_oneshot_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {"success": True}
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("moderation:platform_action_retry", args=[action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == PlatformAction.State.CONFIRMED
    assert AuditEvent.objects.filter(
        verb=AuditVerb.PLATFORM_ACTION_RETRIED, actor=moderator, target_id=str(action.pk)
    ).exists()


def test_a_rate_limit_waits_as_long_as_the_platform_asks(graph, site, moderator):
    comment = fb_comment(site)
    graph.expect_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {"error": {"message": "(#4) Application request limit reached", "code": 4}},
        status=429,
        headers={"Retry-After": "120"},
    )
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        remove(comment, moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.PENDING
    assert action.next_attempt_at == now + timedelta(seconds=120)


def test_meta_business_usage_header_sets_the_wait(graph, site, moderator):
    comment = fb_comment(site)
    usage = {
        "1122334455": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]
    }
    graph.expect_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {"error": {"message": "(#80001) There have been too many calls", "code": 80001}},
        status=400,
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        remove(comment, moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.PENDING  # a 400 that is a rate limit
    assert action.next_attempt_at == now + timedelta(minutes=7)


def test_an_expired_token_fails_at_once_and_the_site_needs_reconnecting(
    graph, site, moderator, admin, client
):
    comment = fb_comment(site)
    graph.expect_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {
            "error": {
                "message": "Error validating access token: Session has expired.",
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 463,
                "fbtrace_id": "A1b2C3",
            }
        },
        status=400,
    )
    remove(comment, moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.FAILED and len(graph.log) == 1
    assert SiteConnection.objects.get(site=site).needs_reconnection
    assert AuditEvent.objects.filter(verb=AuditVerb.SITE_RECONNECTION_NEEDED).count() == 1
    sign_in(client, admin)
    home = client.get(reverse("home")).content.decode()
    assert "needs reconnecting" in home
    # Until an administrator reconnects it, the next action goes to the worklist.
    second = fb_comment(site, external_id="1122334455_9002")
    remove(second, moderator)
    assert action_of(second).state == PlatformAction.State.MANUAL
    assert len(graph.log) == 1


def test_a_token_gone_by_the_time_of_sending_puts_the_action_on_the_worklist(
    graph, site, moderator, monkeypatch
):
    comment = fb_comment(site)
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_decide(
            comment=comment,
            actor=moderator,
            action="remove",
            categories=["off_topic"],
            rationale="Spam.",
            sub_reason="spam",
            seen_decision_id=0,
        )
        monkeypatch.delenv("CONNECTOR_TOKEN_FACEBOOK_MAIN")  # before the task runs
    action = action_of(comment)
    assert action.state == PlatformAction.State.MANUAL and len(graph.log) == 0
    event = AuditEvent.objects.get(verb=AuditVerb.PLATFORM_ACTION_MANUAL)
    assert event.data["reason"] == "No access token is entered for this site."


def test_a_refusal_is_not_retried(graph, site, moderator):
    comment = fb_comment(site)
    graph.expect_request("/v21.0/1122334455_9001", method="DELETE").respond_with_json(
        {"error": {"message": "(#200) Permissions error", "code": 200}}, status=403
    )
    remove(comment, moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.FAILED and action.attempts == 1
    assert len(graph.log) == 1


def test_a_timeout_is_retried(graph, site, moderator, settings):
    settings.CONNECTOR_TIMEOUT_SECONDS = 0.3

    def slow(_request):
        time.sleep(1.0)  # the platform does not answer within the read timeout
        return Response('{"success": true}', content_type="application/json")

    comment = fb_comment(site)
    graph.expect_oneshot_request("/v21.0/1122334455_9001", method="DELETE").respond_with_handler(
        slow
    )
    remove(comment, moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.PENDING and action.attempts == 1
    assert "did not answer in time" in action.last_error


# --- YouTube and Instagram -----------------------------------------------------------------
def test_youtube_hide_is_held_for_review(httpserver, settings, monkeypatch, site, moderator):
    settings.YOUTUBE_API_URL = httpserver.url_for("/")
    Site.objects.filter(pk=site.pk).update(platform="youtube")
    monkeypatch.setenv("CONNECTOR_TOKEN_FACEBOOK_MAIN", "ya29.youtube-token")
    comment = CommentFactory(site=site, external_id="UgzAbC123")
    httpserver.expect_oneshot_request(
        "/youtube/v3/comments/setModerationStatus",
        method="POST",
        query_string={"id": "UgzAbC123", "moderationStatus": "heldForReview"},
        headers={"Authorization": "Bearer ya29.youtube-token"},
    ).respond_with_data("", status=204)
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_decide(
            comment=comment,
            actor=moderator,
            action="hide",
            categories=["off_topic"],
            rationale="Spam.",
            sub_reason="spam",
            seen_decision_id=0,  # decided from the comment's own page
        )
    httpserver.check_assertions()
    assert action_of(comment).state == PlatformAction.State.CONFIRMED


def test_youtube_quota_exceeded_waits_an_hour(httpserver, settings, monkeypatch, site, moderator):
    settings.YOUTUBE_API_URL = httpserver.url_for("/")
    Site.objects.filter(pk=site.pk).update(platform="youtube")
    monkeypatch.setenv("CONNECTOR_TOKEN_FACEBOOK_MAIN", "ya29.youtube-token")
    comment = CommentFactory(site=site, external_id="UgzAbC124")
    httpserver.expect_request("/youtube/v3/comments/setModerationStatus").respond_with_json(
        {
            "error": {
                "code": 403,
                "message": "The request cannot be completed because you have exceeded your quota.",
                "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}],
            }
        },
        status=403,
    )
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        remove(comment, moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.PENDING
    assert action.next_attempt_at == now + timedelta(hours=1)


def test_instagram_hide_uses_hide(httpserver, settings, monkeypatch, site, moderator):
    settings.META_GRAPH_URL = httpserver.url_for("/v21.0")
    Site.objects.filter(pk=site.pk).update(platform="instagram")
    monkeypatch.setenv("CONNECTOR_TOKEN_FACEBOOK_MAIN", TOKEN)
    comment = CommentFactory(site=site, external_id="17890000000000001")
    httpserver.expect_oneshot_request(
        "/v21.0/17890000000000001", method="POST", data=f"hide=true&access_token={TOKEN}"
    ).respond_with_json({"success": True})
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_decide(
            comment=comment,
            actor=moderator,
            action="hide",
            categories=["off_topic"],
            rationale="Spam.",
            sub_reason="spam",
            seen_decision_id=0,  # decided from the comment's own page
        )
    httpserver.check_assertions()
    assert action_of(comment).state == PlatformAction.State.CONFIRMED


# --- the manual connector ----------------------------------------------------------------
def test_a_manual_action_is_confirmed_from_the_worklist(other_site, other_moderator, client):
    comment = CommentFactory(site=other_site, permalink="https://nextdoor.com/p/abc?c=1")
    remove(comment, other_moderator)
    action = action_of(comment)
    assert action.state == PlatformAction.State.MANUAL
    assert "Nextdoor has no interface" in action.manual_reason

    sign_in(client, other_moderator)
    page = client.get(reverse("moderation:platform_worklist")).content.decode()
    assert (
        f"platform-action-{action.pk}" in page and 'href="https://nextdoor.com/p/abc?c=1"' in page
    )
    response = client.post(
        reverse("moderation:platform_action_done", args=[action.pk]),
        {"note": "Removed in the Nextdoor agency dashboard."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == PlatformAction.State.DONE_BY_HAND
    assert action.done_by == other_moderator and action.completed_at is not None
    event = AuditEvent.objects.get(verb=AuditVerb.PLATFORM_ACTION_DONE_BY_HAND)
    assert event.actor == other_moderator and event.data["note"].startswith("Removed in")
    detail = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    assert "Removed: done by hand on the platform by staff." in detail
    # Done once: a second "done" is refused, nothing changes.
    client.post(reverse("moderation:platform_action_done", args=[action.pk]), {"note": "x"})
    assert AuditEvent.objects.filter(verb=AuditVerb.PLATFORM_ACTION_DONE_BY_HAND).count() == 1


def test_a_moderator_of_another_site_cannot_touch_the_action(other_site, moderator, client):
    comment = CommentFactory(site=other_site)
    action = PlatformAction.objects.create(
        kind="remove_comment", site=other_site, comment=comment, state="manual"
    )
    sign_in(client, moderator)
    response = client.post(reverse("moderation:platform_action_done", args=[action.pk]))
    assert response.status_code == 404
    assert (
        "platform-action-"
        not in client.get(reverse("moderation:platform_worklist")).content.decode()
    )


# --- tokens ------------------------------------------------------------------------------
def test_a_stored_token_is_encrypted_never_shown_and_rotation_is_recorded(
    site, admin, client, settings
):
    settings.CONNECTOR_TOKEN_KEY = Fernet.generate_key().decode()
    sign_in(client, admin)
    url = reverse("moderation:site_connection", args=[site.slug])
    client.post(url, {"token": "first-secret-token"})
    client.post(url, {"token": "second-secret-token"})
    connection = SiteConnection.objects.get(site=site)
    assert "secret" not in connection.token_encrypted
    assert site_token(site) == "second-secret-token" and connection.rotations == 1
    page = client.get(url).content.decode()
    assert "second-secret-token" not in page and "rotated 1 time" in page
    events = AuditEvent.objects.filter(verb=AuditVerb.SITE_TOKEN_SET).order_by("seq")
    assert [e.data["rotated"] for e in events] == [False, True]
    assert all("secret" not in json.dumps(e.data) for e in events)
    assert not hasattr(connection.history.first(), "token_encrypted")


# --- reconciliation ----------------------------------------------------------------------
def _item(comment, state, reported_at):
    return {
        "external_id": comment.external_id,
        "author": {"external_id": comment.account.external_id, "handle": comment.account.handle},
        "body": comment.body,
        "posted_at": "2026-03-01T17:12:05Z",
        "platform_state": state,
        "edited_at": reported_at,
    }


def test_a_platform_report_confirms_the_pending_action(other_site, other_moderator):
    comment = CommentFactory(site=other_site, body="An advertisement.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_decide(
            comment=comment,
            actor=other_moderator,
            action="hide",
            categories=["off_topic"],
            rationale="Spam.",
            sub_reason="spam",
            seen_decision_id=0,
        )
    action = action_of(comment)
    assert action.state == PlatformAction.State.MANUAL
    comments_ingest_batch(
        site=other_site,
        items=[_item(comment, "hidden", "2030-01-01T00:00:00Z")],
        source="api",
    )
    action.refresh_from_db()
    assert action.state == PlatformAction.State.CONFIRMED and action.confirmed_via == "api"
    assert PlatformAction.objects.filter(comment=comment).count() == 1


def test_a_hide_the_portal_did_not_ask_for_is_recorded_as_done_on_the_platform(other_site):
    comment = CommentFactory(site=other_site, body="Hello.")
    comments_ingest_batch(
        site=other_site,
        items=[_item(comment, "hidden", "2030-01-01T00:00:00Z")],
        source="webhook",
    )
    done = PlatformAction.objects.get(comment=comment)
    assert done.state == PlatformAction.State.DONE and done.kind == "hide_comment"
    assert "does not say by whom" in done.reported_by
    assert AuditEvent.objects.filter(verb=AuditVerb.PLATFORM_ACTION_DONE_ON_PLATFORM).exists()


# --- the package -------------------------------------------------------------------------
def test_a_package_after_an_unconfirmed_removal_says_so(
    other_site, other_moderator, clerk, monkeypatch
):
    comment = CommentFactory(site=other_site, body="An advertisement for followers.")
    remove(comment, other_moderator)  # Nextdoor: on the worklist, not done yet
    request = make_request(clerk)
    records_services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=other_site.pk, site_slug=other_site.slug).to_json(),
        result_count=1,
    )
    request.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = records_services.package_request(actor=clerk, request=request)
    package.refresh_from_db()
    with zipfile.ZipFile(package.file.path) as zf:
        records = [json.loads(line) for line in zf.read("records.jsonl").decode().splitlines()]
        index = zf.read("index.csv").decode()
        html = zf.read("index.html").decode()
    record = next(r for r in records if r.get("kind") == "comment" and r["id"] == comment.pk)
    assert record["platform_state"] == "removed"
    assert record["platform_status"]["confirmed"] is False
    assert "not confirmed on the platform" in record["platform_status"]["summary"]
    rows = list(csv.DictReader(io.StringIO(index)))
    row = next(r for r in rows if r["Record ID"] == str(comment.pk))
    assert "not confirmed on the platform" in row["What the platform has done"]
    assert "not confirmed on the platform" in html
    assert Comment.objects.get(pk=comment.pk).platform_state == "removed"

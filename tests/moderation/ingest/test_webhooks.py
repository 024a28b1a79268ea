"""The Meta webhook: verification handshake, signature before parsing, Facebook feed verbs in
both payload shapes, Instagram comments, unknown pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.services import CLASSIFY_TASK
from moderation.models import Comment, PlatformState, Post, PublicAccount
from outbox.models import OutboxMessage
from tests.factories import SiteFactory
from tests.fixtures.ingest import load, sign

pytestmark = pytest.mark.django_db

SECRET = "test-app-secret-0123456789"
VERIFY = "test-verify-token"
PAGE_ID = "104857600123456"
IG_ID = "17841400000000001"


@pytest.fixture(autouse=True)
def meta_settings(settings):
    settings.META_APP_SECRET = SECRET
    settings.META_VERIFY_TOKEN = VERIFY


@pytest.fixture
def fb_site(db):
    return SiteFactory(slug="stanton-fb", platform="facebook", platform_page_id=PAGE_ID)


@pytest.fixture
def ig_site(db):
    return SiteFactory(slug="stanton-ig", platform="instagram", platform_page_id=IG_ID)


def deliver(client, payload, *, signature="sign", secret=SECRET, content_type="application/json"):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {}
    if signature == "sign":
        headers["HTTP_X_HUB_SIGNATURE_256"] = sign(body, secret)
    elif signature is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.generic(
        "POST", reverse("webhooks-meta"), body, content_type=content_type, **headers
    )


def stored():
    return (
        Comment.objects.count(),
        Post.objects.count(),
        PublicAccount.objects.count(),
        OutboxMessage.objects.count(),
        # Not counting the events the data migrations wrote for the default rules and exemptions.
        AuditEvent.objects.exclude(verb__startswith="flag_rule.")
        .exclude(verb__startswith="exemption.")
        .count(),
    )


# --- verification -----------------------------------------------------------------------------
def test_verification_echoes_the_challenge(client):
    response = client.get(
        reverse("webhooks-meta"),
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "<script>"},
        {},
    ],
)
def test_verification_refuses_anything_else(client, params):
    response = client.get(reverse("webhooks-meta"), params)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "verification_failed"


def test_verification_is_refused_when_no_token_is_configured(client, settings):
    settings.META_VERIFY_TOKEN = ""
    response = client.get(
        reverse("webhooks-meta"),
        {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"},
    )
    assert response.status_code == 403


# --- signatures -------------------------------------------------------------------------------
def test_a_signed_feed_comment_is_stored(client, fb_site):
    payload = load("meta_feed_add.json")
    response = deliver(client, payload)

    assert response.status_code == 200, response.content
    comment = Comment.objects.get(site=fb_site, external_id="998877665544_1122334455")
    value = payload["entry"][0]["changes"][0]["value"]
    assert comment.body == value["message"]
    assert comment.account.display_name == "Rosa Delgado"
    assert comment.account.external_id == "6754321098765432"
    assert comment.post.external_id == "104857600123456_998877665544"
    assert comment.post.permalink == "https://www.facebook.com/StantonCA/posts/pfbid02abc"
    assert comment.parent is None  # parent_id == post_id: a top-level comment
    assert comment.posted_at.timestamp() == value["created_time"]
    assert comment.raw_payload["change"] == payload["entry"][0]["changes"][0]
    assert comment.raw_payload["entry_id"] == PAGE_ID
    # The reaction change is not a comment: ignored.
    assert Comment.objects.count() == 1
    assert "reaction on a post, not on a comment" in response.json()["ignored"]
    [message] = OutboxMessage.objects.filter(task_name=CLASSIFY_TASK)
    assert message.kwargs == {"comment_ids": [comment.pk]}
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENTS_INGESTED)
    assert event.data["source"] == "webhook"
    assert event.data["origin"]["page_id"] == PAGE_ID


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "sha256=",
        "sha256=" + "0" * 64,
        "sha1=" + "0" * 40,
        "sha256=zzzz",
        "sha256=ÿÿ",
    ],
)
def test_a_missing_or_wrong_signature_is_403_and_stores_nothing(client, fb_site, signature):
    response = deliver(client, load("meta_feed_add.json"), signature=signature)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bad_signature"
    assert stored() == (0, 0, 0, 0, 0)


def test_a_signature_made_with_another_secret_is_403(client, fb_site):
    response = deliver(client, load("meta_feed_add.json"), secret="another-secret")
    assert response.status_code == 403
    assert stored() == (0, 0, 0, 0, 0)


def test_a_body_changed_after_signing_is_403(client, fb_site):
    body = json.dumps(load("meta_feed_add.json")).encode()
    signature = sign(body, SECRET)
    tampered = body.replace(b"splash pad", b"SPLASH PAD")
    response = deliver(client, tampered, signature=signature)
    assert response.status_code == 403
    assert stored() == (0, 0, 0, 0, 0)


def test_the_signature_is_checked_before_parsing(client, fb_site):
    response = deliver(client, b"{not json", signature="sha256=" + "0" * 64)
    assert response.status_code == 403  # not 400: the body was never parsed


def test_an_unconfigured_webhook_refuses_everything(client, fb_site, settings):
    settings.META_APP_SECRET = ""
    response = deliver(client, load("meta_feed_add.json"), secret="")
    assert response.status_code == 503
    assert stored() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [(b"{not json", "invalid_json", 400), (b'{"object": "\xff"}', "invalid_utf8", 400)],
)
def test_a_signed_but_malformed_body_is_400(client, fb_site, body, code, status):
    response = deliver(client, body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_a_signed_body_with_the_wrong_content_type_is_415(client, fb_site):
    response = deliver(client, load("meta_feed_add.json"), content_type="text/plain")
    assert response.status_code == 415
    assert stored() == (0, 0, 0, 0, 0)


def test_a_body_over_the_limit_is_413(client, fb_site, settings):
    settings.INGEST_MAX_BODY_BYTES = 100
    response = deliver(client, load("meta_feed_add.json"))
    assert response.status_code == 413
    assert stored() == (0, 0, 0, 0, 0)


def test_other_methods_are_405(client):
    response = client.put(reverse("webhooks-meta"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


# --- verbs and shapes -------------------------------------------------------------------------
def test_the_older_sender_shape_and_a_reply(client, fb_site):
    deliver(client, load("meta_feed_add.json"))
    response = deliver(client, load("meta_feed_reply_old_shape.json"))

    assert response.status_code == 200
    reply = Comment.objects.get(external_id="998877665544_1122334499")
    assert reply.account.display_name == "Tom Nguyen"
    assert reply.account.external_id == "1029384756"
    assert reply.parent.external_id == "998877665544_1122334455"


def test_edited_adds_a_revision_and_remove_keeps_the_text(client, fb_site):
    deliver(client, load("meta_feed_add.json"))
    deliver(client, load("meta_feed_edited.json"))
    comment = Comment.objects.get(external_id="998877665544_1122334455")
    assert comment.body.endswith("And what are the hours?")
    assert list(comment.revisions.values_list("number", flat=True)) == [1, 2]
    assert comment.revisions.get(number=1).body.endswith("for the season?")

    response = deliver(client, load("meta_feed_remove.json"))

    assert response.json()["sites"][0]["results"][0]["status"] == "revised"
    comment.refresh_from_db()
    # Meta's "remove" does not say who removed it: removed on the platform, not "by its author".
    assert comment.platform_state == PlatformState.REMOVED
    assert comment.body.endswith("And what are the hours?")
    assert comment.revisions.count() == 2


def test_meta_retrying_a_delivery_changes_nothing(client, fb_site):
    deliver(client, load("meta_feed_add.json"))
    before = stored()
    response = deliver(client, load("meta_feed_add.json"))
    assert response.json()["sites"][0]["counts"]["unchanged"] == 1
    assert stored() == before


@pytest.mark.parametrize(("verb", "state"), [("hide", "hidden"), ("unhide", "visible")])
def test_hide_and_unhide(client, fb_site, verb, state):
    deliver(client, load("meta_feed_add.json"))
    if verb == "unhide":
        hide = load("meta_feed_remove.json")
        hide["entry"][0]["changes"][0]["value"]["verb"] = "hide"
        deliver(client, hide)
    payload = load("meta_feed_remove.json")
    payload["entry"][0]["changes"][0]["value"]["verb"] = verb
    deliver(client, payload)
    comment = Comment.objects.get(external_id="998877665544_1122334455")
    assert comment.platform_state == state
    assert comment.revisions.count() == 1


def test_removing_an_unknown_comment_without_an_author_is_reported(client, fb_site):
    payload = load("meta_feed_remove.json")
    del payload["entry"][0]["changes"][0]["value"]["from"]
    response = deliver(client, payload)
    assert response.status_code == 200
    assert response.json()["sites"][0]["results"][0]["status"] == "rejected"
    assert not Comment.objects.exists()


def test_an_instagram_comment_is_stored(client, ig_site, fb_site):
    payload = load("meta_instagram_comments.json")
    response = deliver(client, payload)

    assert response.status_code == 200, response.content
    comment = Comment.objects.get(site=ig_site)
    value = payload["entry"][0]["changes"][0]["value"]
    assert comment.external_id == value["id"]
    assert comment.body == value["text"]
    assert comment.account.handle == "stanton_skater"
    assert comment.account.platform == "instagram"
    assert comment.post.external_id == "18000000000000001"


def test_the_business_login_instagram_shape_without_changes(client, ig_site):
    payload = load("meta_instagram_comments.json")
    entry = payload["entry"][0]
    change = entry.pop("changes")[0]
    entry.update(change)
    assert deliver(client, payload).status_code == 200
    assert Comment.objects.filter(site=ig_site).count() == 1


def test_an_unknown_page_is_acknowledged_and_ignored(client, fb_site):
    payload = load("meta_feed_add.json")
    payload["entry"][0]["id"] = "999"
    response = deliver(client, payload)
    assert response.status_code == 200  # Meta retries non-200; retrying cannot help
    assert "no site for facebook page 999" in response.json()["ignored"]
    assert stored() == (0, 0, 0, 0, 0)


def test_an_instagram_id_does_not_match_a_facebook_site(client, fb_site):
    payload = load("meta_instagram_comments.json")
    payload["entry"][0]["id"] = PAGE_ID
    deliver(client, payload)
    assert not Comment.objects.exists()


def test_a_bad_change_is_rejected_alone(client, fb_site):
    payload = load("meta_feed_add.json")
    bad = json.loads(json.dumps(payload["entry"][0]["changes"][0]))
    bad["value"]["comment_id"] = ["not", "an", "id"]
    payload["entry"][0]["changes"].append(bad)
    response = deliver(client, payload)
    assert response.status_code == 200
    assert len(response.json()["rejected"]) == 1
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"object": "user", "entry": []},
        {"object": "page"},
        {"object": "page", "entry": [1, {"id": None}, {"id": PAGE_ID, "changes": "x"}]},
        {
            "object": "page",
            "entry": [
                {
                    "id": PAGE_ID,
                    "changes": [{"field": "feed", "value": {"item": "comment", "verb": "share"}}],
                }
            ],
        },
        [],
    ],
)
def test_payloads_with_nothing_to_store_are_acknowledged(client, fb_site, payload):
    response = deliver(client, payload)
    assert response.status_code == 200
    assert stored() == (0, 0, 0, 0, 0)


def test_the_webhook_needs_no_csrf_token(fb_site):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert deliver(strict, load("meta_feed_add.json")).status_code == 200
    assert Comment.objects.count() == 1

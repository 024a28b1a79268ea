"""Reactions Meta reports on comments (issue 14): kept as records, once, without touching the
comment, and read by the Brown Act monitor when a member of a body reacts to another member's
comment on the body's matters."""

from __future__ import annotations

import copy
import json

import pytest
from django.test import TestCase
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from audit.retention import RetainedRecordError
from audit.selectors import audit_chain_first_problem
from moderation.brownact.models import BrownActAlert
from moderation.brownact.services import (
    body_member_add,
    brown_act_scan_reactions,
    legislative_body_save,
)
from moderation.ingest.reactions import BROWN_ACT_REACTIONS_TASK
from moderation.models import Comment, PublicAccount, Reaction
from outbox.models import OutboxMessage
from tests.conftest import sign_in
from tests.factories import SiteFactory
from tests.fixtures.ingest import load, sign

pytestmark = pytest.mark.django_db

SECRET = "test-app-secret-0123456789"
PAGE_ID = "104857600123456"
COMMENT_ID = "998877665544_1122334455"
REACTOR_ID = "5550001112223334"


@pytest.fixture(autouse=True)
def meta_settings(settings):
    settings.META_APP_SECRET = SECRET
    settings.META_VERIFY_TOKEN = "verify"


@pytest.fixture
def fb_site(db):
    return SiteFactory(slug="stanton-fb", platform="facebook", platform_page_id=PAGE_ID)


def deliver(client, payload):
    body = json.dumps(payload).encode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.generic(
            "POST",
            reverse("webhooks-meta"),
            body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(body, SECRET),
        )


def reaction_payload(**changes):
    payload = load("meta_feed_reaction_comment.json")
    payload["entry"][0]["changes"][0]["value"].update(changes)
    return payload


def test_a_reaction_on_a_comment_is_recorded_once_and_changes_nothing_else(client, fb_site):
    deliver(client, load("meta_feed_add.json"))
    comment = Comment.objects.get(external_id=COMMENT_ID)
    before = (comment.body, comment.platform_state, comment.queue_state, comment.revisions.count())

    response = deliver(client, load("meta_feed_reaction_comment.json"))

    assert response.status_code == 200, response.content
    assert response.json()["reactions"] == [
        {"site": "stanton-fb", "recorded": 1, "repeated": 0, "unknown_comment": []}
    ]
    reaction = Reaction.objects.get()
    assert (reaction.comment, reaction.kind, reaction.verb) == (comment, "like", "add")
    assert reaction.account.external_id == REACTOR_ID
    assert reaction.account.display_name == "Dana Whitfield"
    assert reaction.reacted_at.timestamp() == 1772409700  # Meta's entry time is the latest
    event = AuditEvent.objects.get(verb=AuditVerb.REACTIONS_RECORDED)
    assert event.data["reactions"] == [reaction.pk]
    comment.refresh_from_db()
    after = (comment.body, comment.platform_state, comment.queue_state, comment.revisions.count())
    assert after == before

    # Meta re-delivers: nothing new, no second event.
    again = deliver(client, load("meta_feed_reaction_comment.json"))
    assert again.json()["reactions"][0]["repeated"] == 1
    assert Reaction.objects.count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.REACTIONS_RECORDED).count() == 1

    # Withdrawing it is a second row; the first stays.
    deliver(client, reaction_payload(verb="remove", created_time=1772409800))
    assert list(Reaction.objects.order_by("id").values_list("verb", flat=True)) == [
        "add",
        "remove",
    ]
    assert audit_chain_first_problem()[1] is None
    with pytest.raises(RetainedRecordError):
        reaction.delete()


def test_reactions_the_portal_cannot_place_are_reported_not_guessed(client, fb_site):
    # On a comment the portal does not hold.
    response = deliver(client, load("meta_feed_reaction_comment.json"))
    assert response.json()["reactions"][0]["unknown_comment"] == [COMMENT_ID]
    # On the post itself, with a made-up verb, without an author or a kind.
    bad = load("meta_feed_reaction_comment.json")
    value = bad["entry"][0]["changes"][0]["value"]
    on_post = copy.deepcopy(value)
    del on_post["comment_id"]
    on_post["parent_id"] = on_post["post_id"]
    bad["entry"][0]["changes"] = [
        {"field": "feed", "value": on_post},
        {"field": "feed", "value": {**value, "verb": "explode"}},
        {"field": "feed", "value": {k: v for k, v in value.items() if k != "from"}},
        {"field": "feed", "value": {**value, "reaction_type": "<b>" * 20}},
    ]
    ignored = deliver(client, bad).json()["ignored"]
    assert "reaction on a post, not on a comment" in ignored
    assert "reaction verb 'explode' is not handled" in ignored
    assert "reaction without a valid from.id" in ignored
    assert "reaction without a valid reaction_type" in ignored
    assert not Reaction.objects.exists()
    assert not PublicAccount.objects.filter(external_id=REACTOR_ID).exists()


@pytest.fixture
def council(admin, fb_site):
    body = legislative_body_save(
        actor=admin, name="City Council", jurisdiction_terms="splash pad\nparks\nbudget"
    )
    author = PublicAccount.objects.create(
        platform="facebook", external_id="6754321098765432", display_name="Rosa Delgado"
    )
    reactor = PublicAccount.objects.create(
        platform="facebook", external_id=REACTOR_ID, display_name="Dana Whitfield"
    )
    body_member_add(
        actor=admin, body=body, name="Rosa Delgado", seat="District 1", accounts=[author]
    )
    body_member_add(
        actor=admin, body=body, name="Dana Whitfield", seat="District 2", accounts=[reactor]
    )
    return body


def test_a_member_liking_another_members_comment_alerts_the_clerk(client, fb_site, council, clerk):
    deliver(client, load("meta_feed_add.json"))  # Rosa (a member) asks about the splash pad
    comment = Comment.objects.get(external_id=COMMENT_ID)

    deliver(client, load("meta_feed_reaction_comment.json"))  # Dana (a member) likes it

    reaction = Reaction.objects.get()
    message = OutboxMessage.objects.get(task_name=BROWN_ACT_REACTIONS_TASK)
    assert message.kwargs == {"reaction_ids": [reaction.pk]}
    alert = BrownActAlert.objects.get()
    assert alert.kind == BrownActAlert.Kind.MEMBER_REACTION
    assert (alert.comment, alert.reaction) == (comment, reaction)
    assert alert.members == ["Dana Whitfield", "Rosa Delgado"]
    assert "reacted (like)" in alert.reason and "“splash pad”" in alert.reason
    assert brown_act_scan_reactions(reaction_ids=[reaction.pk]) == 0  # once per reaction
    comment.refresh_from_db()
    assert comment.platform_state == "visible"  # the monitor never removes anything

    sign_in(client, clerk)
    page = client.get(reverse("moderation:brown_act_alerts")).content.decode()
    assert "A member reacted to another member&#x27;s comment" in page


def test_no_alert_for_the_public_for_withdrawals_or_off_the_bodys_matters(client, fb_site, council):
    deliver(client, load("meta_feed_add.json"))
    # A resident's like: not even handed to the monitor.
    deliver(client, reaction_payload(**{"from": {"id": "999", "name": "A resident"}}))
    # A member withdrawing a like: recorded, not an alert.
    deliver(client, reaction_payload(verb="remove"))
    assert not OutboxMessage.objects.filter(task_name=BROWN_ACT_REACTIONS_TASK).exists()
    # A member's like on another member's comment about something else.
    comment = Comment.objects.get(external_id=COMMENT_ID)
    council.jurisdiction_terms = "zoning"
    council.save()
    deliver(client, reaction_payload(created_time=1772409900, reaction_type="love"))
    assert Reaction.objects.count() == 3
    assert (
        brown_act_scan_reactions(reaction_ids=list(Reaction.objects.values_list("pk", flat=True)))
        == 0
    )
    assert not BrownActAlert.objects.exists()
    assert comment.reactions.count() == 3

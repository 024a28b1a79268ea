"""What an overturn does to the comment: a removal or hide is restored through the decision
service (the platform is told), with the overturn in the comment's history and the audit
chain; a keep goes back in the moderation queue for a new decision."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import (
    Decision,
    Flag,
    PlatformAction,
    PlatformState,
    QueueState,
    ReviewState,
)
from moderation.queue.selectors import queue_comments
from moderation.queue.services import comment_decide
from moderation.review.services import decision_review
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.factories import CommentFactory
from tests.moderation.bans.scene import decided_comment

pytestmark = pytest.mark.django_db

NOTE = "Sharp criticism of the City is not discrimination."


def test_a_supervisor_overturns_a_removal_and_the_comment_is_visible_again(
    client, moderator, supervisor, site
):
    comment, removal = decided_comment(site, moderator, action="remove")
    assert comment.platform_state == PlatformState.REMOVED
    sign_in(client, supervisor)
    response = client.post(
        reverse("moderation:review_decide", args=[removal.pk]),
        {"outcome": "overturned", "note": NOTE},
    )
    assert response.status_code == 302

    comment.refresh_from_db()
    removal.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE
    assert removal.review_state == ReviewState.OVERTURNED and removal.review_note == NOTE
    restore = Decision.objects.get(comment=comment, action="restore")
    # The platform is told, through the connectors, like after any decision.
    # (This site has no connection, so the restore goes on the staff worklist to do by hand.)
    action = PlatformAction.objects.get(comment=comment, kind="restore_comment")
    assert action.decision == restore and action.state == PlatformAction.State.MANUAL
    # In the comment's own history: its state back to visible, the overturned review, the events.
    states = list(comment.history.order_by("history_id").values_list("platform_state", flat=True))
    assert states[-1] == PlatformState.VISIBLE and PlatformState.REMOVED in states
    html = client.get(reverse("moderation:comment_history", args=[comment.pk])).content.decode()
    assert "Overturned by Sue Supervisor" in html and NOTE in html
    # The events by their labels (the readable audit log shows no raw event names).
    labels = (AuditVerb.DECISION_OVERTURNED.label, AuditVerb.COMMENT_RESTORED.label)
    assert all(escape(str(label)) in html for label in labels)
    # In the audit chain, which still verifies.
    overturn = AuditEvent.objects.get(verb=AuditVerb.DECISION_OVERTURNED)
    restored = AuditEvent.objects.get(verb=AuditVerb.COMMENT_RESTORED)
    assert overturn.target_id == str(removal.pk) and overturn.data["comment_id"] == comment.pk
    assert overturn.data["restoring_decision_id"] == restore.pk
    assert restored.seq < overturn.seq and restored.prev_hash
    call_command("verify_audit_log")


def test_an_overturned_keep_is_back_in_the_queue(client, moderator, supervisor, site):
    comment, keep = decided_comment(site, moderator, action="keep", category="profanity")
    answered = list(Flag.objects.filter(resolved_by_decision=keep).values_list("pk", flat=True))
    assert answered and comment.queue_state == QueueState.NONE
    assert not queue_comments(moderator).filter(pk=comment.pk).exists()

    sign_in(client, supervisor)
    client.post(
        reverse("moderation:review_decide", args=[keep.pk]),
        {"outcome": "overturned", "note": "That word is profane."},
    )
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN and comment.flagged_at is not None
    assert set(
        Flag.objects.filter(comment=comment, status="open").values_list("pk", flat=True)
    ) == set(answered)
    event = AuditEvent.objects.get(verb=AuditVerb.DECISION_OVERTURNED)
    assert event.data["requeued"] is True and event.data["flags_reopened"] == answered
    # The moderator sees it in their queue, and a new decision from the queue is accepted.
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:comment_detail", args=[comment.pk]) in html
    removal = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["profanity"],
        rationale="Profanity, on second look.",
    )
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED
    assert comment.queue_state == QueueState.NONE
    assert set(Flag.objects.filter(resolved_by_decision=removal).values_list("pk", flat=True)) == (
        set(answered)
    )
    call_command("verify_audit_log")


def test_a_keep_that_answered_no_flag_goes_back_under_the_reviewers_category(
    client, moderator, supervisor, site
):
    comment = CommentFactory(site=site)
    keep = comment_decide(
        comment=comment,
        actor=moderator,
        action="keep",
        categories=[],
        rationale="",
        seen_decision_id=0,
    )
    with pytest.raises(ActionRefused, match="choose the policy category"):
        decision_review(decision=keep, actor=supervisor, outcome="overturned", note="No.")
    keep.refresh_from_db()
    assert keep.review_state != ReviewState.OVERTURNED

    sign_in(client, supervisor)
    client.post(
        reverse("moderation:review_decide", args=[keep.pk]),
        {"outcome": "overturned", "note": "A slur.", "category": "discrimination"},
    )
    comment.refresh_from_db()
    keep.refresh_from_db()
    assert keep.review_state == ReviewState.OVERTURNED
    assert comment.queue_state == QueueState.OPEN
    flag = Flag.objects.get(comment=comment, status="open")
    assert flag.source == "staff" and flag.category.code == "discrimination"
    assert flag.raised_by == supervisor and "A slur." in flag.evidence["explanation"]


def test_a_keep_decided_again_since_is_not_requeued(moderator, supervisor, site):
    comment, keep = decided_comment(site, moderator, action="keep", category="profanity")
    later = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["profanity"],
        rationale="Changed my mind.",
        seen_decision_id=keep.pk,
    )
    decision_review(decision=keep, actor=supervisor, outcome="overturned", note="Profane.")
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.NONE
    assert comment.platform_state == PlatformState.REMOVED
    event = AuditEvent.objects.get(verb=AuditVerb.DECISION_OVERTURNED)
    assert event.data["requeued"] is False and f"#{later.pk}" in event.data["consequence"]


def test_upholding_a_keep_leaves_it_out_of_the_queue(moderator, supervisor, site):
    comment, keep = decided_comment(site, moderator, action="keep", category="profanity")
    decision_review(decision=keep, actor=supervisor, outcome="upheld", note="")
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.NONE
    assert not Flag.objects.filter(comment=comment, status="open").exists()

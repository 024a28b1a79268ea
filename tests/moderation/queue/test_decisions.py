"""comment_decide and comments_decide_bulk: every action, every refusal, and what each
leaves behind (Decision, categories, flags, queue fields, platform action, audit row)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import (
    Claim,
    Decision,
    DecisionCategory,
    Flag,
    PlatformAction,
    PlatformState,
    PolicyVersion,
    QueueState,
    ReviewState,
)
from moderation.queue.claims import claim_take
from moderation.queue.services import comment_decide, comments_decide_bulk
from stanton.errors import ActionRefused
from tests.moderation.queue.support import flag, flagged_comment, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(admin):
    return PolicyVersion.objects.create(
        label="Adopted 2019",
        text="Placeholder.",
        effective_on=dt.date(2019, 1, 1),
        created_by=admin,
    )


def decide(comment, actor, action, categories=(), rationale="", **kw):
    return comment_decide(
        comment=comment,
        actor=actor,
        action=action,
        categories=list(categories),
        rationale=rationale,
        **kw,
    )


def test_remove_records_everything(site, moderator, policy):
    comment = flagged_comment(site)
    flag(comment, category="commerce", word="annoying", score=0.4)
    decision = decide(comment, moderator, "remove", ["profanity"], "Profane language: “damn”.")

    comment.refresh_from_db()
    assert decision.action == "remove" and decision.actor == moderator
    assert decision.policy_version == policy
    assert decision.previous_platform_state == PlatformState.VISIBLE
    # Profanity is not a judgment call: reviewed only if the random sample drew it.
    assert decision.review_reason != "judgment_call" and decision.review_sample_seed is not None
    assert decision.review_state == (
        ReviewState.UNREVIEWED if decision.review_reason == "sample" else ReviewState.NOT_REQUIRED
    )
    assert [c.code for c in decision.categories.all()] == ["profanity"]
    assert comment.platform_state == PlatformState.REMOVED
    assert comment.queue_state == QueueState.NONE and comment.flagged_at is None
    assert comment.queue_priority == 0
    flags = list(Flag.objects.filter(comment=comment))
    assert len(flags) == 2 and all(f.status == "resolved" for f in flags)
    assert all(f.resolved_by_decision == decision for f in flags)
    action = PlatformAction.objects.get(decision=decision)
    # No access token is entered for the test site: the removal waits on the staff worklist
    # (tests/moderation/connectors covers the connected case).
    assert action.kind == "remove_comment" and action.state == "manual"
    event = AuditEvent.objects.filter(verb=AuditVerb.COMMENT_REMOVED).get()
    assert event.actor == moderator and event.target_id == str(comment.pk)
    assert event.site_id == site.pk
    assert event.data["categories"] == ["profanity"]
    assert event.data["policy_version_id"] == policy.pk
    assert event.data["previous_state"] == "visible" and event.data["new_state"] == "removed"
    assert sorted(event.data["flags_resolved"]) == sorted(f.pk for f in flags)
    # history names who did it
    assert decision.history.first().history_user == moderator
    assert comment.history.first().history_user == moderator


def test_hide_in_judgment_call_category_awaits_review(site, moderator, policy):
    comment = flagged_comment(
        site, "Vote YES on Measure Q!", category="political_campaign", word="Vote YES on Measure Q"
    )
    decision = decide(comment, moderator, "hide", ["political_campaign"], "Campaign advocacy.")
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.HIDDEN
    assert decision.review_state == ReviewState.UNREVIEWED
    assert PlatformAction.objects.get(decision=decision).kind == "hide_comment"


def test_keep_clears_flags_and_changes_nothing_on_the_platform(site, moderator):
    comment = flagged_comment(site)
    decision = decide(comment, moderator, "keep")
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE
    assert comment.queue_state == QueueState.NONE
    assert not Flag.objects.filter(comment=comment, status="open").exists()
    assert decision.policy_version is None  # none entered: recorded as such
    assert not PlatformAction.objects.filter(decision=decision).exists()
    assert (
        AuditEvent.objects.filter(verb=AuditVerb.COMMENT_KEPT, target_id=str(comment.pk)).count()
        == 1
    )


def test_escalate_leaves_flags_open_and_a_supervisor_decides(site, moderator, supervisor):
    comment = flagged_comment(site)
    decide(comment, moderator, "escalate", rationale="Not sure this is profanity in context.")
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.ESCALATED
    assert Flag.objects.filter(comment=comment, status="open").count() == 1
    with pytest.raises(ActionRefused, match="supervisor decides"):
        decide(comment, moderator, "keep")
    with pytest.raises(ActionRefused, match="already escalated"):
        decide(comment, supervisor, "escalate", rationale="again")
    decide(comment, supervisor, "remove", ["profanity"], "Profane.")
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.NONE
    assert comment.platform_state == PlatformState.REMOVED
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_ESCALATED).count() == 1


def test_restore_after_removal(site, moderator):
    comment = flagged_comment(site)
    decide(comment, moderator, "remove", ["profanity"], "Profane.")
    decision = decide(comment, moderator, "restore", rationale="On second reading, fine.")
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE
    assert decision.previous_platform_state == PlatformState.REMOVED
    assert PlatformAction.objects.get(decision=decision).kind == "restore_comment"
    assert (
        AuditEvent.objects.filter(verb=AuditVerb.COMMENT_RESTORED).get().data["new_state"]
        == "visible"
    )


@pytest.mark.parametrize(
    ("action", "categories", "rationale", "message"),
    [
        ("remove", [], "Because.", "Choose at least one policy category"),
        ("hide", ["profanity"], "   ", "Write a rationale"),
        ("escalate", [], "", "Write a rationale"),
        ("restore", [], "It is fine.", "Only a hidden or removed comment can be restored"),
        ("remove", ["no_such"], "x", "Unknown policy category"),
        ("remove", ["profanity"], "x", None),  # sub_reason of another category, below
        ("ban", [], "x", "is not a decision"),
    ],
)
def test_refusals_leave_nothing_behind(site, moderator, action, categories, rationale, message):
    comment = flagged_comment(site)
    kwargs = {}
    if message is None:
        kwargs, message = {"sub_reason": "spam"}, "not a sub-reason"
    with pytest.raises(ActionRefused, match=message):
        decide(comment, moderator, action, categories, rationale, **kwargs)
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN
    assert not Decision.objects.exists() and not DecisionCategory.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="comment.").exists()


def test_off_topic_sub_reason_is_recorded(site, moderator):
    comment = flagged_comment(
        site,
        "BUY CHEAP WATCHES cheapwatches.example",
        category="off_topic",
        word="BUY CHEAP WATCHES",
    )
    decision = decide(comment, moderator, "remove", ["off_topic"], "Spam.", sub_reason="spam")
    assert decision.sub_reason == "spam"
    assert decision.review_state == ReviewState.UNREVIEWED


def test_refused_when_not_in_queue_or_state_makes_no_sense(site, moderator):
    unflagged = make_comment(site)
    for action in ("keep", "hide", "remove"):
        with pytest.raises(ActionRefused, match="not waiting for a decision"):
            decide(unflagged, moderator, action, ["profanity"], "x")
    comment = flagged_comment(site)
    decide(comment, moderator, "hide", ["profanity"], "Profane.")
    with pytest.raises(ActionRefused, match="not waiting"):
        decide(comment, moderator, "remove", ["profanity"], "Profane.")
    deleted = flagged_comment(site, platform_state=PlatformState.DELETED)
    with pytest.raises(ActionRefused, match="author deleted"):
        decide(deleted, moderator, "remove", ["profanity"], "x")
    decide(deleted, moderator, "keep")


def test_refused_when_not_designated(other_site, moderator, other_moderator, admin):
    comment = flagged_comment(other_site)
    with pytest.raises(ActionRefused, match="not designated"):
        decide(comment, moderator, "keep")
    with pytest.raises(ActionRefused, match="Only moderators and supervisors"):
        decide(comment, admin, "keep")
    # a designation revoked a moment ago stops working at once
    designation = other_moderator.designations.get()
    designation.revoked_at = timezone.now()
    designation.save()
    with pytest.raises(ActionRefused, match="not designated"):
        decide(comment, other_moderator, "keep")


def test_refused_while_someone_else_holds_the_claim(site, moderator, supervisor):
    comment = flagged_comment(site)
    claim_take(comment=comment, user=supervisor)
    with pytest.raises(ActionRefused, match="Sue Supervisor is working on this comment"):
        decide(comment, moderator, "keep")
    decide(comment, supervisor, "keep")  # the holder may
    assert not Claim.objects.get(comment=comment).is_live  # the decision ended it


def test_claim_expiry_lets_others_decide(site, moderator, supervisor):
    comment = flagged_comment(site)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        claim_take(comment=comment, user=supervisor, minutes=5)
        traveller.shift(dt.timedelta(minutes=6))
        decide(comment, moderator, "keep")


def test_policy_version_in_force_is_the_latest_effective(site, moderator, admin):
    PolicyVersion.objects.create(label="2019", text="x", effective_on=dt.date(2019, 1, 1))
    current = PolicyVersion.objects.create(label="2024", text="x", effective_on=dt.date(2024, 1, 1))
    PolicyVersion.objects.create(
        label="future", text="x", effective_on=timezone.localdate() + dt.timedelta(days=30)
    )
    decision = decide(flagged_comment(site), moderator, "keep")
    assert decision.policy_version == current


def test_bulk_decides_each_in_its_own_savepoint(site, other_site, moderator, supervisor):
    first, second = flagged_comment(site), flagged_comment(site, "damn it")
    held = flagged_comment(site, "damn again")
    decided_already = flagged_comment(site, "damn once more")
    elsewhere = flagged_comment(other_site)
    claim_take(comment=held, user=supervisor)
    decide(decided_already, moderator, "keep")

    decided, refused = comments_decide_bulk(
        comment_ids=[first.pk, second.pk, held.pk, decided_already.pk, elsewhere.pk, 999999],
        actor=moderator,
        action="remove",
        category="profanity",
        rationale="Profane language.",
    )
    assert sorted(d.comment_id for d in decided) == sorted([first.pk, second.pk])
    reasons = {r.comment_id: r.reason for r in refused}
    assert "Sue Supervisor" in reasons[held.pk]
    assert "not waiting" in reasons[decided_already.pk]
    assert "No such comment" in reasons[elsewhere.pk] and "No such comment" in reasons[999999]
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_REMOVED).count() == 2
    held.refresh_from_db()
    assert held.queue_state == QueueState.OPEN and held.platform_state == "visible"

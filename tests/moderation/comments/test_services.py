"""Acting on any comment, through the services: a staff flag, a decision on a comment that was
never flagged or was kept before (each recorded, nothing overwritten), a public report, and a
staff note on an account. Each asserts its rows and its audit event."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.comments.services import (
    account_note_add,
    comment_flag,
    comment_report,
    reporter_fingerprint,
)
from moderation.models import (
    AccountNote,
    Decision,
    Flag,
    FlagSource,
    PlatformAction,
    PlatformState,
    QueueState,
)
from moderation.queue.selectors import queue_comments
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused
from tests.moderation.queue.support import flagged_comment, make_comment

pytestmark = pytest.mark.django_db


def decide(comment, actor, action, categories=(), rationale="", seen=0, **kw):
    return comment_decide(
        comment=comment,
        actor=actor,
        action=action,
        categories=list(categories),
        rationale=rationale,
        seen_decision_id=seen,
        **kw,
    )


def events(verb):
    return AuditEvent.objects.filter(verb=verb)


# --- a staff flag -------------------------------------------------------------------------------
def test_staff_flag_puts_an_unflagged_comment_in_the_queue(site, moderator):
    comment = make_comment(site, "Buy cheap watches at my shop")
    flag = comment_flag(
        comment=comment, actor=moderator, category="commerce", note="Sells watches."
    )
    assert flag.source == FlagSource.STAFF and flag.raised_by == moderator
    assert flag.category.code == "commerce" and flag.status == Flag.Status.OPEN
    assert flag.evidence["explanation"] == "Sells watches."
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN and comment.flagged_at is not None
    assert list(queue_comments(moderator)) == [comment]
    event = events(AuditVerb.COMMENT_FLAGGED_BY_STAFF).get()
    assert event.actor == moderator and event.target_id == str(comment.pk)
    assert event.data["flags"] == [{"id": flag.pk, "category": "commerce"}]
    assert event.data["note"] == "Sells watches."


def test_staff_flag_refusals(site, other_site, moderator, clerk):
    comment = make_comment(site)
    with pytest.raises(ActionRefused, match="Only moderators and supervisors"):
        comment_flag(comment=comment, actor=clerk, category="commerce", note="x")
    with pytest.raises(ActionRefused, match="not designated"):
        comment_flag(
            comment=make_comment(other_site), actor=moderator, category="commerce", note="x"
        )
    with pytest.raises(ActionRefused, match="Unknown policy category"):
        comment_flag(comment=comment, actor=moderator, category="nonsense", note="x")
    with pytest.raises(ActionRefused, match="Say what"):
        comment_flag(comment=comment, actor=moderator, category="commerce", note="  ")
    comment_flag(comment=comment, actor=moderator, category="commerce", note="Ad.")
    with pytest.raises(ActionRefused, match="already has an open staff flag"):
        comment_flag(comment=comment, actor=moderator, category="commerce", note="Ad again.")
    assert Flag.objects.filter(comment=comment).count() == 1
    assert events(AuditVerb.COMMENT_FLAGGED_BY_STAFF).count() == 1


# --- deciding any comment -----------------------------------------------------------------------
def test_an_unflagged_comment_is_removed_from_its_page_with_a_staff_flag(site, moderator):
    comment = make_comment(site, "You are all idiots and I know where you live")
    decision = decide(comment, moderator, "remove", ["threat"], "Says they know where staff live.")

    comment.refresh_from_db()
    assert decision.action == "remove" and comment.platform_state == PlatformState.REMOVED
    assert comment.queue_state == QueueState.NONE
    # The record shows why it came to a person: a staff flag for the cited category,
    # raised by the decider and answered by this decision, in the same transaction.
    flag = Flag.objects.get(comment=comment)
    assert flag.source == FlagSource.STAFF and flag.category.code == "threat"
    assert flag.raised_by == moderator and flag.status == Flag.Status.RESOLVED
    assert flag.resolved_by_decision == decision
    assert flag.evidence["raised_with_decision"] == decision.pk
    flagged = events(AuditVerb.COMMENT_FLAGGED_BY_STAFF).get()
    removed = events(AuditVerb.COMMENT_REMOVED).get()
    assert flagged.data["decision_id"] == decision.pk and flagged.seq < removed.seq
    assert removed.data["staff_flags"] == [flag.pk] and removed.data["flags_resolved"] == [flag.pk]
    assert PlatformAction.objects.get(decision=decision).kind == "remove_comment"


def test_no_staff_flag_when_the_cited_category_is_already_flagged(site, moderator):
    comment = flagged_comment(site)  # profanity
    decide(comment, moderator, "hide", ["profanity", "threat"], "Profane and threatening.")
    flags = Flag.objects.filter(comment=comment)
    assert sorted((f.source, f.category.code) for f in flags) == [
        ("rule", "profanity"),
        ("staff", "threat"),
    ]
    assert all(f.status == Flag.Status.RESOLVED for f in flags)


def test_a_kept_comment_is_flagged_and_decided_again_and_both_stay_on_record(site, moderator):
    comment = flagged_comment(site)
    kept = decide(comment, moderator, "keep", seen=None)  # from the queue
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.NONE

    comment_flag(comment=comment, actor=moderator, category="threat", note="A veiled threat.")
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN
    removed = decide(comment, moderator, "remove", ["threat"], "A veiled threat.", seen=kept.pk)

    assert list(Decision.objects.filter(comment=comment).order_by("id")) == [kept, removed]
    kept.refresh_from_db()
    assert kept.action == "keep"  # nothing overwritten
    assert events(AuditVerb.COMMENT_KEPT).count() == 1
    assert events(AuditVerb.COMMENT_REMOVED).count() == 1
    # The threat flag was already open (raised by hand): no second staff flag.
    assert Flag.objects.filter(comment=comment, source=FlagSource.STAFF).count() == 1


def test_a_kept_comment_can_be_decided_again_from_its_page_without_a_new_flag(site, moderator):
    comment = flagged_comment(site)
    kept = decide(comment, moderator, "keep", seen=None)
    hidden = decide(comment, moderator, "hide", ["profanity"], "Profane after all.", seen=kept.pk)
    assert hidden.previous_platform_state == PlatformState.VISIBLE
    assert Flag.objects.filter(comment=comment, source=FlagSource.STAFF).get().status == "resolved"


def test_a_decision_made_since_the_page_was_opened_is_never_overruled_unseen(
    site, moderator, supervisor
):
    comment = make_comment(site)
    first = decide(comment, supervisor, "keep", seen=0)
    with pytest.raises(ActionRefused, match="decided by someone else since you opened it"):
        decide(comment, moderator, "remove", ["profanity"], "Profane.", seen=0)
    assert Decision.objects.filter(comment=comment).count() == 1
    assert not Flag.objects.filter(comment=comment).exists()  # the refusal left nothing
    decide(comment, moderator, "remove", ["profanity"], "Profane.", seen=first.pk)


def test_from_the_queue_a_comment_must_still_be_waiting(site, moderator):
    with pytest.raises(ActionRefused, match="not waiting for a decision"):
        decide(make_comment(site), moderator, "remove", ["profanity"], "x", seen=None)


def test_an_unflagged_comment_escalated_reaches_the_supervisors_queue(site, moderator, supervisor):
    comment = make_comment(site)
    decide(comment, moderator, "escalate", [], "Not sure whether this is a threat.")
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.ESCALATED and comment.flagged_at is not None
    assert comment in list(queue_comments(supervisor).filter(flagged_at__isnull=False))
    with pytest.raises(ActionRefused, match="a supervisor decides it"):
        decide(comment, moderator, "keep", seen=None)
    decide(comment, supervisor, "keep", seen=None)
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.NONE


def test_the_existing_checks_still_apply_to_any_comment(site, other_site, moderator, clerk):
    with pytest.raises(ActionRefused, match="not designated"):
        decide(make_comment(other_site), moderator, "remove", ["profanity"], "x")
    with pytest.raises(ActionRefused, match="Only moderators and supervisors"):
        decide(make_comment(site), clerk, "remove", ["profanity"], "x")
    with pytest.raises(ActionRefused, match="at least one policy category"):
        decide(make_comment(site), moderator, "remove", [], "x")
    deleted = make_comment(site, platform_state=PlatformState.DELETED)
    with pytest.raises(ActionRefused, match="author deleted"):
        decide(deleted, moderator, "remove", ["profanity"], "x")
    assert not Flag.objects.exists() and not Decision.objects.exists()


# --- public reports -----------------------------------------------------------------------------
def test_a_public_report_is_a_public_flag_and_keeps_no_address(site):
    comment = make_comment(site, "Visit my crypto page for free money")
    flag = comment_report(
        comment=comment,
        category="commerce",
        note="Spam on every post.",
        contact="res@example.org",
        reporter_address="203.0.113.9",
    )
    assert flag.source == FlagSource.PUBLIC and flag.raised_by is None
    assert flag.evidence["explanation"] == "Spam on every post."
    assert flag.evidence["contact"] == "res@example.org"
    assert "203.0.113.9" not in str(flag.evidence)
    assert flag.evidence["reporter"] == reporter_fingerprint("203.0.113.9")[:16]
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN
    event = events(AuditVerb.COMMENT_REPORTED_BY_PUBLIC).get()
    assert event.actor is None and event.data["flag_id"] == flag.pk
    assert "203.0.113.9" not in str(event.data)
    # The same person again: nothing new. Someone else: a second flag.
    assert (
        comment_report(
            comment=comment, category="commerce", note="", reporter_address="203.0.113.9"
        )
        is None
    )
    assert comment_report(
        comment=comment, category="commerce", note="", reporter_address="198.51.100.7"
    )
    assert events(AuditVerb.COMMENT_REPORTED_BY_PUBLIC).count() == 2


def test_a_report_of_a_comment_no_longer_shown_adds_nothing(site):
    comment = make_comment(site, platform_state=PlatformState.REMOVED)
    assert (
        comment_report(
            comment=comment, category="commerce", note="", reporter_address="203.0.113.9"
        )
        is None
    )
    assert not Flag.objects.exists()


# --- staff notes --------------------------------------------------------------------------------
def test_a_note_on_an_account_is_a_record(site, other_site, moderator, other_moderator, clerk):
    comment = make_comment(site)
    note = account_note_add(account=comment.account, actor=moderator, text="  Warned by DM.  ")
    assert note.text == "Warned by DM." and note.author == moderator
    event = events(AuditVerb.ACCOUNT_NOTE_ADDED).get()
    assert event.actor == moderator and event.data == {"note_id": note.pk, "text": "Warned by DM."}
    with pytest.raises(ActionRefused, match="not commented on a site you are designated for"):
        account_note_add(account=comment.account, actor=other_moderator, text="x")
    with pytest.raises(ActionRefused, match="Only moderators"):
        account_note_add(account=comment.account, actor=clerk, text="x")
    with pytest.raises(ActionRefused, match="Write the note"):
        account_note_add(account=comment.account, actor=moderator, text=" ")
    assert AccountNote.objects.count() == 1


def test_a_note_cannot_be_rewritten_or_deleted(require_postgresql, site, moderator):
    note = account_note_add(account=make_comment(site).account, actor=moderator, text="Seen.")
    for sql in (
        "UPDATE moderation_accountnote SET text = 'changed' WHERE id = %s",
        "DELETE FROM moderation_accountnote WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [note.pk])
    note.refresh_from_db()
    assert note.text == "Seen." and note.created_at <= timezone.now()

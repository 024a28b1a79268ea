"""Supervisors review decisions: uphold or overturn, with a note.

Overturning a hide or removal puts the comment back: the restore is an ordinary decision made
through `comment_decide` in the same transaction, so the original decision, the review and
the restoring decision all stay on the record.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.roles import SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import (
    Comment,
    Decision,
    DecisionAction,
    Designation,
    PlatformState,
    ReviewState,
)
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused

UPHOLD = "upheld"
OVERTURN = "overturned"
OUTCOMES = (UPHOLD, OVERTURN)
# Decisions that are not a judgment on the comment and so are not reviewed.
NOT_REVIEWABLE = (DecisionAction.ESCALATE, DecisionAction.UNDO)
TAKEN_DOWN = (DecisionAction.HIDE, DecisionAction.REMOVE)


@transaction.atomic
def decision_review(*, decision: Decision, actor, outcome: str, note: str) -> Decision:
    """Uphold or overturn `decision`. Returns the reviewed decision."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("comment", "comment__site", "actor")
        .get(pk=decision.pk)
    )
    if outcome not in OUTCOMES:
        raise ActionRefused("Choose to uphold or to overturn the decision.")
    if not has_role(actor, SUPERVISOR):
        raise ActionRefused("Only supervisors review decisions.")
    comment = decision.comment
    if not Designation.objects.in_force().filter(user=actor, site_id=comment.site_id).exists():
        raise ActionRefused(f"You are not designated for {comment.site.name}.")
    if decision.actor_id == actor.pk:
        raise ActionRefused("You made this decision; another supervisor must review it.")
    if decision.action in NOT_REVIEWABLE:
        raise ActionRefused(
            "An escalation or an undo is not a decision on the comment; review the decision "
            "that follows it."
        )
    if Decision.objects.filter(undoes=decision).exists():
        raise ActionRefused("Its maker undid this decision; review the decision that follows.")
    if decision.review_state in (ReviewState.UPHELD, ReviewState.OVERTURNED):
        raise ActionRefused(
            f"This decision was already reviewed ({decision.get_review_state_display().lower()} "
            f"by {decision.reviewed_by})."
        )
    note = (note or "").strip()
    if outcome == OVERTURN and not note:
        raise ActionRefused("Write a note saying why the decision is overturned.")

    restored = None
    # Lock the comment too, so its state cannot change between this check and the restore.
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("site").get(pk=comment.pk)
    )
    if (
        outcome == OVERTURN
        and decision.action in TAKEN_DOWN
        and comment.platform_state in (PlatformState.HIDDEN, PlatformState.REMOVED)
    ):
        try:
            restored = comment_decide(
                comment=comment,
                actor=actor,
                action=DecisionAction.RESTORE,
                categories=[],
                rationale=f"Overturned on review of decision #{decision.pk}: {note}",
            )
        except ActionRefused as exc:
            raise ActionRefused(f"The comment could not be restored: {exc}") from exc

    previous_state = decision.review_state
    decision.review_state = ReviewState.UPHELD if outcome == UPHOLD else ReviewState.OVERTURNED
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.review_note = note
    decision._history_user = actor
    decision.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=actor,
        verb=AuditVerb.DECISION_UPHELD if outcome == UPHOLD else AuditVerb.DECISION_OVERTURNED,
        target=decision,
        site_id=comment.site_id,
        data={
            "comment_id": comment.pk,
            "action": decision.action,
            "decided_by": decision.actor_id,
            "categories": sorted(decision.categories.values_list("code", flat=True)),
            "previous_review_state": previous_state,
            "note": note,
            "restoring_decision_id": restored.pk if restored else None,
        },
    )
    return decision

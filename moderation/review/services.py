"""Supervisors review decisions: uphold or overturn, with a note; the maker is told.

Overturning a hide or removal puts the comment back: the restore is an ordinary decision made
through `comment_decide` in the same transaction (so the platform is told to restore it like
after any decision), and the original decision, the review and the restoring decision all stay
on the record. Overturning a keep puts the comment back in the queue for a new decision: the
flags the keep answered are open again (and, when it answered none, the reviewer raises one).
Either way the person whose decision was reviewed gets a `ReviewNotification`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.roles import SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.services import audit_record
from moderation.comments.services import staff_flags_write
from moderation.flagging.services import comment_queue_refresh
from moderation.models import (
    Comment,
    Decision,
    DecisionAction,
    Designation,
    Flag,
    PlatformState,
    PolicyCategory,
    ReviewNotification,
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


def _refuse_unless_reviewable(*, decision: Decision, actor, outcome: str, note: str) -> None:
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
    if outcome == OVERTURN and not note:
        raise ActionRefused("Write a note saying why the decision is overturned.")


def _comment_requeue(
    *, comment: Comment, keep: Decision, actor, note: str, category_code: str
) -> tuple[list[int], list[Flag], str]:
    """Put a kept comment back in the queue (inside the review's transaction, the comment
    locked): reopen the flags the keep answered, and raise a staff flag in `category_code`
    when given (needed when the keep answered none). Returns (flags reopened, staff flags,
    what happened in words)."""
    later = (
        Decision.objects.filter(comment=comment)
        .exclude(pk=keep.pk)
        .filter(decided_at__gte=keep.decided_at)
        .exclude(decided_at=keep.decided_at, pk__lt=keep.pk)
        .order_by("-decided_at", "-id")
        .first()
    )
    if later is not None:
        # Someone decided the comment again since: that decision stands and is what counts now.
        return [], [], f"Not put back in the queue: decision #{later.pk} was made on it since."
    if comment.platform_state == PlatformState.DELETED:
        return [], [], "Not put back in the queue: its author deleted it."

    category = None
    if category_code:
        category = PolicyCategory.objects.filter(code=category_code).first()
        if category is None:
            raise ActionRefused(f"Unknown policy category: {category_code}.")
    reopened: list[int] = []
    for flag in Flag.objects.select_for_update().filter(resolved_by_decision=keep):
        flag.status = Flag.Status.OPEN
        flag.resolved_at = None
        flag.resolved_by_decision = None
        flag._history_user = actor
        flag.save(update_fields=["status", "resolved_at", "resolved_by_decision"])
        reopened.append(flag.pk)
    staff_flags: list[Flag] = []
    open_categories = set(
        Flag.objects.filter(comment=comment, status=Flag.Status.OPEN).values_list(
            "category_id", flat=True
        )
    )
    if category is not None and category.pk not in open_categories:
        staff_flags = staff_flags_write(
            comment=comment,
            actor=actor,
            categories=[category],
            note=f"Keep #{keep.pk} overturned on review: {note}",
        )
    elif not open_categories:
        raise ActionRefused(
            "This keep answered no flag: choose the policy category the comment may break, so "
            "it goes back to the queue with a reason."
        )
    comment.updated_at = timezone.now()
    comment._history_user = actor
    comment.save(update_fields=["updated_at"])
    comment_queue_refresh(comment=comment)
    return reopened, staff_flags, "Back in the moderation queue for a new decision."


@transaction.atomic
def decision_review(
    *, decision: Decision, actor, outcome: str, note: str, category: str = ""
) -> Decision:
    """Uphold or overturn `decision`, and tell its maker. Returns the reviewed decision.

    `category` (a policy category code) is for overturning a keep: the comment goes back to
    the queue under it (required when the keep answered no flag)."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("comment", "comment__site", "actor", "reviewed_by")
        .get(pk=decision.pk)
    )
    note = (note or "").strip()
    _refuse_unless_reviewable(decision=decision, actor=actor, outcome=outcome, note=note)

    # Lock the comment too, so its state cannot change between these checks and the change.
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("site")
        .get(pk=decision.comment_id)
    )
    restored = None
    reopened: list[int] = []
    staff_flags: list[Flag] = []
    consequence = "The decision stands."
    if outcome == OVERTURN and decision.action in TAKEN_DOWN:
        if comment.platform_state in (PlatformState.HIDDEN, PlatformState.REMOVED):
            try:
                restored = comment_decide(
                    comment=comment,
                    actor=actor,
                    action=DecisionAction.RESTORE,
                    categories=[],
                    rationale=f"Overturned on review of decision #{decision.pk}: {note}",
                    review_draw=False,
                )
            except ActionRefused as exc:
                raise ActionRefused(f"The comment could not be restored: {exc}") from exc
            consequence = "The comment was restored (visible again)."
        else:
            consequence = (
                f"Nothing to restore: the comment is {comment.get_platform_state_display()}."
            )
    elif outcome == OVERTURN and decision.action == DecisionAction.KEEP:
        reopened, staff_flags, consequence = _comment_requeue(
            comment=comment, keep=decision, actor=actor, note=note, category_code=category
        )
    elif outcome == OVERTURN:
        consequence = "The decision is marked overturned; the comment is left as it is."

    previous_state = decision.review_state
    decision.review_state = ReviewState.UPHELD if outcome == UPHOLD else ReviewState.OVERTURNED
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.review_note = note
    decision._history_user = actor
    decision.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "review_note"])

    notification = ReviewNotification(
        recipient_id=decision.actor_id,
        decision=decision,
        outcome=outcome,
        reviewer=actor,
        note=note,
        consequence=consequence,
        created_at=decision.reviewed_at,
    )
    notification._history_user = actor
    notification.save()

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
            "review_reason": decision.review_reason,
            "note": note,
            "restoring_decision_id": restored.pk if restored else None,
            "requeued": bool(reopened or staff_flags),
            "flags_reopened": reopened,
            "staff_flags": [f.pk for f in staff_flags],
            "queue_state": comment.queue_state,
            "consequence": consequence,
            "notification_id": notification.pk,
        },
    )
    return decision


@transaction.atomic
def review_notification_read(*, notification: ReviewNotification, actor) -> ReviewNotification:
    """Mark a review notification read by its recipient. Marking it again changes nothing."""
    locked = (
        ReviewNotification.objects.select_for_update(of=("self",))
        .select_related("decision__comment")
        .get(pk=notification.pk)
    )
    if locked.recipient_id != actor.pk:
        raise ActionRefused("Only the person it was sent to can mark it read.")
    if locked.read_at is not None:
        return locked
    locked.read_at = timezone.now()
    locked._history_user = actor
    locked.save(update_fields=["read_at"])
    audit_record(
        actor=actor,
        verb=AuditVerb.REVIEW_NOTIFICATION_READ,
        target=locked,
        site_id=locked.decision.comment.site_id,
        data={
            "decision_id": locked.decision_id,
            "comment_id": locked.decision.comment_id,
            "outcome": locked.outcome,
        },
    )
    return locked

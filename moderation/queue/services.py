"""Decisions on comments: keep, hide, remove, restore, escalate.

Every decision cites the policy (invariant 3): hide and remove need at least one category
and a written rationale, and the policy version in force is recorded. A decision is one
atomic service call that locks the comment, checks it still needs this decision, records the
`Decision`, resolves the flags it answers, moves the comment's platform and queue state,
records the pending `PlatformAction`, and writes one `AuditEvent`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.roles import MODERATOR, SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.services import audit_record
from moderation.comments.services import staff_flags_write
from moderation.connectors.services import platform_action_dispatch
from moderation.flagging.services import comment_queue_refresh
from moderation.models import (
    Claim,
    Comment,
    Decision,
    DecisionAction,
    DecisionCategory,
    Designation,
    Flag,
    PlatformAction,
    PlatformState,
    PolicyCategory,
    QueueState,
    RationaleSource,
    ReviewReason,
    ReviewState,
)
from moderation.policy.selectors import policy_version_in_force
from moderation.queue.rationale import (
    KEEP_CODE,
    matching_template,
    offered_for,
    rationale_source,
    unfilled_blank,
)
from moderation.review.sampling import SampleDraw, review_sample_draw
from stanton.errors import ActionRefused

# Actions that take a comment down must cite the policy: a category and a written rationale.
NEEDS_CATEGORY = {DecisionAction.HIDE, DecisionAction.REMOVE}
NEEDS_RATIONALE = {
    DecisionAction.HIDE,
    DecisionAction.REMOVE,
    DecisionAction.RESTORE,
    DecisionAction.ESCALATE,
}
# Actions that answer the queue: the comment must still be waiting for a decision.
QUEUE_ACTIONS = {
    DecisionAction.KEEP,
    DecisionAction.HIDE,
    DecisionAction.REMOVE,
    DecisionAction.ESCALATE,
}
NEW_STATE: dict[str, str] = {
    DecisionAction.HIDE: PlatformState.HIDDEN,
    DecisionAction.REMOVE: PlatformState.REMOVED,
    DecisionAction.RESTORE: PlatformState.VISIBLE,
}
PLATFORM_KIND: dict[str, str] = {
    DecisionAction.HIDE: PlatformAction.Kind.HIDE_COMMENT,
    DecisionAction.REMOVE: PlatformAction.Kind.REMOVE_COMMENT,
    DecisionAction.RESTORE: PlatformAction.Kind.RESTORE_COMMENT,
}
# Decisions on the comment itself, drawn for the supervisors' random sample unless reviewed
# anyway. An escalation is not drawn: the escalated comment waits in the review queue itself.
SAMPLED_ACTIONS = {
    DecisionAction.KEEP,
    DecisionAction.HIDE,
    DecisionAction.REMOVE,
    DecisionAction.RESTORE,
}
AUDIT_VERB: dict[str, str] = {
    DecisionAction.KEEP: AuditVerb.COMMENT_KEPT,
    DecisionAction.HIDE: AuditVerb.COMMENT_HIDDEN,
    DecisionAction.REMOVE: AuditVerb.COMMENT_REMOVED,
    DecisionAction.RESTORE: AuditVerb.COMMENT_RESTORED,
    DecisionAction.ESCALATE: AuditVerb.COMMENT_ESCALATED,
}


@dataclass(frozen=True)
class BulkRefusal:
    comment_id: int
    reason: str


def _refuse_if_not_allowed(
    *,
    comment: Comment,
    actor,
    action: str,
    categories: list[PolicyCategory],
    rationale: str,
    sub_reason: str,
    seen_decision_id: int | None,
    latest_decision_id: int | None,
) -> None:
    if action not in DecisionAction.values:
        raise ActionRefused(f"“{action}” is not a decision.")
    if not has_role(actor, MODERATOR, SUPERVISOR):
        raise ActionRefused("Only moderators and supervisors decide on comments.")
    # Read fresh (not the per-request cache): a revoked designation stops working at once.
    if not Designation.objects.in_force().filter(user=actor, site_id=comment.site_id).exists():
        raise ActionRefused(f"You are not designated for {comment.site.name}.")
    claim = Claim.objects.select_related("user").filter(comment=comment).first()
    if claim is not None and claim.is_live and claim.user_id != actor.pk:
        local = timezone.localtime(claim.expires_at)
        raise ActionRefused(
            f"{claim.user} is working on this comment (claimed until {local:%H:%M}). "
            "Wait for them to finish or for the claim to expire."
        )
    if action in NEEDS_CATEGORY and not categories:
        raise ActionRefused("Choose at least one policy category.")
    if action in NEEDS_RATIONALE and not rationale.strip():
        raise ActionRefused("Write a rationale.")
    if sub_reason:
        allowed = {reason for category in categories for reason in category.sub_reasons}
        if sub_reason not in allowed:
            raise ActionRefused(f"“{sub_reason}” is not a sub-reason of the chosen categories.")
    state, queue = comment.platform_state, comment.queue_state
    if seen_decision_id is not None and (latest_decision_id or 0) != seen_decision_id:
        # Decided from the comment's own page, as it stood when opened: someone else's
        # decision since then is read before another is made (never two blind decisions).
        raise ActionRefused(
            "This comment was decided by someone else since you opened it. Read their "
            "decision below, then decide again if it still needs one."
        )
    if action in QUEUE_ACTIONS and queue == QueueState.NONE and seen_decision_id is None:
        # From the queue (a row, a bulk action), a decision answers a comment that is waiting
        # for one. Any comment, flagged or not, is decided from its own page.
        raise ActionRefused(
            "This comment is not waiting for a decision: it was already decided, or was "
            "never flagged. Open it to decide it."
        )
    if queue == QueueState.ESCALATED and not has_role(actor, SUPERVISOR):
        raise ActionRefused("This comment was escalated: a supervisor decides it.")
    if action == DecisionAction.ESCALATE and queue == QueueState.ESCALATED:
        raise ActionRefused("This comment is already escalated.")
    if state == PlatformState.DELETED and action in NEW_STATE:
        raise ActionRefused("The author deleted this comment; only “keep” can close it.")
    if action == DecisionAction.HIDE and state != PlatformState.VISIBLE:
        raise ActionRefused(f"Only a visible comment can be hidden (it is {state}).")
    if action == DecisionAction.REMOVE and state == PlatformState.REMOVED:
        raise ActionRefused("This comment is already removed.")
    if action == DecisionAction.RESTORE and state not in (
        PlatformState.HIDDEN,
        PlatformState.REMOVED,
    ):
        raise ActionRefused("Only a hidden or removed comment can be restored.")


def _rationale_checked(*, comment: Comment, action: str, rationale: str, started_from: str) -> str:
    """Where the rationale came from (RationaleSource), judged against the templates this
    comment is offered; refuses a rationale that is not what a person wrote or accepted: one
    with a blank still in it, a violation template on a keep, a bare template as the reason to
    escalate."""
    offered, names = offered_for(comment)
    blank = unfilled_blank(rationale, names)
    if blank is not None:
        raise ActionRefused(
            f"The rationale still has a blank to fill in ({blank.text}): say what in the "
            "comment breaks the policy, in your words or by completing the template."
        )
    template = matching_template(rationale, offered)
    if action == DecisionAction.KEEP and template not in ("", KEEP_CODE):
        raise ActionRefused(
            "A keep cannot carry the rationale for a violation: clear it, or write why the "
            "comment stays up."
        )
    source = rationale_source(rationale, offered=offered, started_from=started_from)
    if action == DecisionAction.ESCALATE and source == RationaleSource.TEMPLATE:
        raise ActionRefused("Say why a supervisor should decide this comment.")
    if action == DecisionAction.RESTORE and source == RationaleSource.TEMPLATE:
        raise ActionRefused("Say why the comment goes back up: a template is not the reason.")
    return source


@transaction.atomic
def comment_decide(
    *,
    comment: Comment,
    actor,
    action: str,
    categories: Iterable[str],
    rationale: str,
    sub_reason: str = "",
    seen_decision_id: int | None = None,
    rationale_started_from: str = "",
    decided_at: datetime | None = None,
    review_draw: bool = True,
) -> Decision:
    """Record `actor`'s decision on `comment`, or raise `ActionRefused`.

    The comment row is locked first, and every check reads it after the lock, so of two
    people deciding one comment at once the second sees the first's decision and is refused.

    `seen_decision_id` is the latest decision on the comment as the decider saw it (0: none),
    sent by the comment's own page. With it any comment may be decided, flagged or not, kept
    before or not, and the decision is refused if another was recorded since. Without it (the
    queue's rows and bulk actions) the comment must be waiting in the queue.

    A hide or removal citing a category the comment has no open flag for records why it came
    to a person: a staff flag for that category, raised by the decider in this transaction
    and resolved by this decision, with its own audit event.

    `rationale_started_from` names the template the rationale field was filled from (a
    category code or "keep"), so an edited template is recorded as one.

    `decided_at` dates a decision recorded after the fact (the demo's months of history, an
    import of decisions made before the portal); never in the future. The audit event keeps
    the moment it was recorded and names the date given.

    Judgment-call hides and removals always wait for a supervisor's review; any other
    decision on the comment joins the review sample when a random draw says so (its seed,
    draw and the rate are recorded on the decision: moderation/review/sampling.py).
    `review_draw=False` skips the draw for a decision a review itself makes (the restore of
    an overturned removal), which is the reviewer's own act on the record.
    """
    if action == DecisionAction.UNDO:
        raise ActionRefused("An undo reverses one decision: use the Undo button beside it.")
    locked = (
        Comment.objects.select_for_update(of=("self",)).select_related("site").get(pk=comment.pk)
    )
    codes = list(dict.fromkeys(categories or []))
    category_rows = list(PolicyCategory.objects.filter(code__in=codes).order_by("position"))
    unknown = set(codes) - {c.code for c in category_rows}
    if unknown:
        raise ActionRefused(f"Unknown policy category: {', '.join(sorted(unknown))}.")
    rationale = (rationale or "").strip()
    latest_decision_id = (
        Decision.objects.filter(comment=locked)
        .order_by("-decided_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    _refuse_if_not_allowed(
        comment=locked,
        actor=actor,
        action=action,
        categories=category_rows,
        rationale=rationale,
        sub_reason=sub_reason,
        seen_decision_id=seen_decision_id,
        latest_decision_id=latest_decision_id,
    )
    source = _rationale_checked(
        comment=locked, action=action, rationale=rationale, started_from=rationale_started_from
    )

    now = timezone.now()
    if decided_at is not None and decided_at > now:
        raise ActionRefused("A decision cannot be dated in the future.")
    decided = decided_at or now
    previous_state = locked.platform_state
    policy_version = policy_version_in_force()
    judgment_call = any(c.judgment_call for c in category_rows)
    review_state, review_reason = ReviewState.NOT_REQUIRED, ReviewReason.NONE
    sample: SampleDraw | None = None
    if action in NEEDS_CATEGORY and judgment_call:
        # Removals and hides in judgment-call categories are always reviewed.
        review_state, review_reason = ReviewState.UNREVIEWED, ReviewReason.JUDGMENT_CALL
    elif action in SAMPLED_ACTIONS and review_draw:
        sample = review_sample_draw()
        if sample.sampled:
            review_state, review_reason = ReviewState.UNREVIEWED, ReviewReason.SAMPLE
    decision = Decision(
        comment=locked,
        action=action,
        sub_reason=sub_reason,
        rationale=rationale,
        rationale_source=source,
        policy_version=policy_version,
        actor=actor,
        decided_at=decided,
        previous_platform_state=previous_state,
        review_state=review_state,
        review_reason=review_reason,
        review_sample_seed=sample.seed if sample else None,
        review_sample_draw=sample.draw if sample else None,
        review_sample_rate=sample.rate if sample else None,
    )
    decision._history_user = actor
    decision.save()
    for category in category_rows:
        # One row at a time (never .set()): the through table refuses deletes.
        link = DecisionCategory(decision=decision, category=category)
        link._history_user = actor
        link.save()

    staff_flags: list[Flag] = []
    if action in NEEDS_CATEGORY:
        flagged = set(
            Flag.objects.filter(comment=locked, status=Flag.Status.OPEN).values_list(
                "category_id", flat=True
            )
        )
        uncited = [c for c in category_rows if c.pk not in flagged]
        if uncited:
            staff_flags = staff_flags_write(
                comment=locked,
                actor=actor,
                categories=uncited,
                note=rationale,
                sub_reason=sub_reason,
                with_decision=decision,
            )

    resolved: list[int] = []
    if action != DecisionAction.ESCALATE:
        for flag in Flag.objects.select_for_update().filter(
            comment=locked, status=Flag.Status.OPEN
        ):
            flag.status = Flag.Status.RESOLVED
            flag.resolved_at = decided
            flag.resolved_by_decision = decision
            flag._history_user = actor
            flag.save(update_fields=["status", "resolved_at", "resolved_by_decision"])
            resolved.append(flag.pk)

    if action in NEW_STATE:
        locked.platform_state = NEW_STATE[action]
    locked.updated_at = now
    locked._history_user = actor
    if action == DecisionAction.ESCALATE:
        locked.queue_state = QueueState.ESCALATED
        # An escalated comment that was never flagged still takes its place in the queue.
        locked.flagged_at = locked.flagged_at or now
        locked.save(update_fields=["platform_state", "updated_at", "queue_state", "flagged_at"])
    else:
        locked.save(update_fields=["platform_state", "updated_at"])
        # Every other decision answers all open flags: the comment leaves the queue (an
        # escalated one too, once a supervisor has decided it).
        locked.queue_state = QueueState.NONE
        comment_queue_refresh(comment=locked)

    platform_action = None
    if action in PLATFORM_KIND:
        platform_action = PlatformAction(
            kind=PLATFORM_KIND[action],
            site_id=locked.site_id,
            comment=locked,
            decision=decision,
        )
        platform_action._history_user = actor
        platform_action.save()
        platform_action_dispatch(action=platform_action)

    # The decision ends the decider's claim: the item is done.
    own_claim = Claim.objects.filter(comment=locked, user=actor, expires_at__gt=now).first()
    if own_claim is not None:
        own_claim.expires_at = now
        own_claim._history_user = actor
        own_claim.save(update_fields=["expires_at"])

    audit_record(
        actor=actor,
        verb=AUDIT_VERB[action],
        target=locked,
        site_id=locked.site_id,
        data={
            "decision_id": decision.pk,
            "categories": [c.code for c in category_rows],
            "sub_reason": sub_reason,
            "rationale": rationale,
            "rationale_source": source,
            "policy_version_id": policy_version.pk if policy_version else None,
            "previous_state": previous_state,
            "new_state": locked.platform_state,
            "queue_state": locked.queue_state,
            "flags_resolved": resolved,
            "staff_flags": [f.pk for f in staff_flags],
            "review_state": decision.review_state,
            "review_reason": decision.review_reason,
            # The seed as text: it is wider than a JSON reader's exact integers.
            "review_sample": (
                {"seed": str(sample.seed), "draw": sample.draw, "rate": sample.rate}
                if sample
                else None
            ),
            "platform_action_id": platform_action.pk if platform_action else None,
            **({"decided_at": decided.isoformat()} if decided_at is not None else {}),
        },
    )
    # Keep the caller's object in step with the row.
    for field in (
        "platform_state",
        "queue_state",
        "queue_priority",
        "queue_score",
        "flagged_at",
        "updated_at",
    ):
        setattr(comment, field, getattr(locked, field))
    return decision


@transaction.atomic
def comments_decide_bulk(
    *,
    comment_ids: Iterable[int],
    actor,
    action: str,
    category: str | None,
    rationale: str,
) -> tuple[list[Decision], list[BulkRefusal]]:
    """One decision, with one category and rationale, on each of several comments. Each is
    made in its own savepoint: a refusal of one (held by someone else, already decided...)
    is collected with its reason and does not undo the others."""
    ids = list(dict.fromkeys(int(pk) for pk in comment_ids))
    site_ids = set(
        Designation.objects.in_force().filter(user=actor).values_list("site_id", flat=True)
    )
    comments = {
        c.pk: c
        for c in Comment.objects.select_related("site").filter(pk__in=ids, site_id__in=site_ids)
    }
    decided: list[Decision] = []
    refused: list[BulkRefusal] = []
    for pk in ids:
        comment = comments.get(pk)
        if comment is None:
            refused.append(BulkRefusal(pk, "No such comment on the sites you are designated for."))
            continue
        try:
            decided.append(
                comment_decide(
                    comment=comment,
                    actor=actor,
                    action=action,
                    categories=[category] if category else [],
                    rationale=rationale,
                )
            )
        except ActionRefused as exc:
            refused.append(BulkRefusal(pk, str(exc)))
    return decided, refused


# --- undo -------------------------------------------------------------------------------------
# How long after a decision its maker may undo it. The page offers the button for a few
# seconds; the service allows a little longer, for a slow network or a second thought.
UNDO_SECONDS = 30
# An undo restores the platform state the undone decision found, telling the platform so.
RESTORE_KIND: dict[str, str] = {
    PlatformState.VISIBLE: PlatformAction.Kind.RESTORE_COMMENT,
    PlatformState.HIDDEN: PlatformAction.Kind.HIDE_COMMENT,
    PlatformState.REMOVED: PlatformAction.Kind.REMOVE_COMMENT,
}


def undo_refusal(decision: Decision, actor, *, now=None) -> str:
    """Why `actor` may not undo `decision` now ("" when they may): only the person who made
    it, only within UNDO_SECONDS, only the comment's latest decision, and an undo itself is
    not undone (the moderator decides again instead)."""
    now = now or timezone.now()
    if decision.action == DecisionAction.UNDO:
        return "An undo cannot itself be undone: decide the comment again."
    if decision.actor_id != getattr(actor, "pk", None):
        return "Only the person who made a decision can undo it."
    if (now - decision.decided_at).total_seconds() > UNDO_SECONDS:
        return f"A decision can be undone only in the {UNDO_SECONDS} seconds after it is made."
    return ""


@transaction.atomic
def decision_undo(*, decision: Decision, actor) -> Decision:
    """Reverse `decision` by a new decision on the record (never by erasing it): the comment
    gets back the platform state it had, the flags the decision resolved are open again, and
    the comment is back in the queue where it was (escalated, if it was)."""
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("site")
        .get(pk=decision.comment_id)
    )
    decision = Decision.objects.select_related("actor").get(pk=decision.pk)
    now = timezone.now()
    refusal = undo_refusal(decision, actor, now=now)
    if not refusal and not has_role(actor, MODERATOR, SUPERVISOR):
        refusal = "Only moderators and supervisors decide on comments."
    if not refusal and not (
        Designation.objects.in_force().filter(user=actor, site_id=locked.site_id).exists()
    ):
        refusal = f"You are not designated for {locked.site.name}."
    latest = Decision.objects.filter(comment=locked).order_by("-decided_at", "-id").first()
    if not refusal and (latest is None or latest.pk != decision.pk):
        refusal = "The comment has been decided again since: it is no longer the latest decision."
    if not refusal and Decision.objects.filter(undoes=decision).exists():
        refusal = "This decision was already undone."
    if refusal:
        raise ActionRefused(refusal)

    previous_state = locked.platform_state
    undo = Decision(
        comment=locked,
        action=DecisionAction.UNDO,
        undoes=decision,
        rationale="",
        rationale_source=RationaleSource.NONE,
        policy_version=decision.policy_version,
        actor=actor,
        decided_at=now,
        previous_platform_state=previous_state,
        review_state=ReviewState.NOT_REQUIRED,
    )
    undo._history_user = actor
    undo.save()

    reopened: list[int] = []
    for flag in Flag.objects.select_for_update().filter(resolved_by_decision=decision):
        flag.status = Flag.Status.OPEN
        flag.resolved_at = None
        flag.resolved_by_decision = None
        flag._history_user = actor
        flag.save(update_fields=["status", "resolved_at", "resolved_by_decision"])
        reopened.append(flag.pk)

    platform_action = None
    if decision.action in NEW_STATE and previous_state != decision.previous_platform_state:
        locked.platform_state = decision.previous_platform_state
        kind = RESTORE_KIND.get(decision.previous_platform_state)
        if kind:
            platform_action = PlatformAction(
                kind=kind, site_id=locked.site_id, comment=locked, decision=undo
            )
    # Back where it was: escalated again if a standing escalation led to the undone decision.
    before = (
        Decision.objects.filter(comment=locked, decided_at__lte=decision.decided_at)
        .exclude(pk__in=[decision.pk, undo.pk])
        .order_by("-decided_at", "-id")
        .first()
    )
    was_escalated = (
        decision.action != DecisionAction.ESCALATE
        and before is not None
        and before.action == DecisionAction.ESCALATE
    )
    locked.queue_state = QueueState.ESCALATED if was_escalated else QueueState.NONE
    locked.updated_at = now
    locked._history_user = actor
    locked.save(update_fields=["platform_state", "updated_at", "queue_state"])
    comment_queue_refresh(comment=locked)
    if platform_action is not None:
        platform_action._history_user = actor
        platform_action.save()
        platform_action_dispatch(action=platform_action)

    audit_record(
        actor=actor,
        verb=AuditVerb.DECISION_UNDONE,
        target=locked,
        site_id=locked.site_id,
        data={
            "decision_id": undo.pk,
            "undone_decision_id": decision.pk,
            "undone_action": decision.action,
            "previous_state": previous_state,
            "new_state": locked.platform_state,
            "queue_state": locked.queue_state,
            "flags_reopened": reopened,
            "platform_action_id": platform_action.pk if platform_action else None,
        },
    )
    return undo

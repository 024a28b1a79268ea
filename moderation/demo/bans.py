"""Demo bans for `manage.py seed_demo` (listed in settings.DEMO_SEEDERS, after the queue demo).

One ban proposed by the demo moderator and awaiting the supervisor, and one that was approved
and then lifted early, for the history. Both go through the real services and cite comments
the queue demo removed (if it removed too few, this removes more through `comment_decide`).
Idempotent: once the demo moderator has proposed a ban, a re-run adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from moderation.bans.services import ban_approve, ban_lift, ban_propose
from moderation.models import (
    Ban,
    BanScope,
    Comment,
    DecisionAction,
    Designation,
    Flag,
    PlatformState,
    QueueState,
)
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused

MODERATOR = "moderator@stanton.example"
SUPERVISOR = "supervisor@stanton.example"


def _removed_by_account(site_ids) -> dict[int, Comment]:
    found: dict[int, Comment] = {}
    for comment in (
        Comment.objects.filter(site_id__in=site_ids, platform_state=PlatformState.REMOVED)
        .select_related("account", "site")
        .order_by("id")
    ):
        found.setdefault(comment.account_id, comment)
    return found


def _remove_more(*, moderator, site_ids, wanted: int, have: dict[int, Comment]) -> None:
    """Remove flagged comments by accounts not yet in `have` until there are `wanted`."""
    flagged = (
        Comment.objects.filter(site_id__in=site_ids, queue_state=QueueState.OPEN)
        .exclude(account_id__in=list(have))
        .select_related("site", "account")
        .order_by("id")
    )
    for comment in flagged:
        if len(have) >= wanted:
            return
        if comment.account_id in have:
            continue
        flag = (
            Flag.objects.filter(comment=comment, status=Flag.Status.OPEN)
            .select_related("category")
            .first()
        )
        if flag is None:
            continue
        try:
            comment_decide(
                comment=comment,
                actor=moderator,
                action=DecisionAction.REMOVE,
                categories=[flag.category.code],
                rationale=f"Removed under the policy's {flag.category.name.lower()} category.",
            )
        except ActionRefused:
            continue
        comment.refresh_from_db()
        have[comment.account_id] = comment


@transaction.atomic
def seed_ban_demo(*, users, sites, stdout) -> None:
    moderator, supervisor = users.get(MODERATOR), users.get(SUPERVISOR)
    if moderator is None or supervisor is None:
        return
    if Ban.objects.filter(proposed_by=moderator).exists():
        return
    site_ids = set(
        Designation.objects.in_force().filter(user=moderator).values_list("site_id", flat=True)
    ) & set(
        Designation.objects.in_force().filter(user=supervisor).values_list("site_id", flat=True)
    )
    removed = _removed_by_account(site_ids)
    if len(removed) < 2:
        _remove_more(moderator=moderator, site_ids=site_ids, wanted=2, have=removed)
    if len(removed) < 2:
        stdout.write("Ban demo skipped: fewer than two accounts with removed comments.")
        return
    (history_comment, proposed_comment) = list(removed.values())[:2]

    def propose(comment: Comment, findings: str, days: int | None) -> Ban:
        decision = comment.decisions.filter(action=DecisionAction.REMOVE).first()
        codes = list(decision.categories.values_list("code", flat=True)) if decision else []
        return ban_propose(
            account=comment.account,
            site=comment.site,
            scope=BanScope.SITE,
            categories=codes or ["threat"],
            findings=findings,
            evidence_comment_ids=[comment.pk],
            duration_days=days,
            actor=moderator,
        )

    try:
        earlier = propose(
            history_comment,
            "The account posted the removed comment cited below and similar ones the same "
            "week. A short ban lets the discussion continue without it.",
            3,
        )
        ban_approve(ban=earlier, actor=supervisor, note="Pattern confirmed from the evidence.")
        ban_lift(
            ban=earlier,
            actor=supervisor,
            reason="The account holder wrote to the City, apologised and agreed to the policy.",
        )
        pending = propose(
            proposed_comment,
            "Repeated violations on City pages after earlier removals; see the evidence. "
            "Proposed for the usual first ban of 7 days.",
            7,
        )
    except ActionRefused as exc:
        stdout.write(f"Ban demo skipped: {exc}")
        return
    stdout.write(f"Demo bans: #{earlier.pk} lifted early, #{pending.pk} awaiting a supervisor.")

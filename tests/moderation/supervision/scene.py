"""Known decisions for the supervision tests, made through the real services and dated in the
past with their `decided_at` / `raised_at` arguments (not a test module)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import FlagSource
from moderation.queue.services import comment_decide
from tests.factories import CommentFactory, PublicAccountFactory


def decide(
    site,
    actor,
    *,
    action: str,
    category: str = "profanity",
    days_ago: float = 1,
    wait_minutes: float | None = 30,
    rule=None,
    detector: str = "test-keywords",
    body: str = "",
    account=None,
):
    """A comment flagged `wait_minutes` before `actor` decides it `days_ago` days ago. With
    `wait_minutes=None` nothing flags it: the moderator finds it (a miss for the flagger)."""
    decided_at = timezone.now() - timedelta(days=days_ago)
    account = account or PublicAccountFactory(platform=site.platform, handle="Pat.Commenter")
    comment = CommentFactory(
        site=site,
        account=account,
        body=body
        or f"A comment about {category} number {CommentFactory._meta.model.objects.count()}",
    )
    if wait_minutes is not None:
        flags_raise(
            comment=comment,
            candidates=[
                FlagCandidate(
                    category=category,
                    detector=detector,
                    score=0.9,
                    explanation="test",
                    rule_id=rule.pk if rule else None,
                )
            ],
            source=FlagSource.RULE,
            raised_at=decided_at - timedelta(minutes=wait_minutes),
        )
    decision = comment_decide(
        comment=comment,
        actor=actor,
        action=action,
        categories=[category] if action in ("hide", "remove") else [],
        rationale="Cited under the policy." if action in ("hide", "remove") else "",
        seen_decision_id=None if wait_minutes is not None else 0,
        decided_at=decided_at,
    )
    comment.refresh_from_db()
    return comment, decision

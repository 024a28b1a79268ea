"""Arranging bans for the ban, audit and review tests (not a test module)."""

from __future__ import annotations

from moderation.bans.services import ban_propose
from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import PlatformState
from moderation.queue.services import comment_decide
from tests.factories import CommentFactory, PublicAccountFactory


def removed_comment(site, account=None, body="You will regret this."):
    """A comment already removed on the platform (arranged, not decided)."""
    account = account or PublicAccountFactory(platform=site.platform)
    return CommentFactory(
        site=site, account=account, body=body, platform_state=PlatformState.REMOVED
    )


def decided_comment(
    site,
    actor,
    *,
    action="remove",
    category="discrimination",
    account=None,
    body="An insult aimed at a protected group.",
):
    """A comment flagged and then decided through the real services. Returns (comment, decision)."""
    account = account or PublicAccountFactory(platform=site.platform)
    comment = CommentFactory(site=site, account=account, body=body)
    flags_raise(
        comment=comment,
        candidates=[FlagCandidate(category=category, detector="test", score=0.9, explanation="x")],
    )
    decision = comment_decide(
        comment=comment,
        actor=actor,
        action=action,
        categories=[category] if action in ("hide", "remove") else [],
        rationale="Cited under the policy." if action != "keep" else "",
    )
    comment.refresh_from_db()
    return comment, decision


def propose(actor, site, comment, **overrides):
    """A ban proposal with sensible defaults; any argument can be overridden."""
    kwargs = {
        "account": comment.account,
        "site": site,
        "scope": "site",
        "categories": ["threat"],
        "findings": "Three threats against staff in one week.",
        "evidence_comment_ids": [comment.pk],
        "duration_days": 7,
        "actor": actor,
    }
    kwargs.update(overrides)
    return ban_propose(**kwargs)

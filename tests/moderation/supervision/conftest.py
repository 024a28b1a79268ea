"""The supervision tests' scene: known decisions on two sites by two moderators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation.bans.services import ban_approve
from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import PolicyCategory
from moderation.review.services import decision_review
from moderation.rules.services import flag_rule_create
from tests.factories import CommentFactory
from tests.moderation.bans.scene import propose
from tests.moderation.supervision.scene import decide


@pytest.fixture
def known(site, other_site, admin, moderator, other_moderator, supervisor):
    rule = flag_rule_create(
        actor=admin,
        category=PolicyCategory.objects.get(code="profanity"),
        name="Test swear words",
        kind="keywords",
        parameters={"terms": ["heck"]},
        sites=[],
    )
    d = {}
    d["keep"], _ = decide(site, moderator, action="keep", days_ago=2, wait_minutes=30, rule=rule)
    d["remove"], _ = decide(
        site, moderator, action="remove", days_ago=2, wait_minutes=90, rule=rule
    )
    d["hide"], _ = decide(site, moderator, action="hide", days_ago=5, wait_minutes=10)
    d["missed"], _ = decide(
        site, moderator, action="remove", category="threat", days_ago=5, wait_minutes=None
    )
    d["old"], _ = decide(site, moderator, action="remove", category="commerce", days_ago=40)
    d["other_keep"], _ = decide(
        other_site, other_moderator, action="keep", days_ago=3, wait_minutes=60, rule=rule
    )
    d["other_remove"], overturned = decide(
        other_site, other_moderator, action="remove", days_ago=3, wait_minutes=120, rule=rule
    )
    # The queue: one flagged four days ago, one just now.
    for days in (4, 0):
        waiting = CommentFactory(site=site, body=f"Still waiting {days}")
        flags_raise(
            comment=waiting,
            candidates=[
                FlagCandidate(category="profanity", detector="t", score=0.5, explanation="x")
            ],
            raised_at=timezone.now() - timedelta(days=days),
        )
    # Bans: one proposed on the first site, one approved on the other.
    propose(moderator, site, d["remove"])
    active = propose(other_moderator, other_site, d["other_remove"], categories=["profanity"])
    ban_approve(ban=active, actor=supervisor, note="Confirmed.")
    decision_review(decision=overturned, actor=supervisor, outcome="overturned", note="Fine.")
    return d

"""The random review sample: drawn when a decision is made, from a fresh seed, and recorded
(seed, draw, rate) so anyone can reproduce why a decision was or was not sampled."""

from __future__ import annotations

import random

import pytest

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, DecisionAction, ReviewReason, ReviewState
from moderation.queue.services import comment_decide
from moderation.review import sampling
from moderation.review.services import decision_review
from tests.factories import CommentFactory
from tests.moderation.bans.scene import decided_comment

pytestmark = pytest.mark.django_db


def test_every_draw_is_reproducible_from_its_recorded_seed(moderator, site, settings):
    settings.REVIEW_SAMPLE_RATE = 0.5
    decisions = [
        decided_comment(site, moderator, action="keep", category="profanity")[1] for _ in range(40)
    ]
    for stored in Decision.objects.filter(pk__in=[d.pk for d in decisions]):
        assert stored.review_sample_rate == 0.5
        # What an auditor does with the record alone:
        assert random.Random(stored.review_sample_seed).random() == stored.review_sample_draw
        sampled = stored.review_sample_draw < stored.review_sample_rate
        assert stored.review_state == (
            ReviewState.UNREVIEWED if sampled else ReviewState.NOT_REQUIRED
        )
        assert stored.review_reason == (ReviewReason.SAMPLE if sampled else ReviewReason.NONE)
        assert sampling.sample_draw_reproduces(
            seed=stored.review_sample_seed, draw=stored.review_sample_draw
        )
        # The audit row carries the same draw.
        event = AuditEvent.objects.get(verb=AuditVerb.COMMENT_KEPT, data__decision_id=stored.pk)
        assert event.data["review_sample"] == {
            "seed": str(stored.review_sample_seed),
            "draw": stored.review_sample_draw,
            "rate": 0.5,
        }
        assert event.data["review_reason"] == stored.review_reason
    states = {d.review_state for d in Decision.objects.filter(pk__in=[d.pk for d in decisions])}
    # At one in two, 40 draws all landing on one side has odds of 2 in 2^40.
    assert states == {ReviewState.UNREVIEWED, ReviewState.NOT_REQUIRED}
    assert len({d.review_sample_seed for d in decisions}) == len(decisions)


def test_the_seed_alone_decides_not_the_decision_id(moderator, site, settings, monkeypatch):
    """Seeds chosen so their draws are known: the sample follows them, whatever the ids."""
    settings.REVIEW_SAMPLE_RATE = 0.1
    low = next(s for s in range(1000) if random.Random(s).random() < 0.1)
    high = next(s for s in range(1000) if random.Random(s).random() >= 0.1)
    seeds = iter([high, low, high, low])
    monkeypatch.setattr(sampling.secrets, "randbits", lambda bits: next(seeds))
    decisions = [
        decided_comment(site, moderator, action="keep", category="profanity")[1] for _ in range(4)
    ]
    assert [d.review_sample_seed for d in decisions] == [high, low, high, low]
    assert [d.review_state for d in decisions] == [
        ReviewState.NOT_REQUIRED,
        ReviewState.UNREVIEWED,
        ReviewState.NOT_REQUIRED,
        ReviewState.UNREVIEWED,
    ]


def test_a_fresh_seed_comes_from_the_operating_system(monkeypatch):
    calls = []

    def randbits(bits):
        calls.append(bits)
        return 12345

    monkeypatch.setattr(sampling.secrets, "randbits", randbits)
    draw = sampling.review_sample_draw(rate=0.25)
    assert calls == [sampling.SEED_BITS]
    assert draw.seed == 12345 and draw.draw == random.Random(12345).random()
    assert draw.sampled == (draw.draw < 0.25)


@pytest.mark.parametrize(("rate", "state"), [(0.0, "not_required"), (1.0, "unreviewed")])
def test_the_rate_is_the_setting(moderator, site, settings, rate, state):
    settings.REVIEW_SAMPLE_RATE = rate
    for _ in range(5):
        _c, decision = decided_comment(site, moderator, action="remove", category="profanity")
        assert decision.review_state == state and decision.review_sample_rate == rate


def test_judgment_calls_and_escalations_are_not_drawn(moderator, site, settings):
    settings.REVIEW_SAMPLE_RATE = 1.0
    _c, judgment = decided_comment(site, moderator, action="remove", category="discrimination")
    assert judgment.review_reason == ReviewReason.JUDGMENT_CALL
    assert judgment.review_sample_seed is None and judgment.review_sample_draw is None
    _c, escalation = decided_comment(site, moderator, action="escalate", category="profanity")
    assert escalation.review_state == ReviewState.NOT_REQUIRED
    assert escalation.review_sample_seed is None


def test_the_restore_a_review_makes_is_not_drawn(moderator, supervisor, site, settings):
    settings.REVIEW_SAMPLE_RATE = 1.0
    comment, decision = decided_comment(site, moderator, action="remove")
    decision_review(decision=decision, actor=supervisor, outcome="overturned", note="No.")
    restore = Decision.objects.get(comment=comment, action=DecisionAction.RESTORE)
    assert restore.review_state == ReviewState.NOT_REQUIRED
    assert restore.review_sample_seed is None


def test_an_unflagged_comment_kept_from_its_page_is_drawn_too(moderator, site, settings):
    settings.REVIEW_SAMPLE_RATE = 1.0
    comment = CommentFactory(site=site)
    decision = comment_decide(
        comment=comment,
        actor=moderator,
        action="keep",
        categories=[],
        rationale="",
        seen_decision_id=0,
    )
    assert decision.review_reason == ReviewReason.SAMPLE

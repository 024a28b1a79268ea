"""Supervisors' patterns run on RE2: a pattern that makes a backtracking engine run for ever
is matched in linear time, look-around and back-references are refused with a clear message,
and one comment that breaks a detector costs that comment only.

The `_alarm` guard only turns a stall into a failure (instead of a hung test run); nothing
here asserts on time."""

from __future__ import annotations

import logging
import signal
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError

from moderation.flagging import engine
from moderation.flagging.batch import comments_classify
from moderation.flagging.engine import ClassificationOverrun, classify_text
from moderation.flagging.rules import CompiledRule, RuleSet, pattern_validate, ruleset_load
from moderation.models import Flag, PolicyCategory
from moderation.rules.services import flag_rule_create
from tests.moderation.flagging.support import comment_make, default_rules_ensure, default_ruleset

HOSTILE = "a" * 41 + "!"  # 42 characters: 2**41 paths for a backtracking engine
CATASTROPHIC = [r"(a+|b)+$", r"((a)+)+$", r"(?:(?:a{1,5}))+$", r"(.*a){12}$"]


@contextmanager
def _alarm(seconds: int):
    """Fail (rather than hang) if the block stalls; a failure detector, not a timing test."""

    def stalled(signum, frame):
        raise AssertionError(f"stalled for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_pattern_does_not_stall_a_batch_of_fifty(pattern, site, supervisor):
    default_rules_ensure()
    rule = flag_rule_create(
        actor=supervisor,
        category=PolicyCategory.objects.get(code="off_topic"),
        sub_reason="spam",
        name="Hostile supervisor pattern",
        kind="regex",
        parameters={"pattern": pattern},
    )
    comments = [comment_make(site=site, body=f"what the fuck {i} {HOSTILE}") for i in range(49)] + [
        comment_make(site=site, body="a" * 60)
    ]  # the pattern matches this one
    with _alarm(60):
        outcome = comments_classify(comment_ids=[c.pk for c in comments])
    assert outcome["classified"] == 50 and outcome["failed"] == 0
    flagged = set(Flag.objects.values_list("comment_id", flat=True))
    assert flagged == {c.pk for c in comments}
    assert set(Flag.objects.filter(rule=rule).values_list("comment_id", flat=True)) == {
        comments[-1].pk
    }


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"vote(?! no)", "Look-ahead"),
        (r"vote(?= yes)", "Look-ahead"),
        (r"(?<!not )for sale", "look-behind"),
        (r"(?<=buy )now", "look-behind"),
        (r"(\w+) \1", "Back-references"),
        (r"(?P<w>\w+) (?P=w)", "Back-references"),
        (r"(a{1000}){1000}", "limited to 1000"),
        ("buy (now", "not a valid pattern"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_with_a_clear_message(pattern, message):
    with pytest.raises(ValidationError) as refused:
        pattern_validate(pattern)
    assert message in " ".join(refused.value.messages)


def _rule(pattern: str, **parameters) -> RuleSet:
    return RuleSet.build(
        [
            CompiledRule(
                id=1,
                category="political_campaign",
                sub_reason="",
                name="Test",
                kind="regex",
                parameters={"pattern": pattern, **parameters},
            )
        ]
    )


def test_not_followed_by_stands_in_for_a_negative_look_ahead():
    rules = _rule(
        r"\bvote (?:yes|no) on measure [a-z]\b(?P<end>)", not_followed_by={"end": r"[^.!?\n]*\?"}
    )
    assert [c.spans[0]["text"] for c in classify_text("Vote yes on Measure B!", rules=rules)] == [
        "Vote yes on Measure B"
    ]
    assert classify_text("should we vote yes on measure b?", rules=rules) == []
    # An excluded match does not hide a later one in the same comment.
    [found] = classify_text("vote no on measure a? Vote no on measure c.", rules=rules)
    assert [s["text"] for s in found.spans] == ["Vote no on measure c"]


def test_not_followed_by_must_name_a_group_of_the_pattern():
    from moderation.flagging.rules import rule_parameters_validate

    with pytest.raises(ValidationError, match="does not have"):
        rule_parameters_validate("regex", {"pattern": "vote", "not_followed_by": {"end": "x"}})
    with pytest.raises(ValidationError, match="used once"):
        rule_parameters_validate("regex", {"pattern": "(?P<a>x)(?P<a>y)"})


def test_matches_in_text_that_is_not_ascii_map_back_to_the_original():
    rules = _rule(r"vote for (?P<who>\w+)")
    [found] = classify_text("¡Ñandú! Vote for Zoë… vote for Bob", rules=rules)
    assert [s["text"] for s in found.spans] == ["Vote for Zoë", "vote for Bob"]


def test_the_built_in_price_shape_reads_a_long_digit_run_without_stalling():
    # "1,1,1,…" made the price expression re-read the run from every comma (quadratic).
    rules = default_ruleset()
    text = "1," * 9_000 + " Tacos $5 each, DM me for the deal, call 714-555-0134"
    with _alarm(30):
        found = classify_text(text, rules=rules)
    assert "commerce" in {c.category for c in found}


def test_a_long_hyphenated_run_is_classified_within_its_budget():
    # 18,000 characters of "a1-a1-…": the European street shape's unbounded word before its
    # suffix ("…straße", "…weg") tried every length at every position (quadratic, ~10 s).
    rules = default_ruleset()
    text = "a1-" * 6_000 + " I live at Hauptstraße 12, 10115 Berlin"
    found = classify_text(text, rules=rules, budget_seconds=8)
    assert "confidential" in {c.category for c in found}


# --- one poisoned comment costs that comment only -----------------------------------------------
POISON = "zzpoisonzz"


def _poisoned_detector(doc):
    """Stands in for a detector that fails on one input (a library bug, a bad rule)."""
    if POISON in doc.text:
        raise RuntimeError("detector failure on this comment")
    return []


@pytest.mark.django_db
def test_a_batch_with_one_poisoned_comment_flags_the_other_49(site, monkeypatch, caplog):
    default_rules_ensure()
    monkeypatch.setattr(engine, "DETECTORS", (*engine.DETECTORS, _poisoned_detector))
    comments = [comment_make(site=site, body=f"this is bullshit number {i}") for i in range(49)]
    poisoned = comment_make(site=site, body=f"this is bullshit {POISON}")
    ids = [c.pk for c in comments] + [poisoned.pk]
    with caplog.at_level(logging.ERROR, logger="moderation.flagging.batch"):
        outcome = comments_classify(comment_ids=ids)
    assert outcome["classified"] == 49
    assert outcome["failed"] == 1 and outcome["failed_ids"] == [poisoned.pk]
    assert set(Flag.objects.values_list("comment_id", flat=True)) == {c.pk for c in comments}
    assert any(str(poisoned.pk) in r.getMessage() for r in caplog.records)


def test_a_comment_over_its_budget_is_abandoned_between_detectors():
    ticks = iter(range(0, 1000, 4))  # every reading of the clock is 4 s later
    with pytest.raises(ClassificationOverrun, match="over 10 s"):
        classify_text(
            "hello there",
            rules=RuleSet(),
            budget_seconds=10,
            clock=lambda: next(ticks),
        )


@pytest.mark.django_db
def test_an_overrun_in_a_batch_costs_that_comment_only(site, monkeypatch):
    default_rules_ensure()

    def slow_on_poison(doc):
        if POISON in doc.text:
            raise ClassificationOverrun("stopped after slow_on_poison: over 10 s")
        return []

    monkeypatch.setattr(engine, "DETECTORS", (slow_on_poison, *engine.DETECTORS))
    good = comment_make(site=site, body="fuck this")
    slow = comment_make(site=site, body=f"fuck {POISON}")
    outcome = comments_classify(comment_ids=[good.pk, slow.pk], rules=ruleset_load())
    assert (outcome["classified"], outcome["failed_ids"]) == (1, [slow.pk])
    assert list(Flag.objects.values_list("comment_id", flat=True)) == [good.pk]

"""The classifier's shortcuts (issue 16) give exactly what the long way gives.

Each shortcut skips work only when that work cannot change the result: plain ASCII text needs
no Unicode folding, a text with no leet character, spelled-out letters or letter run has no
evasion view but its words, a pattern the RE2 Set says cannot match is not run, and the
Presidio recognizers are not asked about a text with too few digits. These tests compare
each shortcut with the long way on generated text, so a shortcut that drifts fails here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.flagging import pattern_engine
from moderation.flagging.detectors.patterns import detect_patterns
from moderation.flagging.document import Context, Document
from moderation.flagging.normalize import (
    NormalisedText,
    View,
    _clean_ascii,
    _clean_general,
    _leet_changes,
    _may_be_obfuscated,
    _squeeze_spaces,
    _squeeze_spaces_general,
    _undo_leet,
    clean_view,
    normalise_term,
    words_view,
)
from moderation.flagging.pattern_engine import PatternSet
from moderation.flagging.rules import CompiledRule, RuleSet

# Text shaped like comments and like evasions: letters, digits, leet characters, runs,
# spelled-out letters, every kind of whitespace and punctuation, and some non-ASCII.
ASCII_TEXT = st.lists(
    st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        + list(" \t\n\r\x0b\x0c\x1c\x1f.,;:!?@$#%^&*()-_=+[]{}|\\/'\"`~<>")
        + ["aaa", "f u c k", "s.h.i.t", "  ", "sh1t", "@ss", "$20"]
    ),
    max_size=30,
).map("".join)
ANY_TEXT = st.one_of(
    ASCII_TEXT,
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from(list("ab1 .-!é\u200bｆ\u2019ß\u00a0😀\u0301İ")), max_size=40),
)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ASCII_TEXT)
def test_the_ascii_clean_view_is_the_general_one(text):
    assert _clean_ascii(text) == _clean_general(text)


@FAST
@given(ANY_TEXT)
def test_a_normalised_term_is_the_text_of_its_words_view(text):
    assert normalise_term(text) == words_view(clean_view(text)).text


@FAST
@given(st.lists(st.sampled_from(list("ab1 é.") + [" ", "x"]), max_size=60))
def test_squeezing_spaces_in_bulk_is_squeezing_them_one_by_one(chars):
    starts = list(range(0, 2 * len(chars), 2))
    ends = [s + 1 for s in starts]
    assert _squeeze_spaces(chars, starts, ends) == _squeeze_spaces_general(chars, starts, ends)


@FAST
@given(ANY_TEXT)
def test_a_text_that_cannot_be_obfuscated_has_no_evasion_view(text):
    norm = NormalisedText(text)
    if not _may_be_obfuscated(norm.clean.text):
        assert norm._evasion_views() == []
    assert norm.deobfuscated == norm._evasion_views()


@FAST
@given(ANY_TEXT)
def test_leet_is_said_to_change_a_text_exactly_when_reading_it_does(text):
    view = View(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    chars, _, _ = _undo_leet(view, "i")
    assert _leet_changes(text) == (chars != list(text))


def test_a_closing_exclamation_mark_is_not_leet():
    assert not _leet_changes("Thanks! See you 2026!")
    assert _leet_changes("sh1t") and _leet_changes("wow!!")


@pytest.mark.parametrize(
    "text", ["f u c k this", "sh1t", "fuuuuck", "a!b!c", "s-h-i-t", "$hit", "@ss"]
)
def test_evasions_still_get_their_views(text):
    norm = NormalisedText(text)
    assert _may_be_obfuscated(norm.clean.text)
    assert norm.deobfuscated


def _pattern_rules(patterns: list[str]) -> RuleSet:
    return RuleSet.build(
        CompiledRule(
            id=index + 1,
            category="spam",
            sub_reason="",
            name=f"pattern {index}",
            kind="regex",
            parameters={"pattern": pattern},
        )
        for index, pattern in enumerate(patterns)
    )


PATTERNS = [r"\bbuy now\b", r"free (?:cash|money)", r"\d{3}-\d{4}", r"x*", r"(?:a|b)+c"]


def test_the_set_names_exactly_the_patterns_that_match():
    found = PatternSet(PATTERNS).matching("BUY NOW and call 555-1234".lower().encode())
    assert found == {0, 2, 3}  # x* matches the empty string anywhere
    assert PatternSet([]).matching(b"anything") is None


@FAST
@given(ANY_TEXT)
def test_patterns_found_through_the_set_are_those_found_one_by_one(text):
    with_set = _pattern_rules(PATTERNS)
    without = _pattern_rules(PATTERNS)
    without.pattern_set = None
    found = detect_patterns(Document(text, with_set, Context()))
    assert found == detect_patterns(Document(text, without, Context()))


def test_a_set_too_large_to_build_runs_every_pattern(monkeypatch):
    monkeypatch.setattr(pattern_engine, "SET_MAX_MEMORY", 1 << 10)
    rules = _pattern_rules(PATTERNS)
    assert rules.pattern_set is not None and rules.pattern_set.matching(b"buy now") is None
    [candidate] = detect_patterns(Document("Buy now!", rules, Context()))
    assert candidate.rule_id == 1


def test_a_set_that_cannot_tell_runs_every_pattern():
    """RE2 answers "no match" when a Set's DFA runs out of memory: the always-matching
    member tells that answer from a real one."""
    pattern_set = PatternSet(PATTERNS)
    assert pattern_set._set is not None

    class OutOfMemory:
        def Match(self, data):  # noqa: N802 - RE2's own method name
            return []

    pattern_set._set = OutOfMemory()
    assert pattern_set.matching(b"buy now") is None


@pytest.mark.django_db
def test_the_rule_set_is_built_again_only_when_a_rule_changed(supervisor, site):
    from moderation.flagging.rules import ruleset_load
    from moderation.models import FlagRule
    from moderation.rules.services import flag_rule_set_active, flag_rule_update

    first = ruleset_load()
    assert ruleset_load() is first  # nothing changed: the same compiled set
    rule = FlagRule.objects.filter(active=True, kind="keywords").order_by("pk").first()
    flag_rule_set_active(actor=supervisor, rule=rule, active=False)
    without = ruleset_load()
    assert without is not first and rule.pk not in {r.id for r in without.rules}
    flag_rule_set_active(actor=supervisor, rule=rule, active=True)
    flag_rule_update(actor=supervisor, rule=rule, sites=[site])
    moved = ruleset_load()
    assert moved is not first
    assert next(r for r in moved.rules if r.id == rule.pk).site_ids == {site.pk}

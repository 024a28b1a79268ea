"""Normalisation defeats the usual evasions and maps every match back to the original text."""

from __future__ import annotations

import pytest

from moderation.flagging.normalize import NormalisedText, clean_view, normalise_term


def _find(text: str, word: str) -> str | None:
    """The original characters behind `word` in the first view that contains it."""
    norm = NormalisedText(text)
    for view in norm.keyword_views:
        padded = f" {view.text} "
        at = padded.find(f" {word} ")
        if at >= 0:
            start, end = view.original_span(at, at + len(word))
            return text[start:end]
    return None


@pytest.mark.parametrize(
    ("text", "word", "original"),
    [
        ("What the FUCK", "fuck", "FUCK"),  # casefold
        ("ｆｕｃｋ this", "fuck", "ｆｕｃｋ"),  # NFKC: full-width letters
        ("f\u200bu\u200bc\u200bk", "fuck", "f\u200bu\u200bc\u200bk"),  # zero-width spaces
        ("f\u0301u\u0308c\u0327k it", "fuck", "f\u0301u\u0308c\u0327k"),  # combining marks
        ("sh1t show", "shit", "sh1t"),  # leetspeak 1 -> i
        ("b3 c00l", "be", "b3"),  # 3 -> e
        ("@sshole", "asshole", "@sshole"),  # @ -> a
        ("$hit", "shit", "$hit"),  # $ -> s
        ("sh!t happens", "shit", "sh!t"),  # ! -> i inside a word
        ("a55 clown", "ass", "a55"),  # 5 -> s
        ("7ax", "tax", "7ax"),  # 7 -> t
        ("h4te", "hate", "h4te"),  # 4 -> a
        ("1ame", "lame", "1ame"),  # 1 -> l is tried too
        ("fuuuuuck", "fuck", "fuuuuuck"),  # runs of 3+ collapse to one ...
        ("asssss", "ass", "asssss"),  # ... and to two
        ("f u c k you", "fuck", "f u c k"),  # spaced out
        ("f.u.c.k you", "fuck", "f.u.c.k"),  # dotted
        ("f-u-c-k you", "fuck", "f-u-c-k"),  # hyphenated
        ("f . u . c . k", "fuck", "f . u . c . k"),
    ],
)
def test_each_evasion_is_undone_and_mapped_back(text, word, original):
    assert _find(text, word) == original


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Prop 36 costs $20", "props"),
        ("wow!", "wowi"),  # a closing "!" is punctuation
        ("I paid $20", "so"),  # "$20" is a price, never "so"
        ("class act", "ass"),  # whole words only
        ("a hole in the road", "asshole"),
    ],
)
def test_numbers_and_punctuation_are_not_misread(text, word):
    assert _find(text, word) is None


def test_clean_view_collapses_whitespace_and_straightens_quotes():
    view = clean_view("  Don\u2019t   pay\n\nyour  bill ")
    assert view.text == "don't pay your bill"
    start, end = view.original_span(0, len(view.text))
    assert (start, end) == (2, 25)


def test_terms_are_normalised_like_text():
    assert normalise_term("Don't pay your WATER bill!") == "don t pay your water bill"
    assert normalise_term("Measure A") == "measure a"

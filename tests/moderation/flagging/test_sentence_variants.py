"""A held-down letter or leetspeak inside a word no longer hides a threat, a hostile
generalisation, sexual content or spam from the detectors that read sentences and shapes
(`NormalisedText.sentence_variants`, run by `classify_text`): the flag's evidence still points
at the text as written, and ordinary elongation ("sooo happy", "noooo") or numbers ("5pm",
"1st street", "wow!!") stay clean and cost nothing."""

from __future__ import annotations

import pytest

from moderation.flagging.engine import classify_text, predicted_categories
from moderation.flagging.normalize import NormalisedText
from tests.moderation.flagging.support import default_ruleset

RULES = default_ruleset()


def categories(text: str) -> set[str]:
    return predicted_categories(classify_text(text, rules=RULES))


@pytest.mark.parametrize(
    ("held_down", "plain", "category"),
    [
        ("im gonna kiiiill you", "im gonna kill you", "threat"),
        ("you should diiiie", "you should die", "threat"),
        ("someone should shoooot him", "someone should shoot him", "threat"),
        ("I will k1ll you tonight", "I will kill you tonight", "threat"),
        ("immigrants are aaaanimals", "immigrants are animals", "discrimination"),
        ("muslims are v3rmin", "muslims are vermin", "discrimination"),
        ("send me nuuuudes", "send me nudes", "sexual"),
    ],
)
def test_a_held_down_letter_or_leet_does_not_hide_what_the_plain_text_shows(
    held_down, plain, category
):
    assert category in categories(plain)  # the shape itself is read
    assert category in categories(held_down)


def test_the_evidence_points_at_the_text_as_written():
    text = "ok so im gonna kiiiill you after the meeting"
    (threat,) = [c for c in classify_text(text, rules=RULES) if c.category == "threat"]
    spans = threat.spans
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert any("kiiiill" in s["text"] for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "Sooo happy the park reopened, thank you!!",
        "Noooo, the library closes at 5pm on the 1st?",
        "Wow!! The new crosswalk on 3rd street is great",
        "Yesss the street sweeping schedule is finally online",
        "The b@ke sale is at the community center on Saturday",
    ],
)
def test_ordinary_elongation_and_numbers_stay_clean(text):
    assert categories(text) == set()


def test_only_texts_with_an_evasion_get_variants():
    assert NormalisedText("The council meets at 5pm on the 1st, wow!!").sentence_variants == []
    assert NormalisedText("@stanton_city thanks").sentence_variants == []
    variants = [v.text for v in NormalisedText("im gonna kiiilll u").sentence_variants]
    assert "im gonna kill u" in variants  # vowels to one, the rest to two
    assert "im gonna kil u" in variants and "im gonna kiill u" in variants
    (leet,) = NormalisedText("sh00t them").sentence_variants
    assert leet.text == "shoot them"
    assert leet.original_span(0, 5) == (0, 5)

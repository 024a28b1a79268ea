"""Misspelt rule words are read as meant (moderation/flagging/typos.py): one edit away, same
first letter, never an English word, never a word joined to an apostrophe; the evidence points
at the word as written."""

from __future__ import annotations

import pytest

from moderation.flagging.engine import classify_text, predicted_categories
from moderation.flagging.normalize import clean_view
from moderation.flagging.typos import TypoIndex, one_edit_apart, typo_index, typo_view
from tests.moderation.flagging.support import default_ruleset

RULES = default_ruleset()
INDEX = typo_index(RULES)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("shoud", "should", True),  # a letter dropped
        ("shoulld", "should", True),  # one added
        ("shuold", "should", True),  # two neighbours swapped
        ("shovld", "should", True),  # one changed
        ("should", "should", False),
        ("shd", "should", False),
        ("sohlud", "should", False),  # two edits
    ],
)
def test_one_edit_apart(a, b, expected):
    assert one_edit_apart(a, b) is expected
    assert one_edit_apart(b, a) is expected


def test_the_index_is_made_once_per_rule_set_from_its_words():
    assert typo_index(RULES) is INDEX
    assert {"should", "immigrants"} <= INDEX.vocabulary
    index = TypoIndex.of([{"terms": ["wouldn't", "colou?r"], "pattern": r"\bcolou?r\b"}])
    assert "wouldn" not in index.vocabulary and "colou" not in index.vocabulary


@pytest.mark.parametrize(
    ("token", "meant"),
    [("shoud", "should"), ("immigrnts", "immigrants"), ("kililng", "killing")],
)
def test_a_misspelt_rule_word_is_read_as_meant(token, meant):
    assert INDEX.correction(token) == meant


@pytest.mark.parametrize("token", ["skill", "should", "hillside", "shoulder", "venmo"])
def test_english_words_and_short_foreign_words_are_left_alone(token):
    assert INDEX.correction(token) in (None, token)


def test_the_view_replaces_whole_words_and_maps_them_back():
    text = "They shoud be shot, couldn't care less"
    view = typo_view(clean_view(text), INDEX, text)
    assert view is not None and view.text == "they should be shot, couldn't care less"
    start = view.text.index("should")
    assert view.original_span(start, start + len("should")) == (5, 10)  # "shoud" as written
    for plain in ("Nothing misspelt in this comment", "Ask Mr Killen, he knows"):
        assert typo_view(clean_view(plain), INDEX, plain) is None  # a capital: a name
    shouted = "KILLIN them all"
    assert typo_view(clean_view(shouted), INDEX, shouted).text == "killing them all"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("all of them shoud be shot", "threat"),
        ("immigrnts are vermin and should leave", "discrimination"),
    ],
)
def test_a_misspelt_word_does_not_hide_the_shape(text, category):
    assert category in predicted_categories(classify_text(text, rules=RULES))


@pytest.mark.parametrize(
    "text",
    [
        "The skill center on Beach Blvd opens at noon",
        "My neighbours were texting about the calle closure",
        "Theyre repaving the shoulder of Katella tomorow",
    ],
)
def test_civic_comments_with_misspellings_stay_clean(text):
    assert predicted_categories(classify_text(text, rules=RULES)) == set()

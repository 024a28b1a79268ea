"""A comment's topic is found with one expression per topic (issue 16: it was one search per
word, 87 a comment); the answer is the one word-by-word search gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.responses.detect import TOPICS, _topic


def _topic_word_by_word(text: str) -> str:
    best, best_at = "", len(text) + 1
    for topic, words in TOPICS.items():
        for word in words:
            pattern = rf"(?<![a-z])(?:re)?{re.escape(word)}(?:s|es|ed|ing|d)?(?![a-z])"
            match = re.search(pattern, text)
            if match and match.start() < best_at:
                best, best_at = topic, match.start()
    return best


TOPIC_WORDS = sorted({word for words in TOPICS.values() for word in words})
PIECES = st.sampled_from([*TOPIC_WORDS, "re", "s", "ing", "ed", " ", "x", "the", ",", "?"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_topic_is_the_one_a_search_word_by_word_finds(text):
    assert _topic(text) == _topic_word_by_word(text)


def test_the_first_topic_mentioned_wins():
    first_topic, first_words = next(iter(TOPICS.items()))
    later_topic, later_words = list(TOPICS.items())[-1]
    text = f"about the {later_words[0]} and the {first_words[0]}"
    assert _topic(text) == later_topic
    assert _topic(f"the {first_words[0]}") == first_topic

"""What the detectors share about one comment: its views, the rules, the context, and lookups
computed once (keyword hits, names, links, phone numbers)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from moderation.flagging.normalize import NormalisedText, View
from moderation.flagging.rules import RuleSet

MAX_SPANS = 20
# The detectors read at most this much of a comment (bodies may be 100,000 characters): it
# bounds one comment's cost. The length rule still sees the full length (`Document.length`).
MAX_CLASSIFY_CHARS = 20_000
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Context:
    """What the classifier may know beyond the text. `evaluate_flagging` has none, so the
    detectors that need it (repetition, Brown Act, per-site rules) stay silent there."""

    site_id: int | None = None
    recent_texts: tuple[str, ...] = ()  # the same account's other comments within the window
    is_legislative_body_member: bool = False
    # The City's post the comment answers, and its thread's other comments (batch.py loads
    # them in bulk); `topic` is their TF-IDF profile (detectors/relevance.py), built once per
    # post and shared by the post's comments.
    post_id: int | None = None
    post_text: str = ""
    thread_texts: tuple[str, ...] = field(default=(), repr=False)
    topic: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Hit:
    term: str
    start: int  # in the original text
    end: int


class Document:
    def __init__(self, text: str, rules: RuleSet, context: Context):
        self.original = text
        self.length = len(text)
        self.text = text[:MAX_CLASSIFY_CHARS]
        self.rules = rules
        self.context = context
        self.norm = NormalisedText(text)

    def variant(self, clean: View) -> Document:
        """This comment read through another clean view (`NormalisedText.sentence_variants`):
        the same text, rules and context, and spans still in the original. The offensiveness
        model's score, if already known, is shared: it reads the text as written."""
        other = Document(self.original, self.rules, self.context)
        other.norm = NormalisedText.with_clean(self.original, clean)
        if "_profanity_probability" in self.__dict__:
            other.__dict__["_profanity_probability"] = self.__dict__["_profanity_probability"]
        return other

    def span(self, start: int, end: int) -> dict:
        return {"start": start, "end": end, "text": self.text[start:end]}

    def spans(self, ranges) -> list[dict]:
        """Spans for the evidence: overlapping ranges merged, at most MAX_SPANS."""
        merged: list[list[int]] = []
        for start, end in sorted(set(ranges)):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [self.span(s, e) for s, e in merged[:MAX_SPANS]]

    def view_span(self, view: View, start: int, end: int) -> tuple[int, int]:
        return view.original_span(start, end)

    def in_question(self, offset: int) -> bool:
        """Whether the sentence around `offset` ends with a question mark."""
        match = re.compile(r"[.!?\n]").search(self.text, offset)
        return bool(match) and match.group() == "?"

    @cached_property
    def digit_count(self) -> int:
        """How many digits (`\\d`: any decimal digit) the text has: a card number needs 12
        or more, an IBAN and an IP address several, and most comments have almost none."""
        return len(_DIGIT.findall(self.text))

    @cached_property
    def word_starts(self) -> list[int]:
        return [m.start() for m in re.finditer(r"\S+", self.text)]

    def word_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.word_starts, offset) - 1)

    @cached_property
    def keyword_hits(self) -> dict[int, list[Hit]]:
        """Rule index -> distinct hits of its terms, in every keyword view."""
        found: dict[int, set[Hit]] = {}
        site_id = self.context.site_id
        automaton = self.rules.keyword_automaton
        if automaton is not None:
            for view in self.norm.keyword_views:
                for hit, indexes in _iter_matches(automaton, view):
                    for index in indexes:
                        if self.rules.rules[index].applies_to(site_id):
                            found.setdefault(index, set()).add(hit)
        return {index: sorted(hits, key=lambda h: h.start) for index, hits in found.items()}

    @cached_property
    def name_hits(self) -> dict[str, list[tuple[int, Hit]]]:
        """Names list key -> (rule index, hit) for every name mentioned."""
        found: dict[str, set[tuple[int, Hit]]] = {}
        site_id = self.context.site_id
        for key, automaton in self.rules.name_automata.items():
            for hit, indexes in _iter_matches(automaton, self.norm.words):
                for index in indexes:
                    if self.rules.rules[index].applies_to(site_id):
                        found.setdefault(key, set()).add((index, hit))
        return {key: sorted(hits, key=lambda h: h[1].start) for key, hits in found.items()}


def _iter_matches(automaton, view: View):
    """Whole-word matches only: the characters either side must be a space or an edge."""
    text = view.text
    n = len(text)
    for end, (term, indexes) in automaton.iter(text):
        start = end - len(term) + 1
        if start > 0 and text[start - 1] != " ":
            continue
        if end + 1 < n and text[end + 1] != " ":
            continue
        s, e = view.original_span(start, end + 1)
        yield Hit(term, s, e), indexes

"""Sentences, words and word-list phrases for the harm detectors (threats, hate, sexual).

The harm detectors read a comment sentence by sentence, as words: a threat is a target and a
harm verb in one sentence, a generalisation is a group and a trait in one sentence. Words are
read from the `clean` view (casefolded, NFKC) with their offsets in it, so spans map back to
the original comment. Everything here is one pass over the text and dictionary lookups:
linear in the comment, whatever the lists hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from moderation.flagging.document import Document

WORD = re.compile(r"[a-z0-9]+(?:['*!@$][a-z0-9*]+)*|[@$#]+[a-z]+|=")
# Leetspeak inside a word that has at least two letters ("k!ll", "sh00t", "r4pe", "d1e"),
# read as letters; numbers, "5th" and "@handles" stay as written.
LEET_WORD = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
LEET_CHARS = frozenset("013457@$!")
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|s|am|pm|k|m|x)")
# A "!" inside a word is a letter in disguise ("k!ll"), not the end of a sentence.
SENTENCE_END = re.compile(
    r"[.?;\n][.!?;\n]*|!+(?![a-z])[.!?;\n]*|(?<![a-z])![.!?;\n]*|\s[-–—]\s"
    r"|,\s+(?=(?:and|but|so)\s)"
)
# A sentence is read in words; a very long "sentence" is read in chunks of this many words.
MAX_SENTENCE_WORDS = 80


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]
    starts: tuple[int, ...]  # offsets of each word in the clean view
    ends: tuple[int, ...]
    text: str  # the words joined by single spaces

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Clean-view offsets of words[first:last]."""
        return self.starts[first], self.ends[last - 1]


def sentences_of(doc: Document) -> list[Sentence]:
    """The comment's sentences (cached on the document: three detectors read them)."""
    cached = doc.__dict__.get("_harm_sentences")
    if cached is None:
        cached = list(_sentences(doc.norm.clean.text))
        doc.__dict__["_harm_sentences"] = cached
    return cached


def _sentences(text: str) -> Iterable[Sentence]:
    position = 0
    pieces = []
    for match in SENTENCE_END.finditer(text):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(text)))
    for start, end in pieces:
        found = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text, start, end)]
        for chunk in range(0, len(found), MAX_SENTENCE_WORDS):
            part = found[chunk : chunk + MAX_SENTENCE_WORDS]
            if part:
                words = tuple(_word(w) for w, _, _ in part)
                yield Sentence(
                    words,
                    tuple(s for _, s, _ in part),
                    tuple(e for _, _, e in part),
                    " ".join(words),
                )


def _word(word: str) -> str:
    # "'em" and "em" alike, "mayor's" and "mayor" alike; "f*ck" stays as written.
    word = word.strip("'")
    if (
        LEET_CHARS.intersection(word)
        and sum(ch.isalpha() for ch in word) >= 2
        and word[0] not in "@$"
        and not ORDINAL.fullmatch(word)
    ):
        word = word.translate(LEET_WORD)
    if "*" in word:
        word = MASKED.get(word, word)
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word


# Words written with asterisks for some letters ("f*ck", "k*ll", "r*pe"), read as the word
# when the letters shown fit exactly one of these.
MASKABLE = [
    *("fuck", "fucking", "fucked", "fucker", "shit", "bitch", "cunt", "dick", "cock", "pussy"),
    *("slut", "whore", "kill", "killed", "rape", "raped", "nigger", "nigga", "faggot", "fag"),
    "retard",
]


def _masked_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for target in MASKABLE:
        n = len(target)
        # Each way of hiding one or more inner letters (first and last letters shown).
        for mask in range(1, 1 << (n - 2)):
            chars = list(target)
            for bit in range(n - 2):
                if mask >> bit & 1:
                    chars[bit + 1] = "*"
            table.setdefault("".join(chars), target)
    return table


MASKED = _masked_table()


class Lexicon:
    """Phrases (one or more words) looked up by their first word; longest match wins."""

    def __init__(self, phrases: Iterable[str]):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(_word(w) for w in WORD.findall(phrase.casefold()))
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        for options in self.by_first.values():
            options.sort(key=len, reverse=True)

    def at(self, words: tuple[str, ...], index: int, limit: int | None = None) -> int:
        """The length of the longest phrase starting at words[index] and ending by `limit`
        (0: none)."""
        limit = len(words) if limit is None else limit
        for phrase in self.by_first.get(words[index], ()):
            if index + len(phrase) <= limit and words[index : index + len(phrase)] == phrase:
                return len(phrase)
        return 0

    def find(
        self, words: tuple[str, ...], lo: int = 0, hi: int | None = None
    ) -> list[tuple[int, int]]:
        """(start, end) of each phrase found in words[lo:hi], left to right, not overlapping."""
        hi = len(words) if hi is None else min(hi, len(words))
        found = []
        index = max(0, lo)
        while index < hi:
            length = self.at(words, index, hi)
            if length:
                found.append((index, index + length))
                index += length
            else:
                index += 1
        return found

    def any_in(self, words: tuple[str, ...], lo: int = 0, hi: int | None = None) -> bool:
        return bool(self.find(words, lo, hi))

    @cached_property
    def single_words(self) -> frozenset[str]:
        return frozenset(p[0] for ps in self.by_first.values() for p in ps if len(p) == 1)


def word_set(words: str) -> frozenset[str]:
    """A set of single words written as one string ("you u ya him her")."""
    return frozenset(words.split())


def quoted(doc: Document, ranges: list[tuple[int, int]]) -> str:
    return ", ".join(f"“{doc.text[s:e]}”" for s, e in sorted(set(ranges))[:5])


def original_ranges(doc: Document, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    clean = doc.norm.clean
    return [clean.original_span(s, e) for s, e in ranges if e > s]

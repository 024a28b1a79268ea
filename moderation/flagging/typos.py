"""Misspelt words read as the rule word they were meant to be ("shoud be shot", "immigrnts").

The rules' own vocabulary (every word of five letters or more in any active rule's word
lists, and the English ones in its patterns and signal shapes) is indexed once per rule set by
its one-letter deletions (the "symmetric delete" way of finding words one edit apart). A word
of a comment is read as a vocabulary word when:
- it is five letters or more and neither a vocabulary word nor an English word (the English
  frequency list of `pyspellchecker`, 160,000 words: "skill" stays "skill");
- exactly that vocabulary word, or the most frequent of several in English, is one edit away:
  a letter dropped, added, changed, or two neighbours swapped;
- both begin with the same letter (people rarely mistype the first one);
- the vocabulary word is English, or seven letters or more.

Left alone: words joined to an apostrophe ("couldn't"), and words written with a capital and
then small letters, as names are ("Mr. Killen" is not "killed"; "KILLIN" in capitals is
read).

`typo_view` returns the comment's clean view with those words replaced, each replacement
mapped to the whole misspelt word in the original, or None when nothing is replaced (most
comments): `classify_text` then runs the sentence-reading detectors on it as on the other
variants (`NormalisedText.sentence_variants`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from moderation.flagging.normalize import View

MIN_LENGTH = 5
# Whole words of MIN_LENGTH letters or more: "couldn" of "couldn't" is not one.
_WORD = re.compile(r"(?<![a-z'])[a-z]{5,}(?![a-z'])")
_TOKEN = re.compile(r"(?<![^\W\d_]|['’])[^\W\d_]{5,}(?![^\W\d_]|['’])")  # MIN_LENGTH
# A vocabulary word that is not English is a candidate only when this long: "vendo" (a sales
# word in Spanish) is too close to "venmo" to be read from it.
MIN_FOREIGN_CANDIDATE = 7
_REGEX_SYNTAX = re.compile(r"[\\()\[\]?*+{}|^$]")


@cache
def english_words() -> dict[str, int]:
    """pyspellchecker's English word frequencies (loaded once, about 0.1 s)."""
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit_apart(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (a letter dropped, added, changed, or two
    neighbours swapped)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@dataclass(frozen=True)
class TypoIndex:
    vocabulary: frozenset[str]
    by_deletion: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, parameter_sets) -> TypoIndex:
        english = english_words()
        vocabulary = frozenset(
            word
            for parameters in parameter_sets
            for text in _strings(parameters)
            # A pattern's pieces are words only when English ones: "colou?r" holds no "colou".
            for word in _WORD.findall(text.lower())
            if word in english or not _REGEX_SYNTAX.search(text)
        )
        index: dict[str, set[str]] = defaultdict(set)
        for word in vocabulary:
            index[word].add(word)
            for key in _deletions(word):
                index[key].add(word)
        return cls(vocabulary, {key: tuple(sorted(words)) for key, words in index.items()})

    def correction(self, token: str) -> str | None:
        """The vocabulary word a misspelt `token` (lower case) stands for, if any."""
        english = english_words()
        if token in self.vocabulary or token in english:
            return None
        found = {
            word
            for key in (token, *_deletions(token))
            for word in self.by_deletion.get(key, ())
            if word[0] == token[0]
            and (word in english or len(word) >= MIN_FOREIGN_CANDIDATE)
            and one_edit_apart(token, word)
        }
        if not found:
            return None
        return max(sorted(found), key=lambda word: english.get(word, 0))


def typo_index(rules) -> TypoIndex:
    """The index of a rule set's vocabulary, built once per rule set."""
    index = rules.__dict__.get("_typo_index")
    if index is None:
        index = TypoIndex.of(rule.parameters for rule in rules.rules)
        rules.__dict__["_typo_index"] = index
    return index


def typo_view(clean: View, index: TypoIndex, original: str) -> View | None:
    """`clean` (the clean view of `original`) with its misspelt rule words replaced, or None
    when it has none."""
    text = clean.text
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    changed = False
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        written = original[clean.starts[start] : clean.ends[end - 1]]
        if written[:1].isupper() and not written.isupper():
            continue  # a name
        word = index.correction(match.group().lower())
        if word is None:
            continue
        changed = True
        chars.extend(text[position:start])
        starts.extend(clean.starts[position:start])
        ends.extend(clean.ends[position:start])
        first, last = clean.starts[start], clean.ends[end - 1]
        chars.extend(word)
        starts.extend([first] * len(word))
        ends.extend([last] * len(word))
        position = end
    if not changed:
        return None
    chars.extend(text[position:])
    starts.extend(clean.starts[position:])
    ends.extend(clean.ends[position:])
    return View("".join(chars), tuple(starts), tuple(ends))

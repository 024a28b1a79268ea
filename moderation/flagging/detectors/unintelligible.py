"""Unintelligible text: keyboard mashing and random characters.

A token is "word-like" when it has a vowel (or is a short abbreviation such as "smh"), no run
of five consonants, no letter four times in a row, no keyboard-row sequence ("asdf"), and,
if it is long, mostly letter trigrams that English words use (data/english_trigrams.txt).
A comment is flagged only when it has enough letters and most of its letters sit in tokens
that are not word-like. Short replies ("ok", "👍", "Thanks!") and text in other scripts are
never flagged.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate

VOWELS = set("aeiouy")
CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
REPEAT_RUN = re.compile(r"([a-z])\1{3,}")
# Keyboard-row runs, and letter pairs no English (or Spanish, Vietnamese, Tagalog) word uses.
KEYBOARD_ROWS = (
    "asdf",
    "sdfg",
    "dfgh",
    "fghj",
    "ghjk",
    "hjkl",
    "qwer",
    "zxcv",
    "xcvb",
    "cvbn",
    "vbnm",
    "yuiop",
    "wxyz",
    "qw",
    "zx",
    "xz",
    "jq",
    "qj",
    "jx",
    "xj",
    "vq",
    "qv",
)
TOKEN = re.compile(r"[a-z]+")
ASCII_LETTER = re.compile(r"[a-z]")
TRIGRAMS_FILE = Path(__file__).resolve().parent.parent / "data" / "english_trigrams.txt"


@cache
def english_trigrams() -> frozenset[str]:
    lines = TRIGRAMS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.replace("_", " ") for line in lines if line and not line.startswith("#"))


def unseen_trigram_share(token: str) -> float:
    """Share of the token's letter trigrams (edges included) never seen in English words."""
    padded = f" {token} "
    grams = [padded[i : i + 3] for i in range(len(padded) - 2)]
    known = english_trigrams()
    return sum(1 for g in grams if g not in known) / len(grams)


@lru_cache(maxsize=65_536)  # a pure function of a token, and comments share their words
def token_is_wordlike(token: str) -> bool:
    # Emphasis is human ("sooooo", "nooooo"): judge the word with its runs collapsed, but a
    # token that is one letter held down ("zzzzzzzz") is not a word.
    collapsed = REPEAT_RUN.sub(r"\1", token)
    if collapsed != token:
        return len(set(collapsed)) > 1 and token_is_wordlike(collapsed)
    if len(token) <= 4:
        return True  # "ok", "smh", "tbh", "st", "hoa"
    if not VOWELS.intersection(token):
        return False
    if CONSONANT_RUN.search(token):
        return False
    if any(row in token for row in KEYBOARD_ROWS):
        return False
    # Long tokens made mostly of letter sequences English never uses ("qwpoeiru").
    return len(token) < 6 or unseen_trigram_share(token) < 0.6


def detect_unintelligible(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("unintelligible", doc.context.site_id)
    if rule is None:
        return []
    clean = doc.norm.clean
    letters = sum(map(str.isalpha, clean.text))
    min_letters = rule.settings.min_letters
    if letters < min_letters:
        return []
    ascii_letters = len(ASCII_LETTER.findall(clean.text))
    if ascii_letters < 0.7 * letters:
        return []  # another script: not ours to judge by these measures
    mash = []
    total = 0
    for match in TOKEN.finditer(clean.text):
        token = match.group()
        total += len(token)
        if not token_is_wordlike(token):
            mash.append(match)
    mash_letters = sum(len(m.group()) for m in mash)
    share = mash_letters / total if total else 0.0
    threshold = rule.settings.mash_share
    if share < threshold or mash_letters < min_letters:
        return []
    ranges = [clean.original_span(m.start(), m.end()) for m in mash]
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason or "unintelligible",
            detector="unintelligible",
            score=round(min(0.95, 0.55 + 0.4 * share), 3),
            explanation=f"{share:.0%} of the letters are in tokens that do not look like words "
            "(no vowels, long consonant runs, repeated or keyboard-row letters).",
            spans=doc.spans(ranges),
            rule_id=rule.id,
        )
    ]

"""Patterns (FlagRule kind `regex`), run with RE2 on the `clean` view (casefolded, NFKC,
invisible characters removed), with optional exclusions: phrases just before a match
(`exclude_context`: quoted news, negation) and what follows a named group
(`not_followed_by`, RE2's stand-in for a negative look-ahead).

Bounded: a pattern reads at most MAX_MATCH_CHARS characters of the comment and looks at most
MAX_MATCHES_PER_PATTERN matches; RE2 itself matches in time linear in the text."""

from __future__ import annotations

import re

from moderation.flagging.document import Document
from moderation.flagging.pattern_engine import MAX_MATCH_CHARS, MAX_MATCHES_PER_PATTERN, Pattern
from moderation.flagging.services import FlagCandidate


def _excluded(
    clean: str, start: int, end: int, excludes: tuple[str, ...], context_chars: int
) -> str:
    before = clean[max(0, start - context_chars) : end]
    for phrase in excludes:
        phrase = phrase.casefold().strip()
        # A literal phrase (re.escape), so Python's re cannot backtrack here.
        if phrase and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", before):
            return phrase
    return ""


def _followed_by_exclusion(
    data: bytes, match, pattern: Pattern, exclusions: dict[str, Pattern]
) -> bool:
    """Whether the text right after one of the named groups starts with its exclusion."""
    for group, exclusion in exclusions.items():
        index = pattern.groupindex.get(group)
        if index is None:
            continue
        position = match.end(index)
        if position < 0:
            continue  # the group did not take part in this match
        if exclusion.match(data, position) is not None:
            return True
    return False


def _char_offsets(text: str, data: bytes) -> list[int] | None:
    """Byte offset -> character offset, for text that is not plain ASCII (None: identity)."""
    if len(data) == len(text):
        return None
    offsets: list[int] = []
    for index, ch in enumerate(text):
        offsets.extend([index] * len(ch.encode("utf-8")))
    offsets.append(len(text))
    return offsets


def pattern_matches(
    text: str,
    pattern: Pattern,
    exclusions: dict[str, Pattern],
    encoded: tuple[bytes, list[int] | None] | None = None,
) -> list[tuple[int, int]]:
    """Non-empty matches of `pattern` in `text` (character offsets), those followed by an
    exclusion left out.

    RE2 reads UTF-8 bytes; the text is encoded once and every search starts from a byte
    offset, so one comment costs a bounded number of linear passes. After an excluded match
    the search resumes one character later (as a failed look-ahead lets the engine try the
    next position), not after the whole match. `encoded`: the text's `_encoded` form, when
    the caller runs several patterns over one text."""
    data, offsets = encoded or _encoded(text)
    found: list[tuple[int, int]] = []
    position = 0
    looked = 0
    length = len(data)
    while position <= length and looked < MAX_MATCHES_PER_PATTERN:
        match = pattern.search(data, position)
        if match is None:
            break
        looked += 1
        start, end = match.start(), match.end()
        if exclusions and _followed_by_exclusion(data, match, pattern, exclusions):
            position = _next_char(data, start)
            continue
        if end > start:
            found.append((start, end) if offsets is None else (offsets[start], offsets[end]))
            position = end
        else:
            position = _next_char(data, start)
    return found


def _encoded(text: str) -> tuple[bytes, list[int] | None]:
    data = text.encode("utf-8")
    return data, _char_offsets(text, data)


def _next_char(data: bytes, position: int) -> int:
    """The byte offset of the character after the one at `position` (UTF-8)."""
    position += 1
    while position < len(data) and (data[position] & 0xC0) == 0x80:
        position += 1
    return position


def clean_encoded(doc: Document) -> tuple[str, tuple[bytes, list[int] | None]]:
    """The `clean` text patterns read (its first MAX_MATCH_CHARS characters) and its UTF-8
    form, made once per comment for every detector that runs patterns."""
    cached = getattr(doc, "_clean_encoded", None)
    if cached is None:
        text = doc.norm.clean.text[:MAX_MATCH_CHARS]
        cached = doc._clean_encoded = (text, _encoded(text))
    return cached


def detect_patterns(doc: Document) -> list[FlagCandidate]:
    candidates = []
    clean = doc.norm.clean
    text, encoded = clean_encoded(doc)
    site_id = doc.context.site_id
    pattern_set = doc.rules.pattern_set
    # One pass of the Set says which patterns match at all (None: run them all).
    matching = pattern_set.matching(encoded[0]) if pattern_set is not None else None
    for member, (index, pattern, exclusions) in enumerate(doc.rules.patterns):
        if matching is not None and member not in matching:
            continue
        rule = doc.rules.rules[index]
        if not rule.applies_to(site_id):
            continue
        settings = rule.settings
        ranges = []
        for start, end in pattern_matches(text, pattern, exclusions, encoded):
            if settings.exclude_context and _excluded(
                text, start, end, settings.exclude_context, settings.context_chars
            ):
                continue
            ranges.append(clean.original_span(start, end))
        if not ranges:
            continue
        quoted = ", ".join(f"“{doc.text[s:e]}”" for s, e in sorted(set(ranges))[:5])
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason,
                detector=settings.detector or "pattern",
                score=rule.score,
                explanation=f"Matched the pattern “{rule.name}”: {quoted}.",
                spans=doc.spans(ranges),
                rule_id=rule.id,
            )
        )
    return candidates
